import { describe, expect, it } from 'vitest';
import { parseRangedDocuments } from '../yaml-ranges.ts';
import { kustomizeErrorPlace } from './error-place.ts';
import type { PatchEntry } from './patch-entries.ts';

const entry = (file: string, text: string, format: PatchEntry['format']): PatchEntry => ({ file, format, docs: parseRangedDocuments(text), scope: new Set() });

const smp = entry('app/replicas.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: webb\nspec:\n  replicas: 2\n', 'strategic-merge');
const ops = entry('app/ops.yaml', '- op: add\n  path: /metadata/labels/x\n  value: y\n- op: replace\n  path: /spec/nothere/x\n  value: 3\n', 'json6902');

describe('kustomizeErrorPlace', () => {
  it('places an unmatched strategic merge patch on its name', () => {
    const error = 'error: no resource matches strategic merge patch "Deployment.v1.apps/webb.[noNs]": no matches for Id Deployment.v1.apps/webb.[noNs]; failed to find unique target for patch Deployment.v1.apps/webb.[noNs]';
    expect(kustomizeErrorPlace(error, [ops, smp])).toBe('app/replicas.yaml:4:3');
    expect(kustomizeErrorPlace(error.replaceAll('webb', 'other'), [ops, smp])).toBeUndefined();
    expect(kustomizeErrorPlace('error: no resource matches strategic merge patch "Deployment.v1.apps/webb.shop": no matches', [smp])).toBe('app/replicas.yaml:4:3');
  });

  it('places a JSON 6902 operation on a missing path on that operation', () => {
    expect(kustomizeErrorPlace('error: replace operation does not apply: doc is missing path: /spec/nothere/x: missing value', [smp, ops])).toBe('app/ops.yaml:5:3');
    // two patches with that path: no single place
    expect(kustomizeErrorPlace('error: replace operation does not apply: doc is missing path: /spec/nothere/x: missing value', [ops, ops])).toBeUndefined();
  });

  it('leaves other errors unplaced', () => {
    expect(kustomizeErrorPlace('error: accumulating resources: something else', [smp, ops])).toBeUndefined();
  });
});
