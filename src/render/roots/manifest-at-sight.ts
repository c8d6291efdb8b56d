import { documentRegions } from '../../fix/document-regions.ts';
import { isKubernetesTypeMeta } from './kubernetes-object.ts';

/** A top-level `key: value` line whose value is one plain or quoted word, with an optional comment. */
const line = (key: string): RegExp => new RegExp(`^${key}:[ \\t]+(?:"([^"\\\\]*)"|'([^']*)'|([^\\s"'#&*!|>{}\\[\\],%@\`][^\\s#]*))[ \\t]*(?:#.*)?\\r?$`);
const API_VERSION_LINE = line('apiVersion');
const KIND_LINE = line('kind');
const STARTS_KEY = (key: string): RegExp => new RegExp(`^${key}:`, 'm');
/** Column-0 constructs that could make a top-level line something else than a key of the document's mapping. */
const EXOTIC = /^(?:---[ \t]*[^\s#]|[{}[\]?&*!|>'"%\t])/m;
/** Plain words the YAML core schema reads as booleans or null, not strings. */
const NOT_STRINGS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);
/** API groups whose objects name further roots (Argo CD, Flux): their files are always read in full. */
const GITOPS = /argoproj\.io|fluxcd\.io/;

function valueOf(match: RegExpExecArray): string | undefined {
  return match[1] ?? match[2] ?? match[3];
}

/**
 * Whether a YAML file surely holds a Kubernetes object that names no other roots, told from its
 * text without parsing it: the first document with a top-level apiVersion or kind line has exactly
 * one of each, each a single word followed by nothing but a comment and no continuation, naming a
 * Kubernetes type (see isKubernetesTypeMeta). Such a document reads as a mapping with those
 * values; were it broken, its lines would still count (holdsKubernetesObjects). Undefined when the
 * text does not say for sure — the file is then parsed.
 */
export function kubernetesAtSight(path: string, text: string): true | undefined {
  if (!/\.ya?ml$/i.test(path) || GITOPS.test(text) || EXOTIC.test(text)) return undefined;
  if (!STARTS_KEY('apiVersion').test(text) || !STARTS_KEY('kind').test(text)) return undefined;
  for (const region of documentRegions(text)) {
    const lines = text.slice(region.start, region.end).split('\n');
    const apiLines = lines.flatMap((l, i) => (l.startsWith('apiVersion:') ? [i] : []));
    const kindLines = lines.flatMap((l, i) => (l.startsWith('kind:') ? [i] : []));
    if (apiLines.length === 0 && kindLines.length === 0) continue;
    if (apiLines.length !== 1 || kindLines.length !== 1) return undefined;
    const values: string[] = [];
    for (const [at, pattern] of [[apiLines[0] as number, API_VERSION_LINE], [kindLines[0] as number, KIND_LINE]] as const) {
      const match = pattern.exec(lines[at] ?? '');
      const value = match ? valueOf(match) : undefined;
      if (value === undefined || NOT_STRINGS.has(value)) return undefined;
      // the next line that says something starts at column 0: the value does not go on
      const next = lines.slice(at + 1).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
      if (next !== undefined && /^[ \t]/.test(next)) return undefined;
      values.push(value);
    }
    const [apiVersion, kind] = values as [string, string];
    return isKubernetesTypeMeta(apiVersion, kind) ? true : undefined;
  }
  return undefined;
}
