// Several <ig-lens> elements on one page share one model load: the first one to become visible
// starts it, the others wait on the same promise and all of them hear its progress. A failed
// load is forgotten so that a later attempt (e.g. after the network returns) tries again.

export type ProgressListener<P> = (progress: P) => void;

interface Entry<T, P> {
  promise: Promise<T>;
  listeners: Set<ProgressListener<P>>;
  /** Explanations on one model run one after another, in the order they were asked for. */
  queue: Promise<unknown>;
}

export class SharedLoads<T, P = unknown> {
  private readonly entries = new Map<string, Entry<T, P>>();

  /**
   * The load for `key`: started with `start` by the first caller, shared by every later one
   * (their `start` is not called).
   */
  get(key: string, start: (onProgress: ProgressListener<P>) => Promise<T>, onProgress?: ProgressListener<P>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      const listeners = new Set<ProgressListener<P>>();
      const created: Entry<T, P> = {
        listeners,
        queue: Promise.resolve(),
        promise: Promise.resolve()
          .then(() => start((p) => listeners.forEach((l) => l(p))))
          .finally(() => listeners.clear()),
      };
      created.promise.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
      this.entries.set(key, created);
      entry = created;
    }
    if (onProgress) entry.listeners.add(onProgress);
    return entry.promise;
  }

  /** Runs `task` after every task queued before it on the same key has settled. */
  enqueue<R>(key: string, task: () => Promise<R>): Promise<R> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.reject(new Error(`no model load for ${key}: call get() first`));
    const result = entry.queue.then(task, task);
    entry.queue = result.catch(() => undefined);
    return result;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
