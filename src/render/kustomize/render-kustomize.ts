import { writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isObject } from '../../core/json.ts';
import { kustomizeErrorPlace } from './error-place.ts';
import { readReplacements, replacementErrorPlace } from './replacement-place.ts';
import { parseRenderedOutput, scrubPaths, withoutRanges } from '../rendered-output.ts';
import { runTool } from '../run-tool.ts';
import type { TempTree } from '../temp-tree.ts';
import { toolEnv } from '../tool-env.ts';
import { resolveHelm, resolveKustomize } from '../tools.ts';
import type { RenderedResource, RenderOptions, RenderResult, RenderRoot } from '../types.ts';
import { findKustomizationFile, type KustomizationFile } from './kustomization-file.ts';
import { treeRelative, walkKustomizations } from './kustomization-tree.ts';
import { enableOriginAnnotations, ORIGIN_ANNOTATION, takeOrigin } from './origin-annotation.ts';
import { kustomizeSourceMaps } from './source-map.ts';
import type { RenderedWithOrigin } from './source-map.ts';

const ORIGIN_POINTER = `/metadata/annotations/${ORIGIN_ANNOTATION.replace(/\//g, '~1')}`;

/** kustomize's refusal of `helmCharts` when it was not given --enable-helm. */
const HELM_OFF = /must specify --enable-helm/;

/** A kustomization's `helmCharts`, refused because preadmit's setting is off: said on that key, with the setting that turns it on. */
function helmChartsOff(treeDir: string, kustomizations: readonly KustomizationFile[]): string | undefined {
  const holder = kustomizations.find((k) => k.doc.value['helmCharts'] !== undefined);
  const range = holder?.doc.ranges.get('/helmCharts');
  if (holder === undefined || range === undefined) return undefined;
  return (
    `${treeRelative(treeDir, holder.path)}:${range.start.line}:${range.start.column}: helmCharts are inflated only when kustomize.helmCharts is on in .github/preadmit.yml ` +
    `(from charts vendored under helmGlobals.chartHome; never fetched): turn it on to check what this kustomization deploys`
  );
}

/**
 * `kustomize build` (or `kubectl kustomize`) of a kustomization directory in a
 * private copy of the tree: remote resources are refused before running unless
 * allowed, no plugin or exec function is enabled, origin annotations are added
 * to the copy's kustomization to map every resource back to its file.
 */
export async function renderKustomize(root: RenderRoot, temp: TempTree, options: RenderOptions): Promise<RenderResult> {
  const fail = (error: string): RenderResult => ({ root, error });
  const dir = resolve(temp.tree, root.path);
  const rootDir = relative(temp.tree, dir).split(sep).join('/') || '.';
  if (rootDir.startsWith('..')) return fail(`${root.path} is outside the repository`);
  const kustomizationPath = await findKustomizationFile(dir);
  if (kustomizationPath === undefined) return fail(`${root.path} has no kustomization.yaml, kustomization.yml or Kustomization`);
  const facts = await walkKustomizations(temp.tree, dir, temp.linksLeftOut);
  if (facts.refused.length > 0) return fail(facts.refused.join('\n'));
  if (facts.remote.length > 0 && options.allowRemoteResources !== true) return fail(facts.remote.join('\n'));
  const tool = await resolveKustomize(options.tools);
  if (!tool.ok) return fail(`kustomize is not available: ${tool.error}`);
  const extraArgs: string[] = [];
  if (options.kustomizeLoadRestrictorNone === true) extraArgs.push('--load-restrictor', 'LoadRestrictionsNone');
  if (options.kustomizeHelmCharts === true) {
    const helm = await resolveHelm(options.tools);
    if (!helm.ok) return fail(`helm is not available for helmCharts: ${helm.error}`);
    if (helm.value.baseArgs.length > 0) return fail('helmCharts need a helm executable kustomize can run on its own');
    // kustomize asks `helm version -c` (a Helm 2 flag) and accepts only Helm 3, whose `template`
    // preadmit's Helm keeps: a private wrapper answers the version question, and runs the rest.
    const quoted = `'${helm.value.command.replace(/'/g, `'\\''`)}'`;
    const wrapper = join(temp.home, 'helm-for-kustomize');
    await writeFile(wrapper, `#!/bin/sh\nif [ "$1" = version ]; then echo v3.99.0; exit 0; fi\nexec ${quoted} "$@"\n`, { mode: 0o700 });
    extraArgs.push('--enable-helm', '--helm-command', wrapper);
  }
  const enabled = await enableOriginAnnotations(kustomizationPath);
  if (!enabled.ok) return fail(`${rootDir}/${relative(dir, kustomizationPath)}: ${enabled.error}`);
  const run = await runTool(tool.value.command, [...tool.value.baseArgs, ...extraArgs, rootDir], {
    cwd: temp.tree,
    env: toolEnv(temp.home, options.allowRemoteResources === true),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.maxOutputBytes !== undefined ? { maxOutputBytes: options.maxOutputBytes } : {}),
    ...(options.maxMemoryBytes !== undefined ? { maxMemoryBytes: options.maxMemoryBytes } : {}),
  });
  // a build that fails over an entry naming nothing is said with that entry's place, not kustomize's own words
  if ('error' in run) {
    if (facts.missing.length > 0) return fail(facts.missing.join('\n'));
    const error = scrubPaths(run.error, temp.tree);
    if (RESTRICTED.test(error)) return fail(withRestrictorHint(error, facts.aboveRoot));
    if (HELM_OFF.test(error) && options.kustomizeHelmCharts !== true) return fail(helmChartsOff(temp.tree, facts.kustomizations) ?? error);
    // an error about one patch or replacement is placed on it
    const place = kustomizeErrorPlace(error, facts.patches) ?? replacementErrorPlace(error, await readReplacements(temp.tree, facts.kustomizations));
    return fail(place === undefined ? error : `${place}: ${error}`);
  }
  const parsed = parseRenderedOutput(`${rootDir} (kustomize build)`, run.stdout);
  if ('error' in parsed) return fail(parsed.error);
  const keep = enabled.value.alreadyOn;
  const rendered: (RenderedWithOrigin & { removed: string[] })[] = parsed.resources.map((resource) => {
    const taken = takeOrigin(resource.object, keep);
    const removed = taken.object === resource.object ? [] : [ORIGIN_POINTER];
    const metadata = taken.object['metadata'];
    if (removed.length > 0 && isObject(metadata) && !('annotations' in metadata)) removed.push('/metadata/annotations');
    return { object: taken.object, origin: taken.origin, removed };
  });
  const maps = await kustomizeSourceMaps({ treeDir: temp.tree, rootDir, patches: facts.patches, kustomizations: facts.kustomizations }, rendered);
  const resources: RenderedResource[] = rendered.map((item, index) => {
    const map = maps[index];
    const resource: RenderedResource = {
      object: item.object,
      root: root.path,
      origin: withoutRanges(parsed.resources[index]!.origin, item.removed),
      sourceOf: map?.sourceOf ?? (() => undefined),
    };
    if (map) resource.sourceOperation = map.sourceOperation;
    return resource;
  });
  return { root, resources };
}

/** kustomize's load restrictor refusing a file outside the kustomization's directory. */
const RESTRICTED = /is not in or below/;

/**
 * The restrictor's refusal, with how preadmit lifts it. `aboveRoot`: the entries naming such
 * files, each located (see KustomizationTree), said instead of kustomize's own words when there are any.
 */
function withRestrictorHint(error: string, aboveRoot: readonly string[]): string {
  return `${aboveRoot.length > 0 ? aboveRoot.join('\n') : error}\nkustomize reads only files in or below the kustomization's directory. If your deploy tool builds with --load-restrictor LoadRestrictionsNone (as Argo CD's kustomize.buildOptions can), set kustomize.loadRestrictorNone: true in .github/preadmit.yml; otherwise move the file under the kustomization or make its directory a kustomization of its own.`;
}
