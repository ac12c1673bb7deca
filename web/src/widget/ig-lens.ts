/// <reference types="vite/client" />
// <ig-lens model="models/sst2" text="…" target="POSITIVE"></ig-lens>: an explanation embedded
// in any page with one script tag, for every task (attributes.ts lists the task attributes). Styles live in the shadow root (constructed stylesheets, so
// the host page's CSS cannot leak in and a strict CSP needs no inline <style>); the model loads
// only when the element scrolls into view, and elements naming the same model share one load.

import renderCss from '../styles/render.css?inline';
import widgetCss from '../styles/widget.css?inline';
import { IGLens, type Progress } from '../api';
import type { Granularity } from '../render/highlight';
import { toDom, type VNode } from '../render/vnode';
import { enableFocusChoice, enableRovingFocus, enableScoreReadout } from '../page/dom';
import { taskTexts, type ResultView } from '../render/result';
import { everyLabelRows } from '../render/tables';
import { WIDGET_ATTRIBUTES, explainOptions, loadKey, readWidgetConfig, type WidgetConfig } from './attributes';
import { SharedLoads } from './shared-loads';
import { renderWidgetError, renderWidgetFrame, renderWidgetResult } from './view';

const loads = new SharedLoads<IGLens, Progress>();

let sheets: CSSStyleSheet[] | null = null;
function styleSheets(): CSSStyleSheet[] {
  if (!sheets) {
    sheets = [renderCss, widgetCss].map((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      return sheet;
    });
  }
  return sheets;
}

function loadLens(config: WidgetConfig, onProgress: (p: Progress) => void): Promise<IGLens> {
  return loads.get(
    loadKey(config),
    (progress) =>
      IGLens.load(config.model, {
        backend: config.backend,
        onProgress: progress,
        ...(config.assetBase ? { assetBase: config.assetBase } : {}),
      }),
    onProgress,
  );
}

export class IGLensElement extends HTMLElement {
  static get observedAttributes(): string[] {
    return [...WIDGET_ATTRIBUTES];
  }

  private readonly root: ShadowRoot;
  private observer: IntersectionObserver | null = null;
  private visible = false;
  private runs = 0;
  private abort: AbortController | null = null;
  private granularity: Granularity | null = null;
  private view: ResultView | null = null;
  private topK = 5;
  private scheduled = false;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.adoptedStyleSheets = styleSheets();
    this.root.appendChild(toDom(renderWidgetFrame('word'), document));
    this.root.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest?.('button[data-granularity]') as HTMLButtonElement | null;
      if (!button) return;
      this.granularity = button.dataset.granularity === 'token' ? 'token' : 'word';
      this.renderView();
    });
    enableRovingFocus(this.root);
    enableScoreReadout(this.root);
    enableFocusChoice(this.root, (key) => {
      if (this.view) this.view = { ...this.view, focusRow: key };
      this.renderView();
    });
  }

  connectedCallback(): void {
    // Show the starting granularity on the toggle before the model loads.
    if (this.granularity === null && this.getAttribute('granularity')?.trim().toLowerCase() === 'token') {
      this.granularity = 'token';
      this.renderView();
    }
    if (typeof IntersectionObserver === 'undefined') {
      this.becameVisible();
      return;
    }
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.observer?.disconnect();
          this.observer = null;
          this.becameVisible();
        }
      },
      { rootMargin: '200px' },
    );
    this.observer.observe(this);
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.abort?.abort();
  }

  attributeChangedCallback(_name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue !== newValue && this.visible) this.schedule();
  }

  private becameVisible(): void {
    this.visible = true;
    this.schedule();
  }

  /** Attribute changes arrive one by one; they are gathered into one run. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private inner<T extends Element>(selector: string): T {
    return this.root.querySelector(selector) as T;
  }

  private setStatus(message: string): void {
    this.inner<HTMLElement>('.w-status').textContent = message;
  }

  private setProgress(p: Progress | null): void {
    const bar = this.inner<HTMLProgressElement>('.w-progress');
    bar.hidden = p === null;
    if (p && p.total > 0) bar.value = Math.min(1, p.done / p.total);
    else bar.removeAttribute('value');
  }

  private mountBody(node: VNode): void {
    this.inner<HTMLElement>('.w-body').replaceChildren(toDom(node, document));
  }

  private async run(): Promise<void> {
    const run = ++this.runs;
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    let config: WidgetConfig;
    try {
      config = readWidgetConfig((n) => this.getAttribute(n), this.textContent ?? '', document.baseURI);
    } catch (e) {
      this.setStatus('');
      this.mountBody(renderWidgetError((e as Error).message));
      return;
    }
    this.topK = config.topK;
    this.granularity ??= config.granularity;
    let stage = 'load the model';
    try {
      this.setStatus('Loading the model…');
      this.setProgress({ stage: 'loading', done: 0, total: 0 });
      const lens = await loadLens(config, (p) => run === this.runs && this.setProgress(p));
      if (run !== this.runs) return;
      stage = 'explain';
      this.setStatus('Explaining…');
      const explanation = await loads.enqueue(loadKey(config), () => {
        controller.signal.throwIfAborted();
        return lens.explain(config.text, {
          ...explainOptions(config),
          signal: controller.signal,
          onProgress: (p) => run === this.runs && this.setProgress(p),
        });
      });
      if (run !== this.runs) return;
      this.view = {
        ...taskTexts(config.text, config),
        explanation,
        granularity: this.granularity,
        fallbackReason: lens.info.fallbackReason,
        multiLabel: lens.info.task === 'multi-label-classification',
        // Several labels: one row each, the chooser switches between them (render/focus.ts).
        ...(config.target === 'all' || Array.isArray(config.target) ? { perLabel: everyLabelRows(explanation) } : {}),
      };
      this.setStatus('');
      this.renderView();
    } catch (e) {
      if (run !== this.runs || controller.signal.aborted) return;
      this.setStatus('');
      this.mountBody(renderWidgetError(`Could not ${stage}: ${(e as Error).message}`));
    } finally {
      if (run === this.runs) this.setProgress(null);
    }
  }

  private renderView(): void {
    const granularity = this.granularity ?? 'word';
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('button[data-granularity]')) {
      b.setAttribute('aria-pressed', String(b.dataset.granularity === granularity));
    }
    if (!this.view) return;
    this.view = { ...this.view, granularity };
    try {
      this.mountBody(renderWidgetResult(this.view, this.topK));
    } catch (e) {
      this.mountBody(renderWidgetError((e as Error).message));
    }
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('ig-lens')) {
  customElements.define('ig-lens', IGLensElement);
}
