/**
 * A fix changes what fails and nothing else. A fix written as a strategic merge of a keyed
 * list (containers, init containers, env …) used to come out of the merge with the elements
 * it names first: the edit then moved the failing container above the others — and moved an
 * init container before those that must run first. The merged lists now keep their order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';
import { keepListOrder } from '../src/engine/fix/keep-order.ts';
import type { JsonObject } from '../src/core/json.ts';

interface Edit { startLine: number; endLine: number; lines: string[] }
interface JsonFinding { policy: string; edits?: Edit[]; composedEdits?: Edit[] }

const dir = mkdtempSync(join(tmpdir(), 'preadmit-fix-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      initContainers:
        - name: migrate
          image: ghcr.io/acme/migrate:1.0
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
        - name: warm-cache
          image: ghcr.io/acme/warm:1.0
          securityContext:
            privileged: true
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
      containers:
        - name: app
          image: ghcr.io/acme/app:1.0
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
        - name: sidecar
          image: ghcr.io/acme/sidecar:1.0
          securityContext:
            privileged: true
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
`;

async function findings(): Promise<JsonFinding[]> {
  writeFileSync(join(dir, 'deploy.yaml'), DEPLOYMENT);
  let out = '';
  await run(['check', 'deploy.yaml', '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
  return (JSON.parse(out) as { findings: JsonFinding[] }).findings;
}

describe('a fix of a keyed list keeps the list in order', () => {
  it('turns off privileged mode where it is on, and moves no container', async () => {
    const baseline = (await findings()).find((f) => f.policy === 'pod-security-baseline');
    // the two `privileged: true` lines (26 and 38) become false; nothing else changes
    expect(baseline?.edits).toEqual([
      { file: 'deploy.yaml', startLine: 26, endLine: 26, lines: ['            privileged: false'] },
      { file: 'deploy.yaml', startLine: 38, endLine: 38, lines: ['            privileged: false'] },
    ]);
  });

  it('puts keyed elements back in the resource order, new ones last; leaves lists it cannot key as merged', () => {
    const before: JsonObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', finalizers: ['a', 'b'] },
      spec: {
        containers: [{ name: 'one', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }, { name: 'two' }],
        volumes: [{ name: 'v1' }, { name: 'v2' }],
        tolerations: [{ key: 'a' }, { key: 'b' }],
      },
    };
    const merged: JsonObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', finalizers: ['c', 'b', 'a'] },
      spec: {
        containers: [{ name: 'two', securityContext: { privileged: false } }, { name: 'new' }, { name: 'one', env: [{ name: 'Y', value: '3' }, { name: 'X', value: '1' }] }],
        volumes: [{ name: 'v2' }, {}],
        tolerations: [{ key: 'b' }, { key: 'a' }],
      },
    };
    expect(keepListOrder(before, merged)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', finalizers: ['a', 'b', 'c'] },
      spec: {
        containers: [{ name: 'one', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '3' }] }, { name: 'two', securityContext: { privileged: false } }, { name: 'new' }],
        // an element without its key: the list is left as merged
        volumes: [{ name: 'v2' }, {}],
        // not a merged list (replaced whole by a merge): as merged
        tolerations: [{ key: 'b' }, { key: 'a' }],
      },
    });
    // a custom resource has no merge schema: nothing is reordered
    const custom = { apiVersion: 'example.com/v1', kind: 'Thing', spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    const swapped = { ...custom, spec: { containers: [{ name: 'b' }, { name: 'a' }] } };
    expect(keepListOrder(custom, swapped)).toBe(swapped);
  });
});
