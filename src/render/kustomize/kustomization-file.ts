import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { firstMapping, parseRangedDocuments } from '../yaml-ranges.ts';
import type { RangedDocument } from '../yaml-ranges.ts';
import type { JsonValue } from '../../core/json.ts';

/** File names kustomize accepts for a kustomization, in its order of preference. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export interface KustomizationFile {
  /** Absolute path. */
  path: string;
  text: string;
  doc: RangedDocument & { value: Record<string, JsonValue> };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The kustomization file name in `dir`, if any. */
export async function findKustomizationFile(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if (await isFile(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Read and parse the kustomization in `dir`; undefined when there is none or it is not a mapping. */
export async function readKustomization(dir: string): Promise<KustomizationFile | undefined> {
  const path = await findKustomizationFile(dir);
  if (path === undefined) return undefined;
  try {
    const text = await readFile(path, 'utf8');
    const doc = firstMapping(parseRangedDocuments(text));
    return doc ? { path, text, doc } : undefined;
  } catch {
    return undefined;
  }
}

/** String entries of a list field, with their index. */
export function stringEntries(value: JsonValue | undefined): { entry: string; index: number }[] {
  if (!Array.isArray(value)) return [];
  const out: { entry: string; index: number }[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string') out.push({ entry: item, index });
  });
  return out;
}

/**
 * Whether a resource/component entry names something kustomize would fetch:
 * a URL, an scp-like git address or a host-qualified repository path
 * (github.com/org/repo//dir?ref=v1). Only asked for entries that do not exist
 * on disk — kustomize tries the local path first too.
 */
export function looksRemote(entry: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return true;
  if (/^[\w.-]+@[\w.-]+:/.test(entry)) return true;
  if (/[?&]ref=/.test(entry) || /[?&](version|timeout|submodules)=/.test(entry)) return true;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?\//i.test(entry);
}
