/**
 * Renders started before their turn: while the caller evaluates one root's resources (on its
 * thread), the next roots render in their own processes (kustomize, helm) on the other cores.
 * The caller still takes the results in its own order, so the output does not change.
 */
export interface RenderAhead<T, R> {
  /** The render of `item`: started ahead when it was among the next, else now. */
  take(item: T): Promise<R>;
}

/**
 * `ahead`: how many of the items after the one taken render meanwhile (0: each renders when
 * taken, as a plain loop would). `items`: the order they will be taken in; a render that fails
 * is a rejected promise handed to whoever takes it.
 */
export function renderAhead<T, R>(items: readonly T[], render: (item: T) => Promise<R>, ahead: number): RenderAhead<T, R> {
  const started = new Map<T, Promise<R>>();
  const position = new Map(items.map((item, index) => [item, index]));
  let next = 0;
  const fill = (): void => {
    while (next < items.length && started.size < ahead) {
      const item = items[next++] as T;
      const promise = render(item);
      promise.catch(() => undefined); // handled by whoever takes it
      started.set(item, promise);
    }
  };
  return {
    take(item) {
      const promise = started.get(item) ?? render(item);
      started.delete(item);
      // the items up to this one are taken: what renders ahead comes after it
      next = Math.max(next, (position.get(item) ?? -1) + 1);
      fill();
      return promise;
    },
  };
}
