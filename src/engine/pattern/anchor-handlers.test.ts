import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonValue } from '../../core/json.ts';
import { validatePattern, type PatternOutcome } from '../pattern.ts';

/** Anchor semantics, exercised through the public validatePattern. */
const y = (text: string): JsonValue => parse(text) as JsonValue;
const run = (resource: string, pattern: string): PatternOutcome => validatePattern(y(resource), y(pattern));
const status = (resource: string, pattern: string): string => run(resource, pattern).status;

describe('validatePattern: equality anchor =(key)', () => {
  const pattern = `spec: {=(securityContext): {=(runAsNonRoot): true}}`;
  it('checks the value only when the key is present', () => {
    expect(status(`spec: {}`, pattern)).toBe('pass');
    expect(status(`spec: {securityContext: {}}`, pattern)).toBe('pass');
    expect(status(`spec: {securityContext: {runAsNonRoot: true}}`, pattern)).toBe('pass');
    expect(run(`spec: {securityContext: {runAsNonRoot: false}}`, pattern)).toMatchObject({
      status: 'fail',
      path: '/spec/securityContext/runAsNonRoot',
    });
  });
  it('applies to optional lists', () => {
    const ports = `spec: {containers: [{=(ports): [{=(hostPort): 0}]}]}`;
    expect(status(`spec: {containers: [{name: a}]}`, ports)).toBe('pass');
    expect(status(`spec: {containers: [{ports: [{containerPort: 80}]}]}`, ports)).toBe('pass');
    expect(run(`spec: {containers: [{ports: [{containerPort: 80, hostPort: 8080}]}]}`, ports)).toMatchObject({
      status: 'fail',
      path: '/spec/containers/0/ports/0/hostPort',
    });
  });
});

describe('validatePattern: conditional anchor (key)', () => {
  const pattern = `
spec:
  containers:
  - (image): "*:latest"
    imagePullPolicy: Always`;

  it('skips the rule when no element satisfies the condition', () => {
    const outcome = run(`spec: {containers: [{image: "a:1.0", imagePullPolicy: IfNotPresent}]}`, pattern);
    expect(outcome).toMatchObject({ status: 'skip', path: '/spec/containers' });
    if (outcome.status === 'skip') expect(outcome.message).toContain('(image)');
  });

  it('checks the elements that satisfy the condition and ignores the others', () => {
    expect(status(`spec: {containers: [{image: "a:1"}, {image: "b:latest", imagePullPolicy: Always}]}`, pattern)).toBe('pass');
    expect(
      run(`spec: {containers: [{image: "a:1"}, {image: "b:latest", imagePullPolicy: Never}]}`, pattern),
    ).toMatchObject({ status: 'fail', path: '/spec/containers/1/imagePullPolicy' });
  });

  it('treats an absent anchored key as a condition that does not hold', () => {
    expect(status(`spec: {containers: [{name: a}]}`, pattern)).toBe('skip');
  });

  it('skips the rule when a condition on a map does not hold', () => {
    const hostPath = `
metadata: {labels: {allow-host: "true"}}
(spec):
  (volumes):
  - (hostPath): {path: /var/run/docker.sock}`;
    expect(status(`metadata: {labels: {}}\nspec: {}`, hostPath)).toBe('skip');
    expect(status(`metadata: {labels: {}}\nspec: {volumes: [{hostPath: {path: /tmp}}]}`, hostPath)).toBe('skip');
    expect(
      run(`metadata: {labels: {}}\nspec: {volumes: [{hostPath: {path: /var/run/docker.sock}}]}`, hostPath),
    ).toMatchObject({ status: 'fail', path: '/metadata/labels/allow-host' });
    expect(
      status(`metadata: {labels: {allow-host: "true"}}\nspec: {volumes: [{hostPath: {path: /var/run/docker.sock}}]}`, hostPath),
    ).toBe('pass');
  });

  it('skips the rule when every element of an optional list is excluded by its condition', () => {
    const volumes = `spec: {=(volumes): [{(name): "!scratch", =(emptyDir): {sizeLimit: "?*"}}]}`;
    expect(status(`spec: {volumes: [{name: scratch, emptyDir: {}}]}`, volumes)).toBe('skip');
    expect(status(`spec: {volumes: [{name: data, emptyDir: {sizeLimit: 1Gi}}]}`, volumes)).toBe('pass');
    expect(status(`spec: {volumes: [{name: data, configMap: {name: x}}]}`, volumes)).toBe('pass');
    expect(status(`spec: {volumes: [{name: data, emptyDir: {}}]}`, volumes)).toBe('fail');
  });

  it('does not skip the rule for an exempted list when a sibling key applied', () => {
    const pattern = `
spec:
  =(initContainers):
  - (name): "!mesh-init"
    =(securityContext): {=(runAsUser): ">0"}
  =(containers):
  - =(securityContext): {=(runAsUser): ">0"}`;
    // Every init container is exempted, but the containers were checked: the rule applies and passes.
    expect(status(`spec: {initContainers: [{name: mesh-init, securityContext: {runAsUser: 0}}], containers: [{name: a}]}`, pattern)).toBe('pass');
    // With nothing else in the map, the exempted list skips the rule.
    expect(status(`spec: {initContainers: [{name: mesh-init}]}`, `spec: {=(initContainers): [{(name): "!mesh-init", x: 1}]}`)).toBe('skip');
  });

  it('still lets a later failing condition skip the map after a skipped list', () => {
    const pattern = `spec: {=(aList): [{(kind): wanted}], bMap: {(c): "yes", d: 1}, eField: "ok"}`;
    expect(status(`spec: {aList: [{kind: other}], bMap: {c: "no"}, eField: "ok"}`, pattern)).toBe('skip');
    expect(status(`spec: {aList: [{kind: other}], bMap: {c: "yes", d: 1}, eField: "ok"}`, pattern)).toBe('pass');
  });

  it('keeps a recorded list skip over a later failure in the same map', () => {
    const pattern = `spec: {=(aList): [{(kind): wanted, v: 1}], zField: "ok"}`;
    expect(status(`spec: {aList: [{kind: other}], zField: "bad"}`, pattern)).toBe('skip');
    expect(status(`spec: {aList: [{kind: wanted, v: 1}], zField: "bad"}`, pattern)).toBe('fail');
  });

  it('evaluates conditions before the other keys of the same map', () => {
    // The condition does not hold, so the (failing) plain key is never reported.
    expect(status(`spec: {kind: other, replicas: 9}`, `spec: {(kind): web, replicas: "<3"}`)).toBe('skip');
    expect(status(`spec: {kind: web, replicas: 9}`, `spec: {(kind): web, replicas: "<3"}`)).toBe('fail');
  });

  it('lets conditions on several elements combine', () => {
    const initPattern = `
spec:
  =(initContainers):
  - (name): "!mesh-init"
    =(securityContext): {=(runAsUser): ">0"}
  =(containers):
  - =(securityContext): {=(runAsUser): ">0"}`;
    expect(status(`spec: {initContainers: [{name: mesh-init, securityContext: {runAsUser: 0}}], containers: [{name: a}]}`, initPattern)).toBe('pass');
    expect(status(`spec: {initContainers: [{name: setup, securityContext: {runAsUser: 0}}], containers: [{name: a}]}`, initPattern)).toBe('fail');
    expect(status(`spec: {initContainers: [{name: setup, securityContext: {runAsUser: 10}}], containers: [{securityContext: {runAsUser: 0}}]}`, initPattern)).toBe('fail');
  });
});

describe('validatePattern: global anchor <(key)', () => {
  const pattern = `
spec:
  containers:
  - name: "*"
    <(image): "registry.internal/*"
  imagePullSecrets:
  - name: internal-pull`;

  it('skips the rule when the global condition does not hold anywhere', () => {
    expect(status(`spec: {containers: [{name: a, image: docker.io/a}], imagePullSecrets: [{name: other}]}`, pattern)).toBe('skip');
  });

  it('enforces the rest of the pattern when it holds', () => {
    expect(
      run(`spec: {containers: [{name: a, image: registry.internal/a}], imagePullSecrets: [{name: other}]}`, pattern),
    ).toMatchObject({ status: 'fail', path: '/spec/imagePullSecrets/0/name' });
    expect(status(`spec: {containers: [{name: a, image: registry.internal/a}], imagePullSecrets: [{name: internal-pull}]}`, pattern)).toBe('pass');
  });

  it('does not apply when the anchored key is absent', () => {
    expect(status(`spec: {containers: [{name: a}], imagePullSecrets: [{name: internal-pull}]}`, pattern)).toBe('pass');
  });

  it('is evaluated before sibling keys', () => {
    const labelled = `metadata: {labels: {<(team): payments}}\nspec: {priorityClassName: high}`;
    expect(status(`metadata: {labels: {team: search}}\nspec: {priorityClassName: low}`, labelled)).toBe('skip');
    expect(status(`metadata: {labels: {team: payments}}\nspec: {priorityClassName: low}`, labelled)).toBe('fail');
  });
});

describe('validatePattern: negation anchor X(key)', () => {
  const pattern = `spec: {=(volumes): [{X(hostPath): "null"}]}`;
  it('fails when the forbidden key is present, whatever its value', () => {
    expect(run(`spec: {volumes: [{name: a, emptyDir: {}}, {name: b, hostPath: {path: /}}]}`, pattern)).toMatchObject({
      status: 'fail',
      path: '/spec/volumes/1/hostPath',
    });
  });
  it('passes when the key is absent', () => {
    expect(status(`spec: {volumes: [{name: a, emptyDir: {}}]}`, pattern)).toBe('pass');
    expect(status(`spec: {}`, pattern)).toBe('pass');
  });
});

describe('validatePattern: existence anchor ^(key)', () => {
  const pattern = `spec: {^(containers): [{image: "registry.internal/*"}]}`;
  it('requires at least one element to match', () => {
    expect(status(`spec: {containers: [{image: docker.io/a}, {image: registry.internal/b}]}`, pattern)).toBe('pass');
    expect(run(`spec: {containers: [{image: docker.io/a}]}`, pattern)).toMatchObject({ status: 'fail', path: '/spec/containers' });
  });
  it('requires every pattern element to be matched by some element', () => {
    const two = `spec: {^(containers): [{name: app}, {name: sidecar}]}`;
    expect(status(`spec: {containers: [{name: sidecar}, {name: app}]}`, two)).toBe('pass');
    expect(status(`spec: {containers: [{name: app}]}`, two)).toBe('fail');
  });
  it('does nothing when the key is absent, and fails on a non-list', () => {
    expect(status(`spec: {}`, pattern)).toBe('pass');
    expect(run(`spec: {containers: {image: x}}`, pattern)).toMatchObject({ status: 'fail', path: '/spec/containers' });
  });
});
