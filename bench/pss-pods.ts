/**
 * The Pods the Pod Security Standards comparison runs on: the Pod Security Admission
 * fixtures (as kyverno tests, with their expected verdicts) and the Pods of the bench
 * corpus (bare Pods and the pod templates of workloads, turned into Pods).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { isArray, isObject, type JsonObject } from '../src/core/json.ts';
import { err, ok, type Outcome } from '../src/core/outcome.ts';

export type PssLevel = 'baseline' | 'restricted';
export const PSS_LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];

/** One Pod as both tools see it: the object, and its YAML text (the peer needs text). */
export interface BenchPod {
  /** Unique within its set. */
  id: string;
  name: string;
  namespace?: string;
  pod: JsonObject;
  text: string;
}

export interface FixturePod extends BenchPod {
  level: PssLevel;
  /** The fixture directory's version, e.g. 'v1.37'. */
  version: string;
  expectedAllowed: boolean;
}

/** Objects of every YAML document in a text (documents that are not mappings are left out). */
export function yamlObjects(text: string): JsonObject[] {
  return parseAllDocuments(text)
    .map((doc) => ('toJS' in doc ? (doc.toJS() as unknown) : undefined))
    .filter((value): value is JsonObject => isObject(value));
}

function podTemplate(resource: JsonObject): JsonObject | undefined {
  const spec = resource['spec'];
  if (!isObject(spec)) return undefined;
  switch (resource['kind']) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return isObject(spec['template']) ? spec['template'] : undefined;
    case 'CronJob': {
      const jobSpec = isObject(spec['jobTemplate']) && isObject(spec['jobTemplate']['spec']) ? spec['jobTemplate']['spec'] : undefined;
      return jobSpec && isObject(jobSpec['template']) ? jobSpec['template'] : undefined;
    }
    default:
      return undefined;
  }
}

function makePod(id: string, pod: JsonObject): BenchPod {
  const metadata = isObject(pod['metadata']) ? pod['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : id;
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined;
  return { id, name, ...(namespace === undefined ? {} : { namespace }), pod, text: stringify(pod) };
}

/**
 * A Pod for a bare Pod or a workload's pod template (named after the workload, in its
 * namespace); undefined for anything else.
 */
export function podOf(resource: JsonObject, id: string): BenchPod | undefined {
  if (resource['kind'] === 'Pod') return isObject(resource['spec']) ? makePod(id, { ...resource, apiVersion: 'v1' }) : undefined;
  const template = podTemplate(resource);
  if (!template || !isObject(template['spec'])) return undefined;
  const owner = isObject(resource['metadata']) ? resource['metadata'] : {};
  const metadata: JsonObject = { ...(isObject(template['metadata']) ? template['metadata'] : {}) };
  if (typeof owner['name'] === 'string') metadata['name'] = owner['name'];
  if (typeof owner['namespace'] === 'string') metadata['namespace'] = owner['namespace'];
  return makePod(id, { apiVersion: 'v1', kind: 'Pod', metadata, spec: template['spec'] });
}

/** The Pods of a set of manifest files, in order, with ids `file#document`. */
export function podsOfFiles(files: readonly { file: string; text: string }[]): BenchPod[] {
  const pods: BenchPod[] = [];
  for (const { file, text } of files) {
    yamlObjects(text).forEach((resource, index) => {
      const pod = podOf(resource, `${file}#${index}`);
      if (pod) pods.push(pod);
    });
  }
  return pods;
}

function minorOf(version: string): number {
  const match = /^v1\.(\d+)$/.exec(version);
  return match ? Number(match[1]) : -1;
}

/** The newest `v1.N` directory present under every level, e.g. 'v1.37'. */
export function newestFixtureVersion(psaRoot: string): Outcome<string> {
  const perLevel = PSS_LEVELS.map((level) => {
    const dir = join(psaRoot, level);
    return existsSync(dir) ? new Set(readdirSync(dir).filter((name) => minorOf(name) >= 0)) : new Set<string>();
  });
  const [first, ...rest] = perLevel;
  const common = [...(first ?? [])].filter((version) => rest.every((set) => set.has(version)));
  const newest = common.sort((a, b) => minorOf(b) - minorOf(a))[0];
  return newest === undefined ? err(`no v1.N fixture directory under every level in ${psaRoot}`) : ok(newest);
}

/** Expected verdicts from a kyverno-test.yaml: Pod name -> allowed (pass) or not (fail). */
export function expectedVerdicts(testText: string): Map<string, boolean> {
  const verdicts = new Map<string, boolean>();
  for (const test of yamlObjects(testText)) {
    const results = test['results'];
    if (!isArray(results)) continue;
    for (const result of results) {
      if (!isObject(result) || (result['result'] !== 'pass' && result['result'] !== 'fail')) continue;
      const names = result['resources'];
      if (!isArray(names)) continue;
      for (const name of names) if (typeof name === 'string') verdicts.set(name, result['result'] === 'pass');
    }
  }
  return verdicts;
}

/** The fixture Pods of one level and version, each with its expected verdict. */
export function loadFixturePods(psaRoot: string, level: PssLevel, version: string): Outcome<FixturePod[]> {
  const dir = join(psaRoot, level, version);
  const resourcesPath = join(dir, 'resources.yaml');
  const testPath = join(dir, 'kyverno-test.yaml');
  if (!existsSync(resourcesPath) || !existsSync(testPath)) return err(`missing resources.yaml or kyverno-test.yaml in ${dir}`);
  try {
    const expected = expectedVerdicts(readFileSync(testPath, 'utf8'));
    const pods: FixturePod[] = [];
    yamlObjects(readFileSync(resourcesPath, 'utf8')).forEach((resource, index) => {
      const pod = podOf(resource, `${level}/${version}#${index}`);
      const verdict = pod ? expected.get(pod.name) : undefined;
      if (pod && verdict !== undefined) pods.push({ ...pod, level, version, expectedAllowed: verdict });
    });
    return ok(pods);
  } catch (error) {
    return err(`cannot read fixtures in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
