// A tiny virtual node tree. Every view is built as data first, so the same tree becomes live DOM
// (toDom: createElement/createTextNode/setAttribute only — never innerHTML, so user text can
// never become markup) or an escaped HTML string for the standalone snapshot (toHtml). Keeping
// the views as data also lets the tests run in Node without a DOM.

export interface VElement {
  kind: 'element';
  tag: string;
  svg: boolean;
  attrs: Record<string, string>;
  /** Inline style properties, applied with style.setProperty (allowed under style-src 'self'). */
  style: Record<string, string>;
  children: VNode[];
}

export interface VText {
  kind: 'text';
  text: string;
}

export type VNode = VElement | VText;

export type Child = VNode | string | number | null | undefined | false | Child[];

export interface Props {
  class?: string | null | (string | false | null | undefined)[];
  style?: Record<string, string>;
  svg?: boolean;
  [attr: string]: unknown;
}

const NAME = /^[a-zA-Z][a-zA-Z0-9-]*$/;
// Event handler attributes and inline style strings are the two ways markup can run code or
// escape the CSP; views never need them, so they are refused outright.
const FORBIDDEN_ATTR = /^(on|style$|srcdoc$|formaction$)/i;

export function text(value: string): VText {
  return { kind: 'text', text: value };
}

/** Builds an element. Attribute values of false/null/undefined are dropped, true becomes "". */
export function h(tag: string, props: Props | null = null, ...children: Child[]): VElement {
  if (!NAME.test(tag)) throw new Error(`invalid element name "${tag}"`);
  const attrs: Record<string, string> = {};
  let style: Record<string, string> = {};
  let svg = false;
  for (const [key, value] of Object.entries(props ?? {})) {
    if (key === 'style') {
      // Only a property map: a style string would bypass the CSP-safe setProperty path.
      if (value === null || typeof value !== 'object') throw new Error('style must be a map of CSS properties');
      style = { ...(value as Record<string, string>) };
    } else if (key === 'svg') {
      svg = Boolean(value);
    } else if (key === 'class') {
      const names = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value ?? '');
      if (names) attrs.class = names;
    } else if (value !== false && value !== null && value !== undefined) {
      if (!NAME.test(key)) throw new Error(`invalid attribute name "${key}"`);
      if (FORBIDDEN_ATTR.test(key)) throw new Error(`attribute "${key}" is not allowed in views`);
      attrs[key] = value === true ? '' : String(value);
    }
  }
  return { kind: 'element', tag, svg, attrs, style, children: flatten(children) };
}

function flatten(children: Child[], out: VNode[] = []): VNode[] {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) flatten(child, out);
    else if (typeof child === 'string' || typeof child === 'number') out.push(text(String(child)));
    else out.push(child);
  }
  return out;
}

/** The concatenated text of a tree, as element.textContent would give it. */
export function textContent(node: VNode): string {
  return node.kind === 'text' ? node.text : node.children.map(textContent).join('');
}

/** Depth-first search for elements matching a predicate (used by the page and by tests). */
export function findAll(node: VNode, match: (el: VElement) => boolean, out: VElement[] = []): VElement[] {
  if (node.kind === 'element') {
    if (match(node)) out.push(node);
    for (const child of node.children) findAll(child, match, out);
  }
  return out;
}

export function hasClass(el: VElement, name: string): boolean {
  return (el.attrs.class ?? '').split(/\s+/).includes(name);
}

// ---- live DOM -----------------------------------------------------------------------------

/** The part of Document that toDom uses: creating nodes, nothing that parses markup. */
export interface NodeFactory {
  createElement(tag: string): Element;
  createElementNS(ns: string, tag: string): Element;
  createTextNode(data: string): Text;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function toDom(node: VNode, doc: NodeFactory): Node {
  if (node.kind === 'text') return doc.createTextNode(node.text);
  const el = node.svg ? doc.createElementNS(SVG_NS, node.tag) : doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) el.setAttribute(name, value);
  const style = (el as HTMLElement | SVGElement).style;
  for (const [name, value] of Object.entries(node.style)) style.setProperty(name, value);
  for (const child of node.children) el.appendChild(toDom(child, doc));
  return el;
}

// ---- HTML text (snapshot export) ------------------------------------------------------------

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in HTML element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'wbr']);

function styleText(style: Record<string, string>): string {
  return Object.entries(style)
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
}

export function toHtml(node: VNode): string {
  if (node.kind === 'text') return escapeHtml(node.text);
  let attrs = '';
  for (const [name, value] of Object.entries(node.attrs)) attrs += ` ${name}="${escapeHtml(value)}"`;
  const style = styleText(node.style);
  if (style) attrs += ` style="${escapeHtml(style)}"`;
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(toHtml).join('')}</${node.tag}>`;
}
