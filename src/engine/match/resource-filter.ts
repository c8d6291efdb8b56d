import { isObject, type JsonObject, type JsonValue } from '../../core/json.ts';
import type { Operation } from '../types.ts';
import { kindsMatch, type GroupVersionKind } from './kinds.ts';
import { selectorMatches, stringMap, type Labels } from './selector.ts';
import { wildcardMatch } from '../wildcard.ts';

/** What a `resources` block is checked against. */
export interface FilterSubject {
  resource: JsonObject;
  gvk: GroupVersionKind;
  subresource: string;
  operation: Operation;
  /** Labels of the resource's namespace; `{}` when unknown (as the Kyverno CLI without namespaceSelector values). */
  namespaceLabels: Labels;
}

const strings = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Is the `resources` block absent or without any field that selects? */
export function isEmptyDescription(description: JsonObject | undefined): boolean {
  if (!description) return true;
  return Object.values(description).every((v) => {
    if (v === null) return true;
    if (Array.isArray(v)) return v.length === 0;
    if (typeof v === 'string') return v === '';
    return false; // a mapping selects even when empty: `selector: {}` selects everything
  });
}

function metadataOf(resource: JsonObject): JsonObject {
  return isObject(resource['metadata']) ? resource['metadata'] : {};
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Why the resource does not satisfy a `resources` block: AND across fields, OR within a list.
 * Empty when every field holds (Kyverno's doesResourceMatchConditionBlock, resource part).
 */
export function descriptionFailures(description: JsonObject, subject: FilterSubject): string[] {
  const operations = strings(description['operations']);
  if (operations.length > 0 && !operations.includes(subject.operation)) {
    return [`operation ${subject.operation} is not one of ${operations.join(', ')}`];
  }
  const failures: string[] = [];
  const meta = metadataOf(subject.resource);
  const kinds = strings(description['kinds']);
  if (kinds.length > 0 && !kindsMatch(kinds, subject.gvk, subject.subresource)) {
    failures.push(`kind ${describeKind(subject.gvk)} is not one of ${kinds.join(', ')}`);
  }
  const resourceName = text(meta['name']) || text(meta['generateName']);
  const name = text(description['name']);
  if (name !== '' && !wildcardMatch(name, resourceName)) failures.push(`name "${resourceName}" does not match "${name}"`);
  const names = strings(description['names']);
  if (names.length > 0 && !names.some((n) => wildcardMatch(n, resourceName))) {
    failures.push(`name "${resourceName}" is none of ${names.join(', ')}`);
  }
  const namespaces = strings(description['namespaces']);
  if (namespaces.length > 0) {
    const namespace = subject.gvk.kind === 'Namespace' ? resourceName : text(meta['namespace']);
    if (!namespaces.some((n) => wildcardMatch(n, namespace))) {
      failures.push(`namespace "${namespace}" is none of ${namespaces.join(', ')}`);
    }
  }
  const annotations = description['annotations'];
  if (isObject(annotations) && Object.keys(annotations).length > 0) {
    const actual = stringMap(meta['annotations']);
    const wanted = stringMap(annotations);
    const missing = Object.entries(wanted).find(
      ([k, v]) => !Object.entries(actual).some(([ak, av]) => wildcardMatch(k, ak) && wildcardMatch(v, av)),
    );
    if (missing) failures.push(`annotation ${missing[0]}: ${missing[1]} is not set`);
  }
  const selector = description['selector'];
  if (selector !== undefined && selector !== null) {
    const verdict = selectorMatches(selector, stringMap(meta['labels']));
    if ('error' in verdict) failures.push(`invalid selector: ${verdict.error}`);
    else if (!verdict.matched) failures.push('labels do not match the selector');
  }
  const namespaceSelector = description['namespaceSelector'];
  if (namespaceSelector !== undefined && namespaceSelector !== null) {
    if (subject.gvk.kind === 'Namespace') {
      failures.push('namespaceSelector does not apply to a Namespace');
    } else {
      const verdict = selectorMatches(namespaceSelector, subject.namespaceLabels);
      if ('error' in verdict) failures.push(`invalid namespaceSelector: ${verdict.error}`);
      else if (!verdict.matched) {
        failures.push(`the labels of namespace "${text(meta['namespace'])}" do not match the namespaceSelector`);
      }
    }
  }
  return failures;
}

function describeKind(gvk: GroupVersionKind): string {
  const groupVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
  return groupVersion === '' ? gvk.kind : `${groupVersion}/${gvk.kind}`;
}
