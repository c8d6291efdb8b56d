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

/** A document's apiVersion and kind as read at sight. */
export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

/**
 * One document's apiVersion and kind told from its lines: `none` when it has no top-level
 * apiVersion or kind line, undefined when its lines do not say for sure (it must be parsed).
 * The text around it must be free of column-0 constructs (see EXOTIC).
 */
function typeMetaOfDocument(text: string): TypeMeta | 'none' | undefined {
  const lines = text.split('\n');
  const apiLines = lines.flatMap((l, i) => (l.startsWith('apiVersion:') ? [i] : []));
  const kindLines = lines.flatMap((l, i) => (l.startsWith('kind:') ? [i] : []));
  if (apiLines.length === 0 && kindLines.length === 0) return 'none';
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
  return { apiVersion, kind };
}

/** Can a YAML file be read document by document at sight (no JSON, no column-0 constructs that could change what a line is)? */
const readableAtSight = (path: string, text: string): boolean => /\.ya?ml$/i.test(path) && !EXOTIC.test(text);

/**
 * Whether a YAML file surely holds a Kubernetes object that names no other roots, told from its
 * text without parsing it: the first document with a top-level apiVersion or kind line has exactly
 * one of each, each a single word followed by nothing but a comment and no continuation, naming a
 * Kubernetes type (see isKubernetesTypeMeta). Such a document reads as a mapping with those
 * values; were it broken, its lines would still count (holdsKubernetesObjects). Undefined when the
 * text does not say for sure — the file is then parsed.
 */
export function kubernetesAtSight(path: string, text: string): true | undefined {
  if (!readableAtSight(path, text) || GITOPS.test(text)) return undefined;
  if (!STARTS_KEY('apiVersion').test(text) || !STARTS_KEY('kind').test(text)) return undefined;
  for (const region of documentRegions(text)) {
    const meta = typeMetaOfDocument(text.slice(region.start, region.end));
    if (meta === 'none') continue;
    return meta !== undefined && isKubernetesTypeMeta(meta.apiVersion, meta.kind) ? true : undefined;
  }
  return undefined;
}

/**
 * The documents of a YAML file told at sight as Kubernetes objects outside the Argo CD and Flux
 * groups (objects that name no other roots, such as the CustomResourceDefinitions of an install
 * bundle), as [start, end) offsets; the other documents must be parsed. Empty when the file
 * cannot be read at sight.
 */
export function plainDocumentsAtSight(path: string, text: string): { start: number; end: number; told: boolean }[] {
  if (!readableAtSight(path, text)) return [];
  return documentRegions(text).map((region) => {
    const meta = typeMetaOfDocument(text.slice(region.start, region.end));
    // a List is parsed: its items could be Argo CD or Flux objects
    const told = meta !== undefined && meta !== 'none' && !GITOPS.test(meta.apiVersion) && !meta.kind.endsWith('List') && isKubernetesTypeMeta(meta.apiVersion, meta.kind);
    return { ...region, told };
  });
}
