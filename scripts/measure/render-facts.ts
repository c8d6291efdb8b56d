/**
 * What every render root of a tree produces, for comparing a tree before and after
 * `check --fix`: the resources' identities, their pod templates' containers and volumes,
 * and whether each pod template is well-formed.
 */
import { isObject, type JsonObject, type JsonValue } from '../../src/core/json.ts';
import { renderRoot } from '../../src/render/render-root.ts';
import { findRoots } from '../../src/render/roots/find-roots.ts';
import { toolOptionsFromEnv } from '../../src/render/tool-paths.ts';
import { isRenderError } from '../../src/render/types.ts';
import { directoryTree } from '../../src/workspace/fs-tree.ts';
import { appendAll } from '../../src/core/append-all.ts';

export interface RootFacts {
  root: string;
  renderer: string;
  error?: string;
  /** kind/namespace/name of every resource, sorted. */
  identities: string[];
  /** Per resource: its containers (name=image) and volumes (name:type), sorted. */
  workloads: Record<string, string>;
  /** Pod templates that are not well-formed, with why. */
  malformed: string[];
}

const TEMPLATE_KEYS = new Set(['metadata', 'spec']);

function podSpecs(object: JsonObject): { where: string; template?: JsonObject; spec: JsonObject }[] {
  const spec = object['spec'];
  if (!isObject(spec)) return [];
  if (object['kind'] === 'Pod') return [{ where: '/spec', spec }];
  const out: { where: string; template?: JsonObject; spec: JsonObject }[] = [];
  const template = spec['template'];
  if (isObject(template) && isObject(template['spec'])) out.push({ where: '/spec/template', template, spec: template['spec'] });
  const job = spec['jobTemplate'];
  const jobTemplate = isObject(job) && isObject(job['spec']) ? job['spec']['template'] : undefined;
  if (isObject(jobTemplate) && isObject(jobTemplate['spec'])) out.push({ where: '/spec/jobTemplate/spec/template', template: jobTemplate, spec: jobTemplate['spec'] });
  return out;
}

const list = (value: JsonValue | undefined): JsonValue[] => (Array.isArray(value) ? value : []);

function describeWorkload(object: JsonObject): { summary: string; malformed: string[] } {
  const parts: string[] = [];
  const malformed: string[] = [];
  for (const { where, template, spec } of podSpecs(object)) {
    if (template) for (const key of Object.keys(template)) if (!TEMPLATE_KEYS.has(key)) malformed.push(`${where}/${key} is not a pod template field`);
    const containers = [...list(spec['initContainers']), ...list(spec['containers'])];
    if (list(spec['containers']).length === 0) malformed.push(`${where}: no containers`);
    for (const c of containers) {
      if (!isObject(c) || typeof c['name'] !== 'string' || typeof c['image'] !== 'string') malformed.push(`${where}: a container without name or image`);
      else parts.push(`${c['name']}=${c['image']}`);
    }
    for (const v of list(spec['volumes'])) {
      if (isObject(v)) parts.push(`volume ${String(v['name'])}:${Object.keys(v).filter((k) => k !== 'name').sort().join(',')}`);
    }
  }
  return { summary: parts.sort().join(' '), malformed };
}

function identity(object: JsonObject): string {
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  return `${String(object['kind'])}/${String(metadata['namespace'] ?? '')}/${String(metadata['name'] ?? '')}`;
}

export async function renderFacts(dir: string): Promise<RootFacts[]> {
  const tree = directoryTree(dir);
  const out: RootFacts[] = [];
  for (const root of findRoots(tree)) {
    if (root.renderer === 'plain') continue;
    const result = await renderRoot(root, dir, { tools: toolOptionsFromEnv(process.env) });
    const facts: RootFacts = { root: root.valuesFiles?.length ? `${root.path} (values ${root.valuesFiles.join(', ')})` : root.path, renderer: root.renderer, identities: [], workloads: {}, malformed: [] };
    if (isRenderError(result)) {
      facts.error = result.error;
    } else {
      for (const resource of result.resources) {
        const id = identity(resource.object);
        facts.identities.push(id);
        const described = describeWorkload(resource.object);
        if (described.summary !== '') facts.workloads[id] = described.summary;
        appendAll(facts.malformed, described.malformed.map((m) => `${id} ${m}`));
      }
      facts.identities.sort();
    }
    out.push(facts);
  }
  return out;
}
