import { toPointer } from '../../core/json.ts';
import type { FieldError, PathSegment } from './types.ts';

/** The Kubernetes field path text: spec.containers[0].securityContext.privileged, metadata.annotations[key]. */
export function fieldText(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string') text += text === '' ? segment : `.${segment}`;
    else text += `[${segment.key}]`;
  }
  return text;
}

/** The field text with every run of digits replaced by `*`, as Kyverno compares restrictedField. */
export function starredField(path: readonly PathSegment[]): string {
  return fieldText(path).replace(/\d+/g, '*');
}

/** The JSON pointer of a field, relative to the Pod. */
export function fieldPointer(error: FieldError): string {
  return toPointer(error.path.map((s) => (typeof s === 'object' ? s.key : s)));
}

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

/** The container a field belongs to, when it is a container field. */
export function containerOfField(path: readonly PathSegment[]): { list: ContainerList; index: number } | undefined {
  const [root, list, index] = path;
  if (root !== 'spec' || typeof index !== 'number') return undefined;
  if (list === 'initContainers' || list === 'containers' || list === 'ephemeralContainers') return { list, index };
  return undefined;
}
