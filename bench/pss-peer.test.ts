import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateManifests } from './generate.ts';
import { pssJson, runPssPeerBench } from './pss-peer.ts';
import { loadPeer } from './pss-peer-adapter.ts';
import { podOf, yamlObjects, type BenchPod } from './pss-pods.ts';

const PSA = '/work/shared/corpus/psa-kyverno-tests';

function pod(id: string, yamlSpec: string): BenchPod {
  const made = podOf(yamlObjects(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${id}}\nspec: ${yamlSpec}\n`)[0] ?? {}, id);
  if (!made) throw new Error('not a pod');
  return made;
}

describe('the peer (@monokle/validation pod-security-standards), offline', () => {
  it('maps levels to rule sets and flags host namespaces at baseline without touching the network', async () => {
    const peer = await loadPeer(process.cwd(), ['baseline', 'restricted']);
    if (!peer.ok) throw new Error(peer.error);
    try {
      const [baseline, restricted] = peer.value.evaluators;
      expect(baseline?.rules).toContain('PSS102');
      expect(baseline?.rules.some((r) => r.startsWith('PSS2'))).toBe(false);
      expect(restricted?.rules).toEqual(expect.arrayContaining([...(baseline?.rules ?? []), 'PSS203']));
      const pods = [pod('host', '{hostNetwork: true, containers: [{name: c, image: nginx}]}'), pod('plain', '{containers: [{name: c, image: nginx}]}')];
      const verdicts = await baseline?.evaluate(pods);
      if (!verdicts?.ok) throw new Error(verdicts?.error);
      expect(verdicts.value.get('host')).toContain('PSS102');
      expect(verdicts.value.get('plain')).toEqual([]);
      expect(peer.value.networkAttempts).toEqual([]);
    } finally {
      peer.value.close();
    }
  });
});

describe('runPssPeerBench', () => {
  it('prints the summary line and a JSON object, and compares every bench pod at both levels', async () => {
    const logged: string[] = [];
    const report = await runPssPeerBench({ inputs: generateManifests(60), log: (line) => logged.push(line) });
    if (report.status !== 'ran') throw new Error(report.reason);
    expect(logged[0]).toMatch(/^pss: preadmit \d+ ms, peer \d+ ms \(peer\/preadmit [\d.]+x\); .*agreement between tools on bench pods [\d.]+%$/);
    const json: unknown = JSON.parse(logged.at(-1) ?? '');
    expect(json).toEqual(pssJson(report));
    expect(report.betweenTools.total).toBe(2 * report.corpusPods);
    expect(report.corpusPods).toBeGreaterThan(0);
    if (existsSync(PSA) && !('skipped' in report.fixtures)) {
      expect(report.fixtures.preadmit.total).toBe(report.fixtures.pods);
      expect(report.fixtures.peer.total).toBe(report.fixtures.pods);
    }
  });

  it('skips the fixture part with a note when the fixtures are absent', async () => {
    const logged: string[] = [];
    const report = await runPssPeerBench({ inputs: generateManifests(20), psaRoot: '/nonexistent/psa', log: (line) => logged.push(line) });
    if (report.status !== 'ran') throw new Error(report.reason);
    expect(report.fixtures).toEqual({ skipped: 'PSA fixtures absent (/nonexistent/psa)' });
    expect(logged[0]).toContain('PSA fixture agreement skipped (PSA fixtures absent (/nonexistent/psa))');
  });
});
