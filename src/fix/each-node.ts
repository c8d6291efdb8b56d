import { isCollection, isPair } from '../core/yaml-guards.ts';

/**
 * Every node and pair under `root` (a document's contents), parents first, as the package's
 * `visit` reaches them, without its bookkeeping (a frozen copy of the path at every node):
 * layout detection and anchor lookup read every node of every document planned.
 */
export function eachNode(root: unknown, each: (node: unknown) => void): void {
  if (root === null || root === undefined) return;
  each(root);
  if (isCollection(root)) {
    for (const item of root.items) eachNode(item, each);
  } else if (isPair(root)) {
    eachNode(root.key, each);
    eachNode(root.value, each);
  }
}
