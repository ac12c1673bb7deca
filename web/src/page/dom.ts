// The few DOM operations the page needs. Views arrive as virtual trees (web/src/render) and are
// mounted with createElement/createTextNode only; no markup string is ever parsed.

import { toDom, type VNode } from '../render/vnode';

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page is missing #${id}`);
  return el as T;
}

/** Replaces the container's content with the rendered view. */
export function mount(container: Element, view: VNode | VNode[]): void {
  const nodes = (Array.isArray(view) ? view : [view]).map((v) => toDom(v, document));
  container.replaceChildren(...nodes);
}

export function setText(el: Element, value: string): void {
  el.textContent = value;
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  o.selected = selected;
  return o;
}

/**
 * Arrow-key movement between highlighted spans: each highlighted text is one tab stop, and
 * ←/→ (Home/End) walk its words, so a long text does not add hundreds of tab stops.
 */
export function enableRovingFocus(root: Pick<EventTarget, 'addEventListener'>): void {
  root.addEventListener('keydown', (event) => {
    const e = event as KeyboardEvent;
    const current = e.target as HTMLElement;
    if (!current.classList?.contains('ig-span')) return;
    const container = current.closest('.ig-text');
    if (!container) return;
    const spans = Array.from(container.querySelectorAll<HTMLElement>('.ig-span'));
    const i = spans.indexOf(current);
    let next = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(spans.length - 1, i + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = spans.length - 1;
    if (next < 0 || next === i) return;
    e.preventDefault();
    current.tabIndex = -1;
    spans[next].tabIndex = 0;
    spans[next].focus();
  });
}

/** Writes the hovered or focused span's description into its view's readout line. */
export function enableScoreReadout(root: Pick<EventTarget, 'addEventListener'>): void {
  const show = (event: Event) => {
    const span = (event.target as HTMLElement).closest?.('.ig-span') as HTMLElement | null;
    if (!span) return;
    const readout = span.closest('.ig-highlights')?.querySelector('.ig-readout');
    if (readout) readout.textContent = span.title;
  };
  root.addEventListener('focusin', show);
  root.addEventListener('mouseover', show);
}

/**
 * The row choice of a result with several rows (render/focus.ts): a click (or Enter/Space) on a
 * [data-focus-row] button calls `choose`, which draws the view again; keyboard focus then goes
 * to the same button in the new view instead of being lost with the old one.
 */
export function enableFocusChoice(root: ParentNode & Pick<EventTarget, 'addEventListener'>, choose: (key: string) => void): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest?.('button[data-focus-row]') as HTMLButtonElement | null;
    const key = button?.dataset.focusRow;
    if (key === undefined) return;
    choose(key);
    const again = Array.from(root.querySelectorAll<HTMLButtonElement>('button[data-focus-row]')).find((b) => b.dataset.focusRow === key);
    again?.focus();
  });
}

/** Saves text as a file through a temporary object URL (no server round trip). */
export function download(filename: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name fragment that is safe on every OS. */
export function fileStem(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'explanation';
}
