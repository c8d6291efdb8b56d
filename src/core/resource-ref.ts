import { isObject, type JsonObject } from './json.ts';

/** The identity of a Kubernetes object, as shown in messages and reports. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export function resourceRef(object: JsonObject): ResourceRef {
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  const ref: ResourceRef = {
    apiVersion: typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '',
    kind: typeof object['kind'] === 'string' ? object['kind'] : '',
    name:
      typeof metadata['name'] === 'string'
        ? metadata['name']
        : typeof metadata['generateName'] === 'string'
          ? metadata['generateName']
          : '',
  };
  if (typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '') ref.namespace = metadata['namespace'];
  return ref;
}

export function formatRef(ref: ResourceRef): string {
  return `${ref.kind}/${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`;
}
