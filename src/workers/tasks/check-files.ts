import type { Document } from 'yaml';
import { join } from 'node:path';
import { packageRoot } from '../../core/package-files.ts';
import type { JsonValue } from '../../core/json.ts';
import { parseManifestText } from '../../manifest/parse.ts';
import type { HeldDocuments } from '../../fix/held-documents.ts';
import { documentPiece, type PieceStart } from '../../manifest/document-pieces.ts';
import { DEFAULT_LIMITS } from '../../manifest/parse-options.ts';
import type { ParsedFile } from '../../manifest/types.ts';
import type { PolicyException } from '../../policy/exceptions.ts';
import type { Finding } from '../../core/finding.ts';
import { appendAll } from '../../core/append-all.ts';
import { checkParsedFiles, manifestExceptionsOf, type CheckResult, type ResourceFix } from '../../pipeline/check.ts';
import { joinPlanned, planHere, type PlannedFixes } from '../../pipeline/planned-fixes.ts';
import { sortFindings } from '../../report/order.ts';
import { readTreeText } from '../../workspace/fs-tree.ts';
import { policyCache, type PolicySource } from '../policy-cache.ts';
import { defineTask } from '../task.ts';

export interface CheckFilesInput {
  policies: PolicySource;
  /** Directory the paths are relative to; a file without `text` is read from it. */
  dir: string;
  files: { path: string; text?: string; piece?: { index: number; of: number } }[];
  /** PolicyExceptions in force (from the policy folders and from the whole tree's manifests). */
  exceptions: PolicyException[];
  variables: Record<string, JsonValue>;
  /** Derive and compose fixes. */
  fixes: boolean;
  /**
   * The PolicyExceptions of the tree's manifests when the caller checks its files in parts
   * (see CheckOptions.exceptionsInManifests), or false to apply none; by default they are read from `files`.
   */
  inManifests?: PolicyException[] | false;
  /**
   * Plan the fixes' source edits here, with the texts just read (see planned-fixes.ts): the
   * findings come back with their edits and `fixes` is empty. `files`: also the texts after the
   * fixes (for --fix and --diff).
   */
  plan?: { files: boolean };
}

export interface CheckFilesOutput extends CheckResult {
  /** Resources read from each file, in input order. */
  resources: number[];
  /** With `plan`: the edits planned here. */
  planned?: PlannedFixes;
  /** A piece of a file (see document-pieces.ts) whose reading stopped at a limit: the file must be read whole. */
  stopped?: true;
}

const UNREADABLE = 'cannot read the file (binary, unreadable or too large)';

/**
 * A plain manifest file as a render root reads it: parsed with positions, a located problem when
 * unreadable. `keep` receives the documents read (see parseManifestText).
 */
export function parsePlainFile(path: string, text: string | undefined, keep?: (doc: Document.Parsed, documentIndex: number) => void, at?: PieceStart): ParsedFile {
  const parsed = parseManifestText(path, text ?? '', undefined, keep, at);
  if (text === undefined) parsed.problems.push({ file: path, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, message: UNREADABLE });
  return parsed;
}

/**
 * parsePlainFile; the documents read are left in `documents`, to be edited without parsing them
 * again (see fileEditor). `at`: where `text` starts in the file, when it is a piece of it
 * (`piece`; the first piece starts where the file does).
 */
function parseKeeping(path: string, text: string | undefined, documents: Map<string, HeldDocuments> | undefined, at?: PieceStart, piece = false): ParsedFile {
  if (!documents || text === undefined) return parsePlainFile(path, text, undefined, at);
  const docs = new Map<number, Document.Parsed>();
  const file = parsePlainFile(path, text, (doc, index) => docs.set(index, doc), at);
  const start = at?.offset ?? 0;
  if (docs.size > 0) documents.set(path, { docs, shift: start, ...(piece ? { piece: { start, end: start + text.length, line: at?.line ?? 0, document: at?.document ?? 0 } } : {}) });
  return file;
}

const policiesOf = policyCache();
const REPO = packageRoot(import.meta.url);

/** A file of the task read and parsed (a piece of it, when it is one); `stopped`: a piece that stopped at a limit. */
function readFile(input: CheckFilesInput, f: CheckFilesInput['files'][number], texts: Map<string, string | undefined>, documents: Map<string, HeldDocuments> | undefined): { parsed: ParsedFile; stopped: boolean } {
  const text = f.text ?? readTreeText(input.dir, f.path);
  if (input.plan) texts.set(f.path, text);
  if (!f.piece || text === undefined) return { parsed: parseKeeping(f.path, text, documents), stopped: false };
  const piece = documentPiece(f.path, text, f.piece.index, f.piece.of, DEFAULT_LIMITS.maxDocuments);
  const parsed = piece ? parseKeeping(f.path, piece.text, documents, piece.at, !piece.whole) : { file: f.path, resources: [], skipped: 0, problems: [] };
  return { parsed, stopped: parsed.stopped === true && !piece?.whole };
}

const STOPPED = (files: number): CheckFilesOutput => ({ findings: [], fixes: [], stats: { files: 0, resources: 0, ruleEvaluations: 0 }, resources: new Array<number>(files).fill(0), stopped: true });

/** Plain manifest files checked in a worker: read, parsed once with positions, evaluated, fixes composed. */
export const task = defineTask<CheckFilesInput, CheckFilesOutput>({
  async run(input) {
    const { policies } = await policiesOf(input.policies);
    const texts = new Map<string, string | undefined>();
    // a file's documents are kept until its fixes are planned: they are not parsed again to be edited
    const documents = input.plan ? new Map<string, HeldDocuments>() : undefined;
    // Without the manifests' PolicyExceptions given, they are read from all the files: read them all first.
    const early = input.inManifests === undefined ? input.files.map((f) => readFile(input, f, texts, documents)) : undefined;
    if (early?.some((r) => r.stopped)) return STOPPED(input.files.length);
    const inManifests = input.inManifests ?? manifestExceptionsOf((early ?? []).map((r) => r.parsed));
    const manifests = inManifests === false ? { manifestExceptions: false } : { exceptionsInManifests: inManifests };
    // One file at a time, each dropped once checked and planned: what a file's parse builds dies
    // young instead of living (and being copied by the collector) until the whole task is done.
    const findings: Finding[] = [];
    const fixes: ResourceFix[] = [];
    const resources: number[] = [];
    const planned: PlannedFixes[] = [];
    const stats = { files: 0, resources: 0, ruleEvaluations: 0 };
    for (const [index, f] of input.files.entries()) {
      const read = early?.[index] ?? readFile(input, f, texts, documents);
      if (read.stopped) return STOPPED(input.files.length);
      const result = checkParsedFiles([read.parsed], policies, input.exceptions, input.variables, { fixes: input.fixes, ...manifests });
      appendAll(findings, result.findings);
      resources.push(read.parsed.resources.length);
      stats.files += result.stats.files;
      stats.resources += result.stats.resources;
      stats.ruleEvaluations += result.stats.ruleEvaluations;
      if (input.plan) {
        planned.push(planHere(result.fixes, (file) => texts.get(file), input.plan, (file) => documents?.get(file)));
        texts.delete(f.path);
        documents?.delete(f.path);
      } else appendAll(fixes, result.fixes);
    }
    const output: CheckFilesOutput = { findings: sortFindings(findings), fixes, stats, resources };
    return input.plan ? { ...output, planned: joinPlanned(planned) } : output;
  },
  example: {
    policies: { dirs: [join(REPO, 'policies')] },
    dir: REPO,
    files: [
      { path: 'app.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n' },
      { path: 'examples/demo-repo/README.md' },
    ],
    exceptions: [],
    variables: {},
    fixes: true,
  },
});
