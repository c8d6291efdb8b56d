import { readFile, writeFile } from 'node:fs/promises';
import { isSeq, parse, parseDocument } from 'yaml';
import { cloneJson, isObject } from '../../core/json.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { err, ok } from '../../core/outcome.ts';
import type { Outcome } from '../../core/outcome.ts';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** What kustomize's `originAnnotations` build metadata says about a resource. */
export interface KustomizeOrigin {
  /** Source file, relative to the kustomization being built. */
  path?: string;
  repo?: string;
  ref?: string;
  /** For generated resources: the kustomization that declared the generator. */
  configuredIn?: string;
  configuredBy?: { kind?: string; name?: string };
}

/**
 * Add `buildMetadata: [originAnnotations]` to a kustomization file (a temporary
 * copy: the caller's tree is never edited), keeping the rest of it as written.
 * `alreadyOn` tells whether the author had asked for the annotations already,
 * in which case they are part of the output and must be kept.
 */
export async function enableOriginAnnotations(kustomizationPath: string): Promise<Outcome<{ alreadyOn: boolean }>> {
  try {
    const doc = parseDocument(await readFile(kustomizationPath, 'utf8'));
    if (doc.errors.length > 0) return err(`${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const current = doc.get('buildMetadata');
    if (isSeq(current)) {
      if (current.items.some((item) => String((item as { value?: unknown }).value ?? item) === 'originAnnotations')) return ok({ alreadyOn: true });
      current.add(doc.createNode('originAnnotations'));
    } else {
      doc.set('buildMetadata', doc.createNode(['originAnnotations'], { flow: true }));
    }
    await writeFile(kustomizationPath, doc.toString());
    return ok({ alreadyOn: false });
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
}

function readOrigin(text: JsonValue | undefined): KustomizeOrigin | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = parse(text) as unknown;
    if (!isObject(value)) return undefined;
    const origin: KustomizeOrigin = {};
    for (const key of ['path', 'repo', 'ref', 'configuredIn'] as const) {
      const field = value[key];
      if (typeof field === 'string') origin[key] = field;
    }
    const by = value['configuredBy'];
    if (isObject(by)) {
      origin.configuredBy = {};
      if (typeof by['kind'] === 'string') origin.configuredBy.kind = by['kind'];
      if (typeof by['name'] === 'string') origin.configuredBy.name = by['name'];
    }
    return origin;
  } catch {
    return undefined;
  }
}

/** The resource's origin, and the resource without the annotation unless `keep`. */
export function takeOrigin(object: JsonObject, keep: boolean): { object: JsonObject; origin: KustomizeOrigin | undefined } {
  const metadata = object['metadata'];
  if (!isObject(metadata) || !isObject(metadata['annotations'])) return { object, origin: undefined };
  const origin = readOrigin(metadata['annotations'][ORIGIN_ANNOTATION]);
  if (keep || origin === undefined) return { object, origin };
  const copy = cloneJson(object);
  const meta = copy['metadata'] as JsonObject;
  const annotations = meta['annotations'] as JsonObject;
  delete annotations[ORIGIN_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete meta['annotations'];
  return { object: copy, origin };
}
