import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { loadPolicyDirs, type PolicySet } from './load-policy-dirs.ts';

/**
 * A policy folder loaded once at build time (`npm run build` writes the built-in policies'
 * snapshot into dist/): each `preadmit check` then skips reading, parsing and validating the
 * same YAML again. The snapshot holds a fingerprint of every file of the folder; when any file
 * differs (an edited checkout, another Node.js), the folder is loaded from its files as always.
 */
const PLACEHOLDER = '\u0000policy-dir\u0000';

interface Snapshot {
  node: string;
  fingerprint: string;
  set: PolicySet;
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(d, entry.name);
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path, relPath);
      else if (entry.isFile()) out.push(relPath);
    }
  };
  walk(dir, '');
  return out;
}

/** Every file of the folder, by relative path and content. */
export function folderFingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const rel of files(dir)) hash.update(rel).update('\u0000').update(readFileSync(join(dir, rel))).update('\u0000');
  return hash.digest('hex');
}

/** Replace every string in a loaded policy set (objects, arrays, Maps, Sets), in place. */
function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = mapStrings(value[i], fn);
    return value;
  }
  if (value instanceof Map) {
    const entries = [...value.entries()];
    value.clear();
    for (const [k, v] of entries) value.set(mapStrings(k, fn), mapStrings(v, fn));
    return value;
  }
  if (value instanceof Set) {
    const items = [...value];
    value.clear();
    for (const item of items) value.add(mapStrings(item, fn));
    return value;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof RegExp)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = mapStrings(record[key], fn);
  }
  return value;
}

/** Load `dir` and write its snapshot to `out` (paths inside kept relative to the folder). */
export async function writePolicySnapshot(dir: string, out: string): Promise<PolicySet> {
  const root = resolve(dir);
  const set = await loadPolicyDirs([root]);
  const portable = deserialize(serialize(set)) as PolicySet;
  mapStrings(portable, (s) => (s.startsWith(root) ? PLACEHOLDER + s.slice(root.length) : s));
  const snapshot: Snapshot = { node: process.versions.v8, fingerprint: folderFingerprint(root), set: portable };
  writeFileSync(out, serialize(snapshot));
  return set;
}

/** The snapshot's policy set when it is for this folder as it is now, else undefined. */
export function readPolicySnapshot(dir: string, file: string): PolicySet | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const snapshot = deserialize(readFileSync(file)) as Snapshot;
    if (snapshot.node !== process.versions.v8 || snapshot.fingerprint !== folderFingerprint(dir)) return undefined;
    const root = resolve(dir);
    mapStrings(snapshot.set, (s) => (s.startsWith(PLACEHOLDER) ? root + s.slice(PLACEHOLDER.length) : s));
    return snapshot.set;
  } catch {
    return undefined;
  }
}

/**
 * loadPolicyDirs, reading `snapshotDir` from `snapshotFile` when that snapshot is current;
 * the other folders are loaded from their files. Same result as loadPolicyDirs(dirs).
 */
export async function loadPolicyDirsWithSnapshot(dirs: readonly string[], snapshotDir: string, snapshotFile: string): Promise<PolicySet> {
  const at = dirs.findIndex((d) => resolve(d) === resolve(snapshotDir));
  const cached = at >= 0 ? readPolicySnapshot(snapshotDir, snapshotFile) : undefined;
  if (!cached) return loadPolicyDirs(dirs);
  const before = at > 0 ? await loadPolicyDirs(dirs.slice(0, at)) : undefined;
  const after = at < dirs.length - 1 ? await loadPolicyDirs(dirs.slice(at + 1)) : undefined;
  const parts = [before, cached, after].filter((p): p is PolicySet => p !== undefined);
  return {
    policies: parts.flatMap((p) => p.policies),
    exceptions: parts.flatMap((p) => p.exceptions),
    problems: parts.flatMap((p) => p.problems),
  };
}
