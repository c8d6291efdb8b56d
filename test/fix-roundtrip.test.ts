import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../src/core/finding.ts';
import type { JsonPatchOperation } from '../src/engine/types.ts';
import { applyEdits, editsForFixes, editsForPatch, mergeEdits, unifiedDiff } from '../src/fix/index.ts';
import { applySimple, changedOutsideEdits, documentLines, documentsOf, nodesOf, yamlFiles } from './fixtures/fix/invariants.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures/fix');
const multi = readFileSync(join(FIXTURES, 'multi-doc.yaml'), 'utf8');
const indented = readFileSync(join(FIXTURES, 'indented-seq.yaml'), 'utf8');
const C = '/spec/template/spec/containers';

type Doc = Record<string, any>;

function edited(text: string, documentIndex: number, patch: JsonPatchOperation[], file = 'multi-doc.yaml'): { edits: TextEdit[]; after: string } {
  const edits = editsForPatch(file, text, documentIndex, patch);
  if (!edits.ok) throw new Error(edits.error);
  const after = applyEdits(text, edits.value);
  if (!after.ok) throw new Error(after.error);
  return { edits: edits.value, after: after.value };
}

/** Patch, apply, and check: expected JSON, byte-identical lines outside the edits, edits inside the document. */
function roundTrip(text: string, documentIndex: number, patch: JsonPatchOperation[], change: (doc: Doc) => void) {
  const result = edited(text, documentIndex, patch);
  const expected = structuredClone(documentsOf(text)) as Doc[];
  change(expected[documentIndex] as Doc);
  expect(documentsOf(result.after)).toEqual(expected);
  expect(changedOutsideEdits(text, result.after, result.edits)).toBeUndefined();
  const span = documentLines(text)[documentIndex];
  for (const edit of result.edits) {
    expect(edit.startLine).toBeGreaterThanOrEqual(span?.start ?? 0);
    expect(edit.endLine).toBeLessThanOrEqual(span?.end ?? 0);
  }
  return result;
}

const container = (doc: Doc, i: number): Doc => doc['spec']['template']['spec']['containers'][i];

describe('fixes on a multi-document file with comments, anchors and 4-space indentation', () => {
  it('adds securityContext fields to the second container, creating the missing parent', () => {
    const { edits } = roundTrip(
      multi,
      1,
      [
        { op: 'add', path: `${C}/1/securityContext/runAsNonRoot`, value: true },
        { op: 'add', path: `${C}/1/securityContext/allowPrivilegeEscalation`, value: false },
      ],
      (d) => (container(d, 1)['securityContext'] = { runAsNonRoot: true, allowPrivilegeEscalation: false }),
    );
    expect(edits).toEqual([
      {
        file: 'multi-doc.yaml',
        startLine: 46,
        endLine: 45,
        lines: ['              securityContext:', '                  runAsNonRoot: true', '                  allowPrivilegeEscalation: false'],
      },
    ]);
  });

  it('accepts the parent object added by the caller', () => {
    const { edits } = roundTrip(multi, 1, [{ op: 'add', path: `${C}/1/securityContext`, value: { runAsNonRoot: true } }], (d) => {
      container(d, 1)['securityContext'] = { runAsNonRoot: true };
    });
    expect(edits.map((e) => e.lines)).toEqual([['              securityContext:', '                  runAsNonRoot: true']]);
  });

  it('adds resource requests and limits after a block sequence value', () => {
    const resources = { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi', cpu: '0.5' } };
    const { edits } = roundTrip(multi, 1, [{ op: 'add', path: `${C}/0/resources`, value: resources }], (d) => {
      container(d, 0)['resources'] = resources;
    });
    expect(edits).toHaveLength(1);
    expect(edits[0]?.startLine).toBe(42); // after `value: info`, before the second container
    expect(edits[0]?.lines).toContain('                      cpu: "0.5"'); // a string that would read as a number is quoted
  });

  it('replaces image tags keeping quotes and the inline comment', () => {
    const { edits } = roundTrip(
      multi,
      1,
      [
        { op: 'replace', path: `${C}/0/image`, value: 'registry.example.com/shop/web:1.5.0' },
        { op: 'replace', path: `${C}/1/image`, value: 'registry.example.com/shop/proxy:1.0' },
      ],
      (d) => {
        container(d, 0)['image'] = 'registry.example.com/shop/web:1.5.0';
        container(d, 1)['image'] = 'registry.example.com/shop/proxy:1.0';
      },
    );
    expect(edits.map((e) => [e.startLine, e.endLine, e.lines])).toEqual([
      [37, 37, ['              image: "registry.example.com/shop/web:1.5.0"   # pinned']],
      [43, 43, ["              image: 'registry.example.com/shop/proxy:1.0'"]],
    ]);
  });

  it('adds a label to an empty flow map as a block, and to a non-empty flow map in place', () => {
    const empty = roundTrip(multi, 1, [{ op: 'add', path: '/metadata/labels/app', value: 'shop' }], (d) => {
      d['metadata']['labels'] = { app: 'shop' };
    });
    expect(empty.edits.map((e) => e.lines)).toEqual([['    labels:', '        app: shop']]);
    const flow = roundTrip(multi, 0, [{ op: 'add', path: '/metadata/labels/owner', value: 'team-web' }], (d) => {
      d['metadata']['labels']['owner'] = 'team-web';
    });
    expect(flow.edits.map((e) => e.lines)).toEqual([['  labels: {app: shop, tier: "front", owner: team-web}   # flow mapping']]);
  });

  it('removes fields: a block entry, a flow entry, a whole list item, the first key of an item', () => {
    const host = roundTrip(multi, 1, [{ op: 'remove', path: '/spec/template/spec/hostNetwork' }], (d) => {
      delete d['spec']['template']['spec']['hostNetwork'];
    });
    expect(host.edits).toEqual([{ file: 'multi-doc.yaml', startLine: 48, endLine: 48, lines: [] }]);
    roundTrip(multi, 0, [{ op: 'remove', path: '/metadata/labels/tier' }], (d) => delete d['metadata']['labels']['tier']);
    roundTrip(multi, 1, [{ op: 'remove', path: `${C}/1` }], (d) => d['spec']['template']['spec']['containers'].splice(1, 1));
    const first = roundTrip(multi, 1, [{ op: 'remove', path: `${C}/0/name` }], (d) => delete container(d, 0)['name']);
    expect(first.after).toContain('            - image: "registry.example.com/shop/web:1.4.2"   # pinned\n');
    // Removing the only label leaves an empty map, and an absent path is ignored as Kyverno does.
    roundTrip(multi, 1, [{ op: 'remove', path: '/spec/template/metadata/labels/app' }], (d) => {
      d['spec']['template']['metadata']['labels'] = {};
    });
    expect(edited(multi, 1, [{ op: 'remove', path: '/metadata/annotations/none' }]).edits).toEqual([]);
  });

  it('edits flow sequences and flow mappings inside block sequences', () => {
    const ports = roundTrip(
      multi,
      1,
      [
        { op: 'add', path: `${C}/0/ports/-`, value: 9090 },
        { op: 'add', path: `${C}/0/ports/0`, value: 80 },
      ],
      (d) => (container(d, 0)['ports'] = [80, 8080, 8443, 9090]),
    );
    expect(ports.edits.map((e) => e.lines)).toEqual([['              ports: [80, 8080, 8443, 9090]']]);
    const svc = roundTrip(multi, 2, [{ op: 'add', path: '/spec/ports/0/name', value: 'http' }], (d) => {
      d['spec']['ports'][0]['name'] = 'http';
    });
    expect(svc.edits.map((e) => e.lines)).toEqual([['    - {port: 80, targetPort: 8080, name: http}']]);
  });

  it('refuses edits that would change an anchored node shared through an alias', () => {
    const through = editsForPatch('multi-doc.yaml', multi, 1, [{ op: 'add', path: `${C}/1/env/-`, value: { name: 'A', value: 'b' } }]);
    expect(through.ok).toBe(false);
    if (!through.ok) expect(through.error).toMatch(/alias/);
    const shared = editsForPatch('multi-doc.yaml', multi, 1, [{ op: 'replace', path: `${C}/0/env/0/value`, value: 'debug' }]);
    expect(shared.ok).toBe(false);
    // Replacing the alias itself is fine.
    roundTrip(multi, 1, [{ op: 'replace', path: `${C}/1/env`, value: [] }], (d) => (container(d, 1)['env'] = []));
  });

  it('fails rather than guessing when the patch does not apply', () => {
    const missing = editsForPatch('multi-doc.yaml', multi, 1, [{ op: 'replace', path: '/spec/paused', value: true }]);
    expect(missing.ok).toBe(false);
    expect(editsForPatch('multi-doc.yaml', multi, 7, [{ op: 'add', path: '/a', value: 1 }]).ok).toBe(false);
    expect(editsForPatch('multi-doc.yaml', multi, 1, [{ op: 'test', path: '/spec/replicas', value: 3 }]).ok).toBe(false);
  });
});

describe('other styles', () => {
  it('follows 2-space indentation with indented sequences, and plain scalars', () => {
    const { edits } = roundTrip(
      indented,
      0,
      [
        { op: 'add', path: `${C}/-`, value: { name: 'cron', image: 'ghcr.io/example/cron:2.0.1', args: ['--once'] } },
        { op: 'replace', path: `${C}/1/image`, value: 'ghcr.io/example/worker:2.1.0' },
        { op: 'add', path: '/metadata/labels/team', value: 'payments' },
      ],
      (d) => {
        d['metadata']['labels'] = { team: 'payments' };
        container(d, 1)['image'] = 'ghcr.io/example/worker:2.1.0';
        d['spec']['template']['spec']['containers'].push({ name: 'cron', image: 'ghcr.io/example/cron:2.0.1', args: ['--once'] });
      },
    );
    expect(edits.map((e) => e.lines)).toEqual([
      ['  labels:', '    team: payments'],
      ['          image: ghcr.io/example/worker:2.1.0', '        - name: cron', '          image: ghcr.io/example/cron:2.0.1', '          args:', '            - --once'],
    ]);
  });

  it('edits a JSON file as JSON', () => {
    const text = readFileSync(join(FIXTURES, 'pod.json'), 'utf8');
    const { after, edits } = edited(text, 0, [{ op: 'add', path: '/spec/containers/0/securityContext/runAsNonRoot', value: true }], 'pod.json');
    expect(edits.map((e) => e.lines)).toEqual([['        "image": "nginx:1.25",', '        "securityContext": {"runAsNonRoot": true}']]);
    expect(JSON.parse(after).spec.containers[0].securityContext).toEqual({ runAsNonRoot: true });
  });

  it('keeps CRLF line endings', () => {
    const crlf = indented.replace(/\n/g, '\r\n');
    const { after, edits } = edited(crlf, 0, [{ op: 'add', path: `${C}/0/securityContext/runAsNonRoot`, value: true }]);
    expect(edits.flatMap((e) => e.lines).some((l) => l.includes('\r'))).toBe(false);
    expect(after.split('\r\n').length).toBe(crlf.split('\r\n').length + 2);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('merging the fixes of several findings', () => {
  const runAsNonRoot: JsonPatchOperation[] = [{ op: 'add', path: `${C}/1/securityContext/runAsNonRoot`, value: true }];
  const noEscalation: JsonPatchOperation[] = [{ op: 'add', path: `${C}/1/securityContext`, value: { allowPrivilegeEscalation: false } }];

  it('re-derives colliding edits for the same container from the combined fixes', () => {
    const a = editsForPatch('multi-doc.yaml', multi, 1, runAsNonRoot);
    const b = editsForPatch('multi-doc.yaml', multi, 1, noEscalation);
    if (!a.ok || !b.ok) throw new Error('fixes should apply alone');
    const bare = mergeEdits([...a.value, ...b.value]);
    expect(bare.ok).toBe(false);
    const fixes = [
      { documentIndex: 1, patch: runAsNonRoot },
      { documentIndex: 1, patch: noEscalation },
    ];
    const merged = mergeEdits([...a.value, ...b.value], [{ file: 'multi-doc.yaml', text: multi, fixes }]);
    if (!merged.ok) throw new Error(merged.error);
    expect(merged.value).toHaveLength(1);
    const after = applyEdits(multi, merged.value);
    if (!after.ok) throw new Error(after.error);
    const expected = documentsOf(multi) as Doc[];
    container(expected[1] as Doc, 1)['securityContext'] = { runAsNonRoot: true, allowPrivilegeEscalation: false };
    expect(documentsOf(after.value)).toEqual(expected);
    expect(changedOutsideEdits(multi, after.value, merged.value)).toBeUndefined();
  });

  it('keeps separate edits apart, joins touching ones and drops duplicates', () => {
    const image = editsForPatch('multi-doc.yaml', multi, 1, [{ op: 'replace', path: `${C}/0/image`, value: 'web:2' }]);
    const host = editsForPatch('multi-doc.yaml', multi, 1, [{ op: 'remove', path: '/spec/template/spec/hostNetwork' }]);
    const ports = editsForPatch('multi-doc.yaml', multi, 1, [{ op: 'replace', path: `${C}/0/ports`, value: [8080] }]);
    if (!image.ok || !host.ok || !ports.ok) throw new Error('fixes should apply alone');
    const merged = mergeEdits([...host.value, ...image.value, ...ports.value, ...image.value]);
    if (!merged.ok) throw new Error(merged.error);
    expect(merged.value.map((e) => [e.startLine, e.endLine, e.lines.length])).toEqual([
      [37, 38, 2],
      [48, 48, 0],
    ]);
  });

  it('combines fixes on several documents of a file', () => {
    const edits = editsForFixes('multi-doc.yaml', multi, [
      { documentIndex: 2, patch: [{ op: 'replace', path: '/metadata/namespace', value: 'shop' }] },
      { documentIndex: 0, patch: [{ op: 'replace', path: '/data/mode', value: 'staging' }] },
    ]);
    if (!edits.ok) throw new Error(edits.error);
    expect(edits.value.map((e) => e.lines)).toEqual([['  mode: "staging"'], ['metadata: {name: shop, namespace: shop}']]);
  });
});

describe('unifiedDiff', () => {
  it('is a git-style diff of the edited file', () => {
    const { after } = edited(multi, 1, [{ op: 'add', path: `${C}/1/securityContext/runAsNonRoot`, value: true }]);
    const diff = unifiedDiff('deploy/multi-doc.yaml', multi, after);
    const lines = diff.split('\n');
    expect(lines.slice(0, 3)).toEqual(['--- a/deploy/multi-doc.yaml', '+++ b/deploy/multi-doc.yaml', '@@ -43,6 +43,8 @@']);
    expect(lines.filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toEqual([
      '+              securityContext:',
      '+                  runAsNonRoot: true',
    ]);
    expect(lines.filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]);
    expect(unifiedDiff('x.yaml', multi, multi)).toBe('');
  });
});

describe('property: generated patches on the fixtures', () => {
  const VALUES: unknown[] = [true, 0, 7, 'x', 'on', 'a: b', '0644', '', 'multi\nline', null, { a: 1 }, { deep: { list: ['x', 2] } }, [], [1, 'two'], {}, "it's", '#hash', '- dash', 'ünï'];
  it('gives the patched resource with only the edited lines changed, or refuses because of an alias', () => {
    let seed = 20_261_123;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const counts = { ok: 0, refused: 0 };
    for (const [file, text] of [['multi-doc.yaml', multi], ['indented-seq.yaml', indented]] as const) {
      const docs = documentsOf(text);
      for (let n = 0; n < 150; n++) {
        const index = Math.floor(random() * docs.length);
        const expected = structuredClone(docs) as Doc[];
        const patch: JsonPatchOperation[] = [];
        for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
          const all = nodesOf(expected[index]).filter((x) => x.path !== '');
          const target = pick(all);
          const value = structuredClone(pick(VALUES)) as JsonPatchOperation['value'];
          const maps = all.filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value));
          const lists = all.filter((x) => Array.isArray(x.value));
          const op: JsonPatchOperation = pick([
            { op: 'replace', path: target.path, value },
            { op: 'remove', path: target.path },
            { op: 'add', path: `${pick(maps).path}/new-${n}-${k}`, value },
            lists.length > 0 ? { op: 'add', path: `${pick(lists).path}/${pick(['-', '0'])}`, value } : { op: 'remove', path: target.path },
          ] as JsonPatchOperation[]);
          patch.push(op);
          applySimple(expected[index], op);
        }
        const edits = editsForPatch(file, text, index, patch);
        if (!edits.ok) {
          expect(edits.error, JSON.stringify(patch)).toMatch(/alias/);
          counts.refused++;
          continue;
        }
        const after = applyEdits(text, edits.value);
        if (!after.ok) throw new Error(after.error);
        expect(documentsOf(after.value), JSON.stringify(patch)).toEqual(expected);
        expect(changedOutsideEdits(text, after.value, edits.value)).toBeUndefined();
        counts.ok++;
      }
    }
    expect(counts.ok).toBeGreaterThan(counts.refused);
  });
});

const CORPUS = [
  { name: 'gitops', dir: '/work/shared/corpus/gitops', size: 60 },
  { name: 'kyverno-policies test resources', dir: '/work/shared/corpus/kyverno-policies', size: 60 },
];

describe.each(CORPUS)('property: runAsNonRoot on the first container of Deployments in $name', ({ dir, size }) => {
  it.skipIf(!existsSync(dir))('edits only the inserted lines and reads back as the patched resource', () => {
    const cases: { file: string; text: string; index: number; docs: unknown[] }[] = [];
    for (const file of yamlFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('Deployment')) continue;
      let docs: unknown[];
      try {
        docs = documentsOf(text);
      } catch {
        continue; // templates and other non-YAML
      }
      docs.forEach((doc, index) => {
        const d = doc as Doc | null;
        if (d?.['kind'] === 'Deployment' && Array.isArray(d['spec']?.['template']?.['spec']?.['containers'])) cases.push({ file, text, index, docs });
      });
    }
    const sample = cases.filter((_, i) => i % Math.max(1, Math.floor(cases.length / size)) === 0);
    expect(sample.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const { file, text, index, docs } of sample) {
      const patch: JsonPatchOperation[] = [{ op: 'add', path: `${C}/0/securityContext/runAsNonRoot`, value: true }];
      const edits = editsForPatch(file, text, index, patch);
      if (!edits.ok) {
        failures.push(`${file}#${index}: ${edits.error}`);
        continue;
      }
      const after = applyEdits(text, edits.value);
      if (!after.ok) throw new Error(after.error);
      const expected = structuredClone(docs) as Doc[];
      const c0 = container(expected[index] as Doc, 0);
      const had = c0['securityContext'];
      c0['securityContext'] = { ...(had !== null && typeof had === 'object' ? had : {}), runAsNonRoot: true };
      expect(documentsOf(after.value), file).toEqual(expected);
      expect(changedOutsideEdits(text, after.value, edits.value), file).toBeUndefined();
      // One new line, or two when securityContext is created; a flow or empty securityContext is rewritten on its line.
      expect(edits.value.flatMap((e) => e.lines).length, file).toBeLessThanOrEqual(2);
    }
    expect(failures).toEqual([]);
  });
});
