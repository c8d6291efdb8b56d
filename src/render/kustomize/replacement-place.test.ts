import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readKustomization } from './kustomization-file.ts';
import { readReplacements, replacementErrorPlace } from './replacement-place.ts';

const tree = mkdtempSync(join(tmpdir(), 'preadmit-replacements-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

const KUSTOMIZATION = `resources:
- app.yaml
replacements:
- source:
    kind: ConfigMap
    name: settings
    fieldPath: data.host
  targets:
  - select: {kind: Deployment}
    fieldPaths:
    - spec.template.spec.containers.[name=web].env.[name=HOST].value
- path: from-secret.yaml
`;
const FILE = `source:
  kind: Secret
  name: db.credentials
  fieldPath: data.password
targets:
- select: {kind: Deployment}
  fieldPaths: [metadata.annotations.x]
`;

async function entries() {
  mkdirSync(join(tree, 'app'), { recursive: true });
  writeFileSync(join(tree, 'app/kustomization.yaml'), KUSTOMIZATION);
  writeFileSync(join(tree, 'app/from-secret.yaml'), FILE);
  const kustomization = await readKustomization(join(tree, 'app'));
  if (!kustomization) throw new Error('kustomization not read');
  return readReplacements(tree, [kustomization]);
}

describe('replacementErrorPlace', () => {
  it('places a source that selects nothing on its name, inline or in a replacement file', async () => {
    const all = await entries();
    expect(all).toHaveLength(2);
    expect(replacementErrorPlace('error: nothing selected by ConfigMap.[noVer].[noGrp]/settings.[noNs]:data.host', all)).toBe('app/kustomization.yaml:6:5');
    // a name with dots, in a component's quoted error
    expect(replacementErrorPlace(`error: accumulating components: "recursed accumulation of path 'c': nothing selected by Secret.[noVer].[noGrp]/db.credentials.[noNs]:data.password"`, all)).toBe('app/from-secret.yaml:3:3');
    expect(replacementErrorPlace('error: multiple matches for selector ConfigMap.[noVer].[noGrp]/settings.[noNs]:data.host', all)).toBe('app/kustomization.yaml:6:5');
    // another field path or kind: not this replacement
    expect(replacementErrorPlace('error: nothing selected by ConfigMap.[noVer].[noGrp]/settings.[noNs]:data.port', all)).toBeUndefined();
    expect(replacementErrorPlace('error: nothing selected by Secret.[noVer].[noGrp]/settings.[noNs]:data.host', all)).toBeUndefined();
  });

  it('places a missing source field on the source fieldPath, and a target field on its fieldPaths entry', async () => {
    const all = await entries();
    expect(replacementErrorPlace('error: fieldPath `data.password` is missing for replacement source Secret.[noVer].[noGrp]/db.credentials.[noNs]', all)).toBe('app/from-secret.yaml:4:3');
    expect(replacementErrorPlace('error: unable to find field "spec.template.spec.containers.[name=web].env.[name=HOST].value" in replacement target', all)).toBe('app/kustomization.yaml:11:7');
    expect(replacementErrorPlace('error: unable to find field "metadata.annotations.x" in replacement target: index 5 specified', all)).toBe('app/from-secret.yaml:7:16');
  });

  it('leaves other errors, and errors two replacements fit, unplaced', async () => {
    const all = await entries();
    expect(replacementErrorPlace('error: accumulating resources: something else', all)).toBeUndefined();
    expect(replacementErrorPlace('error: nothing selected by ConfigMap.[noVer].[noGrp]/settings.[noNs]:data.host', [...all, ...all])).toBeUndefined();
  });
});
