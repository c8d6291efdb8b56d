import { isObject } from '../../core/json.ts';
import type { PatchEntry } from './patch-entries.ts';

/** The one place among those an error could point at, or undefined when none or several fit. */
export function onlyPlace(places: readonly (string | undefined)[]): string | undefined {
  const found = places.filter((p): p is string => p !== undefined);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Where in the repository a kustomize build error about a patch points, as a
 * `file:line:column` for the error's prefix (render errors are reported where their message's
 * prefix says: see renderErrorFinding):
 *
 * - `no resource matches strategic merge patch "Deployment.v1.apps/web.[noNs]"`: the
 *   `metadata.name` of the strategic merge patch for that kind and name;
 * - `… operation does not apply: doc is missing path: /spec/x`: the `path` of the JSON 6902
 *   operation with that path.
 *
 * undefined when the error is neither, or no patch of the build fits it alone.
 */
export function kustomizeErrorPlace(error: string, patches: readonly PatchEntry[]): string | undefined {
  const unmatched = /no resource matches strategic merge patch "([^".]+)\.[^"/]*\/([^"]+?)\.(?:\[noNs\]|[^".]+)"/.exec(error);
  if (unmatched) {
    const [, kind, name] = unmatched;
    const places = patches.flatMap((patch) =>
      patch.format !== 'strategic-merge'
        ? []
        : patch.docs.flatMap((doc) => {
            const metadata = isObject(doc.value) ? doc.value['metadata'] : undefined;
            if (!isObject(doc.value) || doc.value['kind'] !== kind || !isObject(metadata) || metadata['name'] !== name) return [];
            const range = doc.ranges.get('/metadata/name') ?? doc.ranges.get('');
            return range ? [`${patch.file}:${range.start.line}:${range.start.column}`] : [];
          }),
    );
    return onlyPlace(places);
  }
  const missing = /operation does not apply: doc is missing path: (\S+?):? /.exec(`${error} `);
  if (missing) {
    const path = missing[1];
    const places = patches.flatMap((patch) => {
      const ops = patch.format === 'json6902' ? patch.docs[0] : undefined;
      if (!ops || !Array.isArray(ops.value)) return [];
      return ops.value.flatMap((op, index) => {
        if (!isObject(op) || op['path'] !== path) return [];
        const range = ops.ranges.get(`/${index}/path`);
        return range ? [`${patch.file}:${range.start.line}:${range.start.column}`] : [];
      });
    });
    return onlyPlace(places);
  }
  return undefined;
}
