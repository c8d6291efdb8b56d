import { parseAllDocuments } from 'yaml';
import { isObject } from '../../core/json.ts';
import type { JsonObject } from '../../core/json.ts';
import type { TreeIndex } from './tree-index.ts';

/** The mapping documents of a YAML/JSON file; `broken` when some document did not parse. */
export interface FileDocuments {
  objects: JsonObject[];
  broken: boolean;
  text: string;
}

export type DocumentReader = (path: string) => FileDocuments | undefined;

/** Parse each file at most once during one call (the cache lives in the returned closure). */
export function documentReader(index: TreeIndex): DocumentReader {
  const cache = new Map<string, FileDocuments | undefined>();
  return (path) => {
    if (cache.has(path)) return cache.get(path);
    const text = index.files.has(path) ? safeRead(index, path) : undefined;
    const parsed = text === undefined ? undefined : parseDocuments(text);
    cache.set(path, parsed);
    return parsed;
  };
}

function safeRead(index: TreeIndex, path: string): string | undefined {
  try {
    return index.tree.read(path);
  } catch {
    return undefined;
  }
}

export function parseDocuments(text: string): FileDocuments {
  const result: FileDocuments = { objects: [], broken: false, text };
  try {
    for (const doc of parseAllDocuments(text, { uniqueKeys: false, logLevel: 'error' })) {
      if (doc.errors.length > 0) {
        result.broken = true;
        continue;
      }
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (isObject(value)) result.objects.push(value);
    }
  } catch {
    result.broken = true;
  }
  return result;
}

export function stringAt(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function objectAt(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = object?.[key];
  return isObject(value) ? value : undefined;
}

export function arrayAt(object: JsonObject | undefined, key: string): unknown[] {
  const value = object?.[key];
  return Array.isArray(value) ? value : [];
}

/** Strings of an array field (other entries ignored). */
export function stringsAt(object: JsonObject | undefined, key: string): string[] {
  return arrayAt(object, key).filter((v): v is string => typeof v === 'string');
}
