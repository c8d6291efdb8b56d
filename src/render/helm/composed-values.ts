import { escapePointerSegment, getAtPointer, isObject, toPointer, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { FieldSource } from '../types.ts';
import type { ValuesFile } from './values-refs.ts';

/** A scalar written in a values file, as the text a template would print. */
const printed = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

interface Candidate {
  pointer: string;
  covered: number;
}

/** The values objects under `pointer` whose own scalars, two or more, are printed in `rendered` and make up at least half of it. */
function candidates(value: JsonValue | undefined, pointer: string, rendered: string, out: Candidate[]): void {
  if (!isObject(value)) return;
  const object: JsonObject = value;
  let inside = 0;
  let covered = 0;
  for (const key of Object.keys(object)) {
    const text = printed(object[key]);
    if (text !== undefined && text.length >= 2 && rendered.includes(text)) {
      inside++;
      covered += text.length;
    }
  }
  if (inside >= 2 && covered * 2 >= rendered.length) out.push({ pointer, covered });
  for (const key of Object.keys(object)) candidates(object[key], `${pointer}/${escapePointerSegment(key)}`, rendered, out);
}

/**
 * Where the repository's values give the parts a template composed a string from, when the
 * template itself is not in the repository (a subchart kept as an archive): the values object
 * under the subchart's key whose own scalars, two or more, appear in the rendered string and make
 * up at least half of it — `image: {repository: bitnami/postgresql-repmgr, tag: 16.6.0}` for
 * `docker.io/bitnami/postgresql-repmgr:16.6.0`. The most covered wins, the last file first.
 * undefined when no object of the values files explains the string.
 */
export function composedValuesPlace(rendered: JsonValue | undefined, files: readonly ValuesFile[]): FieldSource | undefined {
  if (typeof rendered !== 'string' || rendered.length < 4) return undefined;
  for (let index = files.length - 1; index >= 0; index--) {
    const file = files[index];
    if (!file?.doc) continue;
    const base = toPointer(file.prefix);
    const found: Candidate[] = [];
    candidates(getAtPointer(file.doc.value, base), base, rendered, found);
    const best = found.reduce<Candidate | undefined>((a, b) => (a === undefined || b.covered > a.covered ? b : a), undefined);
    const range = best ? file.doc.ranges.get(best.pointer) : undefined;
    if (range) return { file: file.file, range };
  }
  return undefined;
}
