import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinPoliciesDir } from '../core/package-files.ts';
import { loadPolicyDirs } from './load-policy-dirs.ts';
import { loadPolicyDirsWithSnapshot, readPolicySnapshot, writePolicySnapshot } from './policy-snapshot.ts';

const work = mkdtempSync(join(tmpdir(), 'preadmit-snapshot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('policy snapshot (the built-in policies loaded at build time)', () => {
  it('gives exactly what loading the files gives, also from another location of the same folder', async () => {
    const built = join(work, 'built', 'policies');
    cpSync(builtinPoliciesDir(), built, { recursive: true });
    const file = join(work, 'policies.v8');
    await writePolicySnapshot(built, file);
    // installed elsewhere: same files, another absolute path
    const installed = join(work, 'installed', 'policies');
    cpSync(built, installed, { recursive: true });
    const fromSnapshot = readPolicySnapshot(installed, file);
    expect(fromSnapshot).toBeDefined();
    expect(fromSnapshot!.policies.length).toBeGreaterThan(10);
    expect(fromSnapshot).toEqual(await loadPolicyDirs([installed]));
    expect(JSON.stringify(fromSnapshot)).not.toContain(built);
  });

  it('is ignored when any file of the folder changed, or is missing or unreadable', async () => {
    const dir = join(work, 'edited', 'policies');
    cpSync(builtinPoliciesDir(), dir, { recursive: true });
    const file = join(work, 'edited.v8');
    await writePolicySnapshot(dir, file);
    expect(readPolicySnapshot(dir, file)).toBeDefined();
    const extra = join(dir, 'developer', 'team.yaml');
    writeFileSync(extra, 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: team\nspec:\n  rules:\n    - name: team\n      match:\n        any:\n          - resources:\n              kinds: [ConfigMap]\n      validate:\n        message: name the team\n        pattern:\n          metadata:\n            labels:\n              team: "?*"\n');
    expect(readPolicySnapshot(dir, file)).toBeUndefined();
    const loaded = await loadPolicyDirsWithSnapshot([dir], dir, file);
    expect(loaded.policies.map((p) => p.meta.name)).toContain('team');
    expect(readPolicySnapshot(dir, join(work, 'missing.v8'))).toBeUndefined();
    const broken = join(work, 'broken.v8');
    writeFileSync(broken, 'not a snapshot');
    expect(readPolicySnapshot(dir, broken)).toBeUndefined();
  });

  it('keeps the order of the other folders around it', async () => {
    const dir = join(work, 'order', 'policies');
    cpSync(builtinPoliciesDir(), dir, { recursive: true });
    const file = join(work, 'order.v8');
    await writePolicySnapshot(dir, file);
    const other = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'cel', 'deny');
    const dirs = [other, dir, other];
    expect(await loadPolicyDirsWithSnapshot(dirs, dir, file)).toEqual(await loadPolicyDirs(dirs));
  });
});
