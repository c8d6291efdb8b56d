/**
 * The peer: @monokle/validation's core "pod-security-standards" plugin, run offline.
 *
 * The plugin has no level or version setting: each rule names the Pod Security Standards
 * levels it belongs to (SARIF relationships to taxa PSS002 baseline / PSS003 restricted),
 * and the restricted-only rules are disabled by default. A level is therefore the set of
 * rules related to it. The validator is built with the library's local plugin loader
 * (never the remote one, which downloads unknown plugins from a CDN) and only this plugin,
 * so nothing needs the network; a guard around `fetch` records any attempt anyway.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Outcome } from '../src/core/outcome.ts';
import type { BenchPod, PssLevel } from './pss-pods.ts';

const PLUGIN = 'pod-security-standards';
const LEVEL_TAXON: Record<PssLevel, string> = { baseline: 'PSS002', restricted: 'PSS003' };

/** Pod id -> the peer rule IDs it violates (empty: allowed). */
export type PeerVerdicts = Map<string, string[]>;

export interface PeerEvaluator {
  level: PssLevel;
  /** The rule IDs enabled for this level, e.g. ['PSS101', …]. */
  rules: string[];
  evaluate(pods: readonly BenchPod[]): Promise<Outcome<PeerVerdicts>>;
  /** Drop the peer's parsed-YAML cache, so a timed run starts as a fresh process would. */
  clearCache(): void;
}

export interface Peer {
  name: string;
  version: string;
  evaluators: PeerEvaluator[];
  /** URLs the peer tried to fetch (blocked). */
  networkAttempts: string[];
  /** Restores `fetch`. */
  close(): void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Replace `fetch` with one that refuses and records; returns the restore function. */
function guardNetwork(attempts: string[]): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (input: Parameters<typeof fetch>[0]): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    attempts.push(url);
    return Promise.reject(new Error(`network disabled in the bench (${url})`));
  };
  return () => {
    globalThis.fetch = original;
  };
}

function peerVersion(root: string): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(root, 'node_modules/@monokle/validation/package.json'), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function createEvaluator(level: PssLevel): Promise<Outcome<PeerEvaluator>> {
  const lib = await import('@monokle/validation');
  const parser = new lib.ResourceParser();
  const validator = new lib.MonokleValidator({
    loader: new lib.DefaultPluginLoader(),
    parser,
    schemaLoader: new lib.SchemaLoader(),
    suppressors: [new lib.AnnotationSuppressor(), new lib.FingerprintSuppressor()],
    fixer: new lib.DisabledFixer(),
  });
  await validator.preload({ plugins: { [PLUGIN]: true } });
  if (!validator.getPlugin(PLUGIN)) return err(`the "${PLUGIN}" plugin did not load (failed: ${validator.getFailedPlugins().join(', ') || 'none'})`);
  const metadata = validator.rules[PLUGIN] ?? [];
  const rules = metadata.filter((rule) => (rule.relationships ?? []).some((r) => r.target.id === LEVEL_TAXON[level])).map((rule) => rule.id);
  if (rules.length === 0) return err(`the "${PLUGIN}" plugin has no rule related to ${level} (${LEVEL_TAXON[level]})`);
  const enabled = new Set(rules);
  await validator.preload({ plugins: { [PLUGIN]: true }, rules: Object.fromEntries(metadata.map((rule) => [rule.id, enabled.has(rule.id) ? 'err' : false])) });

  const evaluate = async (pods: readonly BenchPod[]): Promise<Outcome<PeerVerdicts>> => {
    try {
      const resources = pods.map((p) => ({
        id: p.id,
        fileId: p.id,
        filePath: `${p.id}.yaml`,
        fileOffset: 0,
        name: p.name,
        apiVersion: 'v1',
        kind: 'Pod',
        ...(p.namespace === undefined ? {} : { namespace: p.namespace }),
        content: p.pod,
        text: p.text,
      }));
      const response = await validator.validate({ resources });
      const verdicts: PeerVerdicts = new Map(pods.map((p) => [p.id, []]));
      for (const result of response.runs[0]?.results ?? []) {
        const id = lib.getResourceId(result);
        if (id !== undefined) verdicts.get(id)?.push(result.ruleId);
      }
      return ok(verdicts);
    } catch (error) {
      return err(`the peer failed: ${message(error)}`);
    }
  };
  return ok({ level, rules, evaluate, clearCache: () => parser.clear() });
}

/** Load the peer for both levels; an error value says why it cannot run. */
export async function loadPeer(root: string, levels: readonly PssLevel[]): Promise<Outcome<Peer>> {
  const networkAttempts: string[] = [];
  const restore = guardNetwork(networkAttempts);
  try {
    const evaluators: PeerEvaluator[] = [];
    for (const level of levels) {
      const evaluator = await createEvaluator(level);
      if (!evaluator.ok) {
        restore();
        return evaluator;
      }
      evaluators.push(evaluator.value);
    }
    return ok({ name: '@monokle/validation', version: peerVersion(root), evaluators, networkAttempts, close: restore });
  } catch (error) {
    restore();
    return err(`cannot load @monokle/validation: ${message(error)}`);
  }
}
