import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPointer, getAtPointer, isArray, isObject, joinPointer } from '../core/json.ts';
import type { JsonValue } from '../core/json.ts';
import { parseManifestText } from '../manifest/parse.ts';
import type { ParsedFile } from '../manifest/types.ts';
import { locatePointer } from './locate.ts';

const CORPUS = '/work/shared/corpus/gitops';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : yamlFiles(path);
    return /\.ya?ml$/i.test(entry.name) ? [path] : [];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every pointer of a JSON value, depth first. */
function pointersOf(value: JsonValue, base = ''): string[] {
  const children: [string | number, JsonValue][] = isArray(value) ? value.map((v, i) => [i, v]) : isObject(value) ? Object.entries(value) : [];
  return [base, ...children.flatMap(([key, child]) => pointersOf(child, joinPointer(base, key)))];
}

describe.skipIf(!existsSync(CORPUS))('real GitOps repositories', () => {
  const files = existsSync(CORPUS) ? yamlFiles(CORPUS) : [];
  const parsed: ParsedFile[] = files.map((file) => parseManifestText(file, readFileSync(file, 'utf8')));
  // Helm templates that happen to parse hold `{{ … }}` flow-mapping keys; leave them out.
  const resources = parsed
    .filter((file) => !/\/templates\//.test(file.file))
    .flatMap((file) => file.resources.map((resource) => ({ ...resource, text: readFileSync(file.file, 'utf8').split('\n') })));

  it('parses every YAML file without throwing and finds resources', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(resources.length).toBeGreaterThan(100);
    // Helm templates are not YAML, and kubectl's strict decoding refuses duplicate
    // keys too; a file of unquoted {{ … }} actions (another tool's template, such as
    // vitess' *-template.yaml) is reported as one; everything else should read cleanly.
    const template = (file: ParsedFile, message: string): boolean => message.startsWith('This document is a template') && /\{\{[^\n]*\}\}/.test(readFileSync(file.file, 'utf8'));
    const unexpected = parsed.filter(
      (file) => !/\/templates\//.test(file.file) && file.problems.some((problem) => !/Map keys must be unique/.test(problem.message) && !template(file, problem.message)),
    );
    // those templates are told: each such file holds at least one unquoted action
    expect(parsed.filter((file) => file.problems.some((problem) => template(file, problem.message))).length).toBeGreaterThan(0);
    expect(unexpected.map((file) => [file.file, file.problems[0]?.message])).toEqual([]);
  });

  it('has a range for every node of every object, and an object value for every range', () => {
    for (const { object, origin } of resources) {
      // Keys that are themselves collections (templating like `{{ x }}`) have no pointer.
      const fromObject = pointersOf(object).filter((pointer) => !pointer.includes('/{'));
      expect(fromObject.filter((pointer) => !origin.ranges.has(pointer))).toEqual([]);
      expect([...origin.ranges.keys()].filter((pointer) => getAtPointer(object, pointer) === undefined)).toEqual([]);
    }
  });

  it('locates every mapping entry on the line that holds its key', () => {
    let checked = 0;
    for (const { object, origin, text } of resources) {
      for (const pointer of origin.ranges.keys()) {
        const key = fromPointer(pointer).at(-1);
        if (key === undefined || isArray(getAtPointer(object, pointer.slice(0, pointer.lastIndexOf('/'))))) continue;
        const { start } = locatePointer(origin, pointer).range;
        const atKey = (text[start.line - 1] ?? '').slice(start.column - 1);
        expect(atKey.replace(/^["']/, ''), `${origin.file} ${pointer}`).toMatch(new RegExp(`^${escapeRegExp(key)}["']?\\s*:`));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('locates container images on their `image:` line', () => {
    const images = resources.flatMap(({ object, origin, text }) =>
      pointersOf(object)
        .filter((pointer) => /\/containers\/\d+\/image$/.test(pointer))
        .map((pointer) => text[locatePointer(origin, pointer).range.start.line - 1] ?? ''),
    );
    expect(images.length).toBeGreaterThan(10);
    for (const line of images) expect(line).toMatch(/^\s*(- )?image:/);
  });

  it('locates a missing field at its nearest parent', () => {
    const withContainers = resources.filter(({ object }) => getAtPointer(object, '/spec/template/spec/containers/0') !== undefined);
    expect(withContainers.length).toBeGreaterThan(5);
    for (const { origin, text } of withContainers) {
      const located = locatePointer(origin, '/spec/template/spec/containers/0/securityContext/notAField');
      expect(located.exact).toBe(false);
      expect(text[located.range.start.line - 1]).toMatch(/securityContext:|- /);
    }
  });
});
