import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonValue } from '../core/json.ts';
import { matchValue, validateAnyPattern, validatePattern, type PatternOutcome } from './pattern.ts';

const y = (text: string): JsonValue => parse(text) as JsonValue;
const run = (resource: string, pattern: string): PatternOutcome => validatePattern(y(resource), y(pattern));
const status = (resource: string, pattern: string): string => run(resource, pattern).status;

const pod = (containers: string, extra = ''): string => `
metadata:
  name: web
  labels: {app: web, tier: frontend}
spec:
${extra}
  containers:
${containers}`;

describe('validatePattern: plain structure', () => {
  const pattern = `
spec:
  containers:
  - name: "*"
    image: "!*:latest"
    resources:
      limits:
        memory: "?*"`;

  it('passes when every list element matches', () => {
    const resource = pod(`  - {name: a, image: "a:1", resources: {limits: {memory: 1Gi}}}
  - {name: b, image: "b:2", resources: {limits: {memory: 2Gi}}}`);
    expect(status(resource, pattern)).toBe('pass');
  });

  it('fails on the first element that does not match, with its pointer', () => {
    const resource = pod(`  - {name: a, image: "a:1", resources: {limits: {memory: 1Gi}}}
  - {name: b, image: "b:latest", resources: {limits: {memory: 2Gi}}}`);
    const outcome = run(resource, pattern);
    expect(outcome).toMatchObject({ status: 'fail', path: '/spec/containers/1/image' });
    if (outcome.status === 'fail') {
      expect(outcome.message).toContain('"!*:latest"');
      expect(outcome.message).toContain('"b:latest"');
    }
  });

  it('points at a missing required field', () => {
    const resource = pod(`  - {name: a, image: "a:1", resources: {requests: {memory: 1Gi}}}`);
    expect(run(resource, pattern)).toMatchObject({ status: 'fail', path: '/spec/containers/0/resources/limits' });
    const noMemory = pod(`  - {name: a, image: "a:1", resources: {limits: {cpu: 1}}}`);
    const outcome = run(noMemory, pattern);
    expect(outcome).toMatchObject({ status: 'fail', path: '/spec/containers/0/resources/limits/memory' });
    if (outcome.status === 'fail') expect(outcome.message).toContain('missing');
  });

  it('fails when the resource has another shape than the pattern', () => {
    expect(run(`spec: {containers: "oops"}`, pattern)).toMatchObject({ status: 'fail', path: '/spec/containers' });
    expect(run(`spec: []`, `spec: {a: 1}`)).toMatchObject({ status: 'fail', path: '/spec' });
  });

  it('"*" requires the key to be present and not null', () => {
    expect(status(`spec: {probe: {}}`, `spec: {probe: "*"}`)).toBe('pass');
    expect(status(`spec: {probe: 0}`, `spec: {probe: "*"}`)).toBe('pass');
    expect(run(`spec: {probe: null}`, `spec: {probe: "*"}`)).toMatchObject({ status: 'fail', path: '/spec/probe' });
    expect(run(`spec: {}`, `spec: {probe: "*"}`)).toMatchObject({ status: 'fail', path: '/spec/probe' });
  });

  it('a null pattern accepts an absent or empty field', () => {
    expect(status(`spec: {}`, `spec: {hostNetwork: null}`)).toBe('pass');
    expect(status(`spec: {hostNetwork: false}`, `spec: {hostNetwork: null}`)).toBe('pass');
    expect(status(`spec: {hostNetwork: true}`, `spec: {hostNetwork: null}`)).toBe('fail');
  });

  it('matches a scalar pattern in a list against every element of a list of scalars', () => {
    const pattern = `spec: {args: ["!--privileged*"]}`;
    expect(status(`spec: {args: [--port=1, --debug]}`, pattern)).toBe('pass');
    expect(run(`spec: {args: [--port=1, --privileged=true]}`, pattern)).toMatchObject({ status: 'fail', path: '/spec/args/1' });
    expect(status(`spec: {args: []}`, pattern)).toBe('pass');
  });

  it('also applies a scalar pattern to every element when the resource holds a list', () => {
    expect(status(`spec: {drop: [ALL, NET_RAW]}`, `spec: {drop: "?*"}`)).toBe('pass');
    expect(status(`spec: {drop: [ALL, ""]}`, `spec: {drop: "?*"}`)).toBe('fail');
  });

  it('matches nested lists position by position', () => {
    // Inner lists use their first pattern element for every value, like any list of scalars.
    const pattern = `matrix: [["?*", "ignored"], ["x*"]]`;
    expect(status(`matrix: [[1, 2], [xa, xb], [anything]]`, pattern)).toBe('pass');
    expect(run(`matrix: [[1, 2], [xa, ya]]`, pattern)).toMatchObject({ status: 'fail', path: '/matrix/1/1' });
    expect(status(`matrix: [[1, 2]]`, pattern)).toBe('fail');
  });

  it('escapes pointer segments', () => {
    const outcome = run(`metadata: {annotations: {"a/b~c": "no"}}`, `metadata: {annotations: {"a/b~c": "yes"}}`);
    expect(outcome).toMatchObject({ status: 'fail', path: '/metadata/annotations/a~1b~0c' });
  });
});

describe('validatePattern: invalid patterns are errors', () => {
  it('rejects unknown anchors, with the path', () => {
    const outcome = run(`spec: {volumes: []}`, `spec: {=(volumes): [{x(hostPath): "null"}]}`);
    expect(outcome).toMatchObject({ status: 'error', path: '/spec/volumes/0/x(hostPath)' });
    if (outcome.status === 'error') expect(outcome.message).toContain('unknown anchor');
  });
  it('rejects add-if-not-present anchors', () => {
    expect(run(`spec: {a: 1}`, `spec: {+(a): 1}`)).toMatchObject({ status: 'error', path: '/spec/a' });
  });
  it('rejects an existence anchor without a list of objects', () => {
    expect(run(`spec: {a: [1]}`, `spec: {^(a): "x"}`)).toMatchObject({ status: 'error', path: '/spec/a' });
    expect(run(`spec: {a: [1]}`, `spec: {^(a): [x]}`)).toMatchObject({ status: 'error' });
  });
  it('fails, as Kyverno does, where a resource list meets an empty pattern list', () => {
    expect(run(`spec: {a: [1]}`, `spec: {=(a): []}`)).toMatchObject({ status: 'fail', path: '/spec/a' });
    expect(status(`spec: {}`, `spec: {=(a): []}`)).toBe('pass');
  });
});

describe('validatePattern: Kyverno error on absent anchored keys', () => {
  it('reports a mismatch as an error when a conditional/negation key occurs nowhere in the resource', () => {
    const pattern = `spec: {=(volumes): [{X(hostPath): "null"}], containers: [{image: "!*:latest"}]}`;
    const outcome = run(`spec: {volumes: [{name: a, emptyDir: {}}], containers: [{image: "a:latest"}]}`, pattern);
    expect(outcome).toMatchObject({ status: 'error', path: '/spec/containers/0/image' });
    // With the anchored key present somewhere, the same mismatch is a plain failure.
    const seen = `spec: {=(volumes): [{name: "*"}], containers: [{(name): "*", image: "!*:latest"}]}`;
    expect(run(`spec: {volumes: [{name: a}], containers: [{name: c, image: "a:latest"}]}`, seen)).toMatchObject({ status: 'fail' });
  });
});

describe('validatePattern: wildcard keys in labels and annotations', () => {
  it('checks the label a wildcard key matches', () => {
    const pattern = `metadata: {labels: {"app.kubernetes.io/*": "?*"}}`;
    expect(status(`metadata: {labels: {app.kubernetes.io/name: web}}`, pattern)).toBe('pass');
    expect(run(`metadata: {labels: {app.kubernetes.io/name: ""}}`, pattern)).toMatchObject({
      status: 'fail',
      path: '/metadata/labels/app.kubernetes.io~1name',
    });
    expect(run(`metadata: {labels: {team: x}}`, pattern)).toMatchObject({ status: 'fail', path: '/metadata/labels/app.kubernetes.io~1*' });
  });
  it('keeps anchors on wildcard keys', () => {
    const pattern = `metadata: {=(annotations): {=(sidecar.*/inject): "false"}}`;
    expect(status(`metadata: {annotations: {sidecar.mesh.io/inject: "false"}}`, pattern)).toBe('pass');
    expect(status(`metadata: {annotations: {sidecar.mesh.io/inject: "true"}}`, pattern)).toBe('fail');
    expect(status(`metadata: {annotations: {other: "true"}}`, pattern)).toBe('pass');
  });
  it('does not expand wildcard keys outside labels and annotations', () => {
    expect(status(`spec: {nodeSelector: {zone-a: "1"}}`, `spec: {nodeSelector: {"zone-*": "1"}}`)).toBe('fail');
  });
});

describe('validateAnyPattern', () => {
  const patterns = [y(`spec: {runAsNonRoot: true}`), y(`spec: {runAsUser: ">0"}`)];
  it('passes when one pattern passes', () => {
    expect(validateAnyPattern(y(`spec: {runAsUser: 1000}`), patterns).status).toBe('pass');
  });
  it('fails with the reasons of every failing pattern', () => {
    const outcome = validateAnyPattern(y(`spec: {runAsUser: 0}`), patterns);
    expect(outcome).toMatchObject({ status: 'fail', path: '/spec/runAsNonRoot' });
    if (outcome.status === 'fail') {
      expect(outcome.message).toContain('anyPattern[0]');
      expect(outcome.message).toContain('anyPattern[1]');
    }
  });
  it('skips only when every pattern is skipped', () => {
    const conditional = [y(`spec: {(kind): web, a: 1}`), y(`spec: {(kind): api, a: 2}`)];
    expect(validateAnyPattern(y(`spec: {kind: db, a: 3}`), conditional).status).toBe('skip');
    expect(validateAnyPattern(y(`spec: {kind: web, a: 3}`), conditional).status).toBe('fail');
  });
  it('is an error for an empty list', () => {
    expect(validateAnyPattern(y(`{}`), []).status).toBe('error');
  });
});

describe('matchValue', () => {
  it('exposes scalar matching', () => {
    expect(matchValue('1Gi', '<=2Gi')).toBe(true);
    expect(matchValue(undefined, '?*')).toBe(false);
    expect(matchValue('nginx:1.2', 'nginx:*')).toBe(true);
  });
});
