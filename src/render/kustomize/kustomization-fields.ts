import { posix } from 'node:path';
import { getAtPointer, isObject } from '../../core/json.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import type { Range } from '../../manifest/types.ts';
import type { FieldSource } from '../types.ts';
import type { KustomizationFile } from './kustomization-file.ts';

interface Facts {
  treeDir: string;
  kustomizations: readonly KustomizationFile[];
}

/** Image name without tag or digest. */
function imageName(image: string): string {
  const noDigest = image.split('@')[0] ?? image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function located(facts: Facts, kustomization: KustomizationFile, pointers: string[]): FieldSource | undefined {
  for (const pointer of pointers) {
    const range: Range | undefined = kustomization.doc.ranges.get(pointer);
    if (range) return { file: posix.normalize(kustomization.path.slice(facts.treeDir.length + 1)), range };
  }
  return undefined;
}

/** Outermost kustomization first: the outer one is applied last, so it is the one that set the value. */
function firstWith(facts: Facts, find: (k: KustomizationFile) => string[] | undefined): FieldSource | undefined {
  for (const kustomization of facts.kustomizations) {
    const pointers = find(kustomization);
    if (pointers) {
      const found = located(facts, kustomization, pointers);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Fields that kustomization-level transformers change (namespace, namePrefix /
 * nameSuffix, images, commonLabels / labels, replicas) point at the entry of
 * the kustomization that set them (also commonAnnotations), when the rendered value differs from the
 * source file's at `sourcePointer` (or the source has none: undefined).
 */
export function kustomizationSetting(facts: Facts, rendered: JsonObject, source: JsonObject, pointer: string, sourcePointer: string | undefined): FieldSource | undefined {
  const value = getAtPointer(rendered, pointer);
  const before = sourcePointer === undefined ? undefined : getAtPointer(source, sourcePointer);
  if (sourcePointer !== undefined && JSON.stringify(value) === JSON.stringify(before)) return undefined;
  if (pointer === '/metadata/namespace') {
    return firstWith(facts, (k) => (typeof k.doc.value['namespace'] === 'string' ? ['/namespace'] : undefined));
  }
  if (pointer === '/metadata/name') {
    return firstWith(facts, (k) => (['namePrefix', 'nameSuffix'].some((f) => typeof k.doc.value[f] === 'string') ? ['/namePrefix', '/nameSuffix'] : undefined));
  }
  if (pointer.endsWith('/image') && typeof value === 'string') {
    const names = new Set([imageName(value), typeof before === 'string' ? imageName(before) : '']);
    return firstWith(facts, (k) => {
      const images = k.doc.value['images'];
      if (!Array.isArray(images)) return undefined;
      const index = images.findIndex((entry) => isObject(entry) && (names.has(String(entry['name'])) || names.has(String(entry['newName']))));
      return index === -1 ? undefined : [`/images/${index}/newTag`, `/images/${index}/digest`, `/images/${index}/newName`, `/images/${index}`];
    });
  }
  const label = pointer.match(/^(?:\/spec\/template|\/spec\/selector)?\/metadata\/labels\/(.+)$|^\/spec\/selector\/matchLabels\/(.+)$/);
  if (label) {
    const key = unescape(label[1] ?? label[2] ?? '');
    return firstWith(facts, (k) => labelPointers(k.doc.value, key));
  }
  const annotation = pointer.match(/^(?:\/spec\/template)?\/metadata\/annotations\/(.+)$/);
  if (annotation) {
    const key = annotation[1] ?? '';
    return firstWith(facts, (k) => (isObject(k.doc.value['commonAnnotations']) && unescape(key) in k.doc.value['commonAnnotations'] ? [`/commonAnnotations/${key}`] : undefined));
  }
  if (pointer === '/spec/replicas') {
    const name = String(getAtPointer(source, '/metadata/name') ?? '');
    return firstWith(facts, (k) => {
      const replicas = k.doc.value['replicas'];
      const index = Array.isArray(replicas) ? replicas.findIndex((entry) => isObject(entry) && entry['name'] === name) : -1;
      return index === -1 ? undefined : [`/replicas/${index}/count`, `/replicas/${index}`];
    });
  }
  return undefined;
}

function labelPointers(value: Record<string, JsonValue>, key: string): string[] | undefined {
  const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
  const common = value['commonLabels'];
  if (isObject(common) && key in common) return [`/commonLabels/${escaped}`];
  const labels = value['labels'];
  if (Array.isArray(labels)) {
    const index = labels.findIndex((entry) => isObject(entry) && isObject(entry['pairs']) && key in entry['pairs']);
    if (index !== -1) return [`/labels/${index}/pairs/${escaped}`];
  }
  return undefined;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
