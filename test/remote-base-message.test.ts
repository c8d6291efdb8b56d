/**
 * Issue 12: a remote kustomize base is refused with advice that exists (vendor it), not a
 * configuration setting that does not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'preadmit-remote-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'overlay'));
writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), 'resources:\n  - https://github.com/acme/base//deploy?ref=v1\n  - cm.yaml\n');
writeFileSync(join(dir, 'overlay', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
mkdirSync(join(dir, 'broken'));
writeFileSync(join(dir, 'broken', 'kustomization.yaml'), 'resources:\n  - cm.yaml\n  - policy.yaml\n');
writeFileSync(join(dir, 'broken', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
mkdirSync(join(dir, 'config'));
writeFileSync(
  join(dir, 'config', 'kustomization.yaml'),
  'resources:\n  - cm.yaml\nconfigurations:\n  - kustomizeconfig/kinds.yaml\npatches:\n  - path: patch.yaml\n  - patch: |-\n      - op: add\n        path: /data/b\n        value: c\n    target: {kind: ConfigMap}\nconfigMapGenerator:\n  - name: settings\n    files:\n      - app.properties=props/app.properties\n',
);
writeFileSync(join(dir, 'config', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
writeFileSync(join(dir, 'config', 'patch.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: y}\n');

interface ReportedFinding {
  rule: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

/** `preadmit check PATH --format json` in the fixture tree: its exit status and first finding, placed as `file:line:column`. */
async function firstFinding(path: string): Promise<{ code: number; finding: ReportedFinding | undefined; place: string }> {
  let out = '';
  const code = await run(['check', path, '--format', 'json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir });
  const [finding] = (JSON.parse(out) as { findings: ReportedFinding[] }).findings;
  return { code, finding, place: `${finding?.file}:${finding?.line}:${finding?.column}` };
}

describe('a remote kustomize resource', () => {
  it('is a located render error that says to vendor it', async () => {
    const { code, finding, place } = await firstFinding('overlay');
    expect(code).toBe(1);
    expect(finding?.rule).toBe('render-error');
    // on the entry itself, where a pull request annotation points
    expect(place).toBe('overlay/kustomization.yaml:2:5');
    expect(finding?.message).toContain('overlay/kustomization.yaml:2:5: remote resource "https://github.com/acme/base//deploy?ref=v1" is not fetched');
    expect(finding?.message).toContain('Vendor it into the repository (copy the base, or run `kustomize localize`)');
    expect(finding?.message).not.toMatch(/allow remote resources in the configuration/);
  });
});

describe('a kustomize resource entry that names no file', () => {
  it('is a render error on the entry that says the file does not exist, not kustomize\'s own words', async () => {
    const { code, finding, place } = await firstFinding('broken');
    expect(code).toBe(1);
    expect(finding?.rule).toBe('render-error');
    expect(place).toBe('broken/kustomization.yaml:3:5');
    expect(finding?.message).toContain('broken/kustomization.yaml:3:5: resources entry "policy.yaml" does not exist in the repository; fix the path or add the file');
    expect(finding?.message).not.toContain('evalsymlink');
  });
});

describe('a kustomization file reference other than a resource that names no file', () => {
  it('is a render error on the first such entry, naming its field and every missing entry', async () => {
    const { code, finding, place } = await firstFinding('config');
    expect(code).toBe(1);
    expect(finding?.rule).toBe('render-error');
    expect(place).toBe('config/kustomization.yaml:4:5');
    expect(finding?.message).toContain('config/kustomization.yaml:4:5: configurations entry "kustomizeconfig/kinds.yaml" does not exist in the repository; fix the path or add the file');
    expect(finding?.message).toContain('config/kustomization.yaml:15:9: configMapGenerator files entry "props/app.properties" does not exist in the repository');
    // the patch file that exists and the inline patch are not named
    expect(finding?.message).not.toContain('patch.yaml');
    expect(finding?.message).not.toContain('op: add');
    expect(finding?.message).not.toContain('evalsymlink');
  });
});

describe('a kustomization naming a file above its directory', () => {
  it('is a render error on that entry, with how to lift the load restrictor', async () => {
    mkdirSync(join(dir, 'up', 'overlay'), { recursive: true });
    writeFileSync(join(dir, 'up', 'overlay', 'kustomization.yaml'), 'resources:\n  - cm.yaml\npatches:\n  - path: ../patch.yaml\n');
    writeFileSync(join(dir, 'up', 'overlay', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    writeFileSync(join(dir, 'up', 'patch.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: y}\n');
    const { code, finding, place } = await firstFinding('up/overlay');
    expect(code).toBe(1);
    expect(finding?.rule).toBe('render-error');
    expect(place).toBe('up/overlay/kustomization.yaml:4:5');
    expect(finding?.message).toContain(`up/overlay/kustomization.yaml:4:5: patches entry "../patch.yaml" is a file outside the kustomization's directory, which kustomize does not read by default`);
    expect(finding?.message).toContain('set kustomize.loadRestrictorNone: true in .github/preadmit.yml');
  });
});

describe('a kustomize patch that does not apply', () => {
  it('is a render error on the patch: a strategic merge patch matching no resource, on its name', async () => {
    mkdirSync(join(dir, 'unmatched'));
    writeFileSync(join(dir, 'unmatched', 'kustomization.yaml'), 'resources:\n  - cm.yaml\npatches:\n  - path: patch.yaml\n');
    writeFileSync(join(dir, 'unmatched', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    writeFileSync(join(dir, 'unmatched', 'patch.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata: {x: y}\n');
    const { code, finding, place } = await firstFinding('unmatched');
    expect(code).toBe(1);
    expect(finding?.rule).toBe('render-error');
    expect(place).toBe('unmatched/patch.yaml:4:3');
    expect(finding?.message).toContain('no resource matches strategic merge patch "ConfigMap.v1.[noGrp]/b.[noNs]"');
  });
});
