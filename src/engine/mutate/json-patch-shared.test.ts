/**
 * applyJsonPatchShared gives what applyJsonPatch gives — the same value, the same errors — on
 * documents without shared values, copying only what the operations write into: the document
 * is left as it was, and what no operation touches is the document's own.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { applyJsonPatch, applyJsonPatchShared } from './json-patch.ts';
import { seededRandom } from '../../../test/seeded-random.ts';

const { next: random, pick } = seededRandom(7);

function document(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, annotations: {} },
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'a', image: 'a:1', securityContext: { privileged: true }, ports: [{ containerPort: 80 }] },
            { name: 'b', image: 'b:1', env: [{ name: 'X', value: '1' }] },
          ],
          volumes: [],
        },
      },
    },
  };
}

/** Every path of the document, and some that are not there. */
function paths(value: JsonValue, at = ''): string[] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, `${at}/${i}`)));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  return out;
}

function operation(doc: JsonValue): JsonObject {
  const known = paths(doc).filter((p) => p !== '');
  const path = random() < 0.8 ? pick(known) : pick(['/spec/template/spec/containers/-', '/spec/template/spec/containers/-1/name', '/x/y/z', '/spec/template/spec/containers/5', '/metadata/labels/new', '/spec/template/spec/volumes/0']);
  const value = pick<JsonValue>([1, 'v', null, true, {}, [], { a: { b: [1, 2] } }, [{ name: 'c' }]]);
  const kind = pick(['add', 'add', 'remove', 'replace', 'move', 'copy', 'test']);
  if (kind === 'move' || kind === 'copy') return { op: kind, from: pick(known), path };
  if (kind === 'remove') return { op: kind, path };
  return { op: kind, path, value };
}

describe('applyJsonPatchShared', () => {
  it('gives what applyJsonPatch gives, leaving the document as it was', () => {
    let compared = 0;
    let applied = 0;
    for (let round = 0; round < 3000; round++) {
      const doc = document();
      const before = JSON.stringify(doc);
      const ops: JsonObject[] = [];
      let state: JsonValue = doc;
      for (let i = 0, n = 1 + Math.floor(random() * 4); i < n; i++) {
        const op = operation(state);
        ops.push(op);
        const next = applyJsonPatch(state, [op]);
        if (next.ok) state = next.value;
      }
      const copied = applyJsonPatch(doc, ops);
      const shared = applyJsonPatchShared(doc, ops);
      expect(shared).toEqual(copied);
      expect(JSON.stringify(doc)).toBe(before);
      compared++;
      if (copied.ok) applied++;
    }
    expect(compared).toBe(3000);
    expect(applied).toBeGreaterThan(1000);
  });

  it('copies only the containers it writes into', () => {
    const doc = document();
    const out = applyJsonPatchShared(doc, [{ op: 'add', path: '/spec/template/spec/containers/0/securityContext/privileged', value: false }]);
    if (!out.ok) throw new Error(out.error);
    const spec = (doc['spec'] as JsonObject)['template'] as JsonObject;
    const patched = ((out.value as JsonObject)['spec'] as JsonObject)['template'] as JsonObject;
    expect(patched['metadata']).toBe(spec['metadata']);
    const containers = (spec['spec'] as JsonObject)['containers'] as JsonObject[];
    const patchedContainers = (patched['spec'] as JsonObject)['containers'] as JsonObject[];
    expect(patchedContainers[1]).toBe(containers[1]);
    expect(patchedContainers[0]).not.toBe(containers[0]);
    expect(containers[0]?.['securityContext']).toEqual({ privileged: true });
    expect(patchedContainers[0]?.['securityContext']).toEqual({ privileged: false });
  });
});
