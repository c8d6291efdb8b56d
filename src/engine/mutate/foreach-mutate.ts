import { isArray, isObject, type JsonValue } from '../../core/json.ts';
import { err, ok, type Outcome } from '../../core/outcome.ts';
import { evaluateConditions } from '../conditions.ts';
import { loadContext } from '../context-entries.ts';
import { elementScope, foreachElements } from '../foreach.ts';
import type { VariableScope } from '../variables.ts';
import { buildPatcher, type Patcher } from './patcher.ts';
import { appendAll } from '../../core/append-all.ts';

const MAX_DEPTH = 8;

/**
 * Kyverno's mutate.foreach (pkg/engine/handlers/mutation/common.go): for every entry, the
 * `list` is evaluated, and for every non-null element (in reverse order for
 * patchStrategicMerge entries and for `order: Descending`, keeping each element's own
 * index) the element is put in scope (`element`, `elementIndex`, and `elementN`,
 * `elementIndexN` by nesting depth), the entry's `context` is loaded, its `preconditions`
 * checked, and its patch (or nested foreach) collected. All patches are built against the
 * request as it came, then applied in order.
 */
export function collectForeachPatchers(foreach: JsonValue, scope: VariableScope, depth: number): Outcome<Patcher[]> {
  if (!isArray(foreach)) return err('mutate.foreach must be a list');
  if (depth > MAX_DEPTH) return err(`mutate.foreach nested deeper than ${MAX_DEPTH} levels`);
  const patchers: Patcher[] = [];
  for (const [n, entry] of foreach.entries()) {
    const where = `foreach[${n}]${depth > 0 ? ` (nesting ${depth})` : ''}`;
    if (!isObject(entry)) return err(`${where} must be a mapping`);
    const listed = foreachElements(entry['list'], scope);
    if ('error' in listed) return err(`${where}.list: ${listed.error}`);
    const elements = listed.elements;
    const reverse = (entry['patchStrategicMerge'] !== undefined && entry['patchStrategicMerge'] !== null) || entry['order'] === 'Descending';
    const indices = elements.map((_, i) => i);
    if (reverse) indices.reverse();
    for (const index of indices) {
      const element = elements[index];
      if (element === undefined || element === null) continue;
      const loaded = loadContext(entry['context'], elementScope(scope, element, index, depth));
      if (!loaded.ok) return err(`${where}.context: ${loaded.error}`);
      const elementScoped = loaded.value;
      if (entry['preconditions'] !== undefined && entry['preconditions'] !== null) {
        const verdict = evaluateConditions(entry['preconditions'], elementScoped);
        if (!verdict.ok) return err(`${where}.preconditions: ${verdict.error}`);
        if (!verdict.value.holds) continue;
      }
      if (entry['foreach'] !== undefined && entry['foreach'] !== null) {
        const nested = collectForeachPatchers(entry['foreach'], elementScoped, depth + 1);
        if (!nested.ok) return nested;
        appendAll(patchers, nested.value);
        continue;
      }
      const patcher = buildPatcher(entry, elementScoped);
      if (!patcher.ok) return err(`${where}: ${patcher.error}`);
      if (patcher.value === null) return err(`${where} has no patchStrategicMerge, patchesJson6902 or foreach`);
      patchers.push(patcher.value);
    }
  }
  return ok(patchers);
}
