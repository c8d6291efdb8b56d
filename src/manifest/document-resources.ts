import { isScalar } from '../core/yaml-guards.ts';
import type { Document } from 'yaml';
import { isObject } from '../core/json.ts';
import type { JsonObject } from '../core/json.ts';
import type { LineIndex } from './line-index.ts';
import { expandList, isListObject } from './list-items.ts';
import { missingApiVersion } from './missing-api-version.ts';
import type { ResolvedLimits } from './parse-options.ts';
import { walkRanges } from './pointer-ranges.ts';
import { plainJs } from '../fix/plain-json.ts';
import { problemAt } from './problems.ts';
import { readsLeniently } from './lenient-read.ts';
import { repairIndentation } from './repair-indentation.ts';
import { buildLineIndex, linesFrom } from './line-index.ts';
import { yamlOptions } from './yaml-options.ts';
import { parseDocument } from 'yaml';
import type { YamlDialect } from './yaml-options.ts';
import type { ManifestOrigin, ParseProblem, SourcedResource } from './types.ts';

export interface DocumentRead {
  resources: SourcedResource[];
  skipped: number;
  problems: ParseProblem[];
}

export interface DocumentContext {
  file: string;
  documentIndex: number;
  lines: LineIndex;
  limits: ResolvedLimits;
  dialect: YamlDialect;
  text: string;
  /** The text is a document's, repaired (see repairIndentation): it is not repaired again. */
  repaired?: true;
}

/** A template action in a file read as a manifest: Go's (Helm, goreleaser, consul-template …) or a Jinja statement (Ansible, mkdocs' {% raw %}). */
const TEMPLATE_MARKER = /\{\{[^\n]*\}\}|\{%[^\n]*%\}/;

/** Errors of the strict reader that a lenient one (kubectl's) may pass over: indentation of a quoted or flow value's lines. */
const LENIENT_CODES = new Set(['MISSING_CHAR', 'BAD_INDENT', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN']);

const empty = (): DocumentRead => ({ resources: [], skipped: 0, problems: [] });

/** Turn one composed YAML document into resources with origins, or a problem. */
export function readDocument(doc: Document.Parsed, ctx: DocumentContext): DocumentRead {
  const { file, lines, limits } = ctx;
  const firstError = doc.errors.reduce<(typeof doc.errors)[number] | undefined>((first, error) => (first === undefined || error.pos[0] < first.pos[0] ? error : first), undefined);
  if (firstError) {
    const problem = problemAt(file, lines, firstError.pos[0], `Invalid ${ctx.dialect === 'json' ? 'JSON' : 'YAML'}: ${describeError(firstError.message, firstError.code, ctx.text, firstError.pos)}`);
    // the document's text as far as its errors reach (a document with errors can end before them)
    const end = doc.errors.reduce((last, error) => Math.max(last, error.pos[1]), doc.range[2]);
    if (ctx.dialect === 'kubernetes' && LENIENT_CODES.has(firstError.code) && readsLeniently(ctx.text.slice(doc.range[0], doc.range[2]))) {
      // checked as kubectl reads it, when indenting the lines YAML 1.2 wants indented reads the same
      const repaired = ctx.repaired === true ? undefined : readRepaired(doc, ctx, problem);
      if (repaired) return repaired;
      problem.message +=
        ` — kubectl reads this document (its YAML reader is lenient here), but it breaks a YAML 1.2 rule: the lines of a quoted or flow ([…] or {…}) value must be indented more than its key. ` +
        `preadmit reads YAML strictly, to place findings on their lines, so nothing in this document was checked: indent those lines (the closing quote or bracket too) further than the key.`;
      problem.document = true;
    } else if (ctx.dialect === 'kubernetes' && TEMPLATE_MARKER.test(ctx.text.slice(doc.range[0], end)) && TEMPLATE_MARKER.test(linesBefore(ctx.text, firstError.pos[0], 2))) {
      problem.message += ` — the document holds template markers ({{ … }} or {% … %}): if a tool fills it in before it is deployed, it is a template, not a manifest; leave it out with roots.exclude in .github/preadmit.yml, else fix it so it parses; nothing in it was checked.`;
      problem.document = true;
    }
    return { ...empty(), problems: [problem] };
  }
  const root = doc.contents;
  // An empty document (nothing, only comments, or an explicit null) is ignored.
  if (root === null || (isScalar(root) && root.value === null)) return empty();
  const walk = walkRanges(root, lines, { maxDepth: limits.maxDepth, merge: ctx.dialect === 'kubernetes' });
  if (walk.tooDeep !== undefined) {
    return { ...empty(), problems: [problemAt(file, lines, walk.tooDeep, tooDeepMessage(limits.maxDepth))] };
  }
  // `{{ .Values.x }}` written unquoted reads as a mapping keyed by a mapping, which no manifest can hold
  if (ctx.dialect === 'kubernetes' && walk.collectionKey !== undefined && TEMPLATE_MARKER.test(ctx.text.slice(doc.range[0], doc.range[1]))) {
    const message =
      'This document is a template, not a manifest: a template action ({{ … }}) written unquoted reads in YAML as a mapping keyed by a mapping, which Kubernetes refuses. ' +
      'If a tool fills it in before it is deployed, leave it out with roots.exclude in .github/preadmit.yml (preadmit checks what Helm and Kustomize render, not other templates); else quote the value. Nothing in it was checked.';
    return { ...empty(), problems: [{ ...problemAt(file, lines, walk.collectionKey, message), document: true }] };
  }
  // a plain document (no alias, merge key or other class of node) is built directly, as toJS builds it
  let value: unknown = plainJs(root);
  try {
    value ??= doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const aliasBomb = /alias/i.test(reason);
    const message = aliasBomb
      ? `YAML aliases expand to more than ${limits.maxAliasCount} nodes; refusing to expand them (possible "billion laughs" alias bomb).`
      : `Could not read this YAML document: ${reason}`;
    const at = walk.firstAlias ?? root.range[0];
    return { ...empty(), problems: [problemAt(file, lines, at, message)] };
  }
  const origin: ManifestOrigin = {
    file,
    documentIndex: ctx.documentIndex,
    documentRange: lines.range(doc.range[0], walk.end ?? root.range[1]),
    ranges: walk.ranges,
  };
  if (!isObject(value)) return { ...empty(), skipped: 1 };
  if (isListObject(value)) return expandList(value, origin);
  if (!isResource(value)) {
    const missing = missingApiVersion(value);
    return missing === undefined ? { ...empty(), skipped: 1 } : { ...empty(), problems: [{ ...problemAt(file, lines, root.range[0], missing), document: true }] };
  }
  return { ...empty(), resources: [{ object: value, origin }] };
}

/**
 * A document kubectl reads though a quoted or flow value's lines sit at its key's indentation:
 * read from its text with those lines indented (see repairIndentation), so its resources are
 * checked, on their own lines, as kubectl reads them; with a notice (not blocking) that says
 * which rule the file breaks, and that preadmit writes no fix into it.
 */
function readRepaired(doc: Document.Parsed, ctx: DocumentContext, problem: ParseProblem): DocumentRead | undefined {
  const text = repairIndentation(ctx.text.slice(doc.range[0], doc.range[2]));
  if (text === undefined) return undefined;
  const repaired = parseDocument(text, yamlOptions('kubernetes'));
  if (repaired.errors.length > 0) return undefined;
  const lines = linesFrom(buildLineIndex(text), ctx.lines.position(doc.range[0]).line - 1);
  const read = readDocument(repaired, { ...ctx, text, lines, repaired: true });
  if (read.resources.length === 0) return undefined;
  const notice: ParseProblem = {
    ...problem,
    message:
      `YAML 1.2 readers refuse this document (${problem.message.replace(/^Invalid YAML: /, '')}), but kubectl reads it (its YAML reader is lenient here), and so did preadmit: it was checked as kubectl reads it. ` +
      `The lines of a quoted or flow ([…] or {…}) value must be indented more than its key: indent them (the closing quote or bracket too) further than the key, so that other YAML tools read it too. ` +
      `Until then preadmit writes no fix into this document.`,
    document: true,
    notice: true,
  };
  return { ...read, resources: read.resources.map((resource) => ({ ...resource, origin: { ...resource.origin, lenient: true } })), problems: [notice, ...read.problems] };
}

export function isResource(value: JsonObject): boolean {
  return typeof value['apiVersion'] === 'string' && typeof value['kind'] === 'string';
}

export function tooDeepMessage(maxDepth: number): string {
  return `Nesting deeper than ${maxDepth} levels; this is not read as a Kubernetes manifest (the limit guards against stack exhaustion).`;
}

/** The text of the line at `offset` and of the `count` lines before it. */
function linesBefore(text: string, offset: number, count: number): string {
  let start = text.lastIndexOf('\n', offset - 1);
  for (let n = 0; n < count && start > 0; n++) start = text.lastIndexOf('\n', start - 1);
  const end = text.indexOf('\n', offset);
  return text.slice(start + 1, end === -1 ? text.length : end);
}

/** The `yaml` package's message, naming the key for a duplicate key. */
function describeError(message: string, code: string, text: string, pos: [number, number]): string {
  if (code !== 'DUPLICATE_KEY') return message;
  const key = /^("[^"\n]*"|'[^'\n]*'|[^:\n]*?)\s*:/.exec(text.slice(pos[0], pos[0] + 200))?.[1];
  return key ? `${message}: ${key} appears twice in the same mapping` : message;
}
