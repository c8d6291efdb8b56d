import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { JsonValue } from '../src/core/json.ts';
import { isObject } from '../src/core/json.ts';
import type { RenderedResource, RenderResult } from '../src/render/types.ts';

/** `Kind namespace/name` of each object, sorted. */
export function resourceSet(objects: readonly JsonValue[]): string[] {
  return objects
    .map((object) => {
      const meta = isObject(object) && isObject(object['metadata']) ? object['metadata'] : {};
      return `${isObject(object) ? String(object['kind']) : '?'} ${String(meta['namespace'] ?? '')}/${String(meta['name'] ?? '')}`;
    })
    .sort();
}

/** The objects of a renderer's output text, read independently of the code under test. */
export function objectsOf(text: string): JsonValue[] {
  return parseAllDocuments(text)
    .flatMap((doc) => ('toJS' in doc ? [doc.toJS() as JsonValue] : []))
    .filter((value) => value !== null);
}

export function resourcesOf(result: RenderResult): RenderedResource[] {
  if ('error' in result) throw new Error(`render failed: ${result.error}`);
  return result.resources;
}

export function find(resources: readonly RenderedResource[], kind: string, name: string): RenderedResource {
  const found = resources.find((r) => r.object['kind'] === kind && isObject(r.object['metadata']) && r.object['metadata']['name'] === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${resourceSet(resources.map((r) => r.object)).join(', ')}`);
  return found;
}

/** `file:line` of a field's source, for readable assertions. */
export function at(resource: RenderedResource, pointer: string): string | undefined {
  const source = resource.sourceOf(pointer);
  return source ? `${source.file}:${source.range.start.line}` : undefined;
}

/** A scratch directory for a test file's trees, removed after its tests, and a writer of files (tree-relative path: text) into it. */
export function scratchTree(prefix: string): { dir: string; write: (files: Record<string, string>) => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (files: Record<string, string>): void => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  return { dir, write };
}
