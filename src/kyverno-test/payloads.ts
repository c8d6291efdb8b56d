import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { isObject, type JsonObject } from '../core/json.ts';

/** The JSON payloads of one file (a test's `jsonPayloads`), or the problems that kept them from being read. */
export interface LoadedPayloads {
  payloads: JsonObject[];
  problems: string[];
}

export type PayloadSource = (path: string) => Promise<LoadedPayloads>;

/** Payloads from text: JSON, or YAML with one payload per document; each must be a mapping. */
export function parsePayloads(path: string, text: string): LoadedPayloads {
  const payloads: JsonObject[] = [];
  const problems: string[] = [];
  for (const [index, doc] of parseAllDocuments(text, { prettyErrors: false }).entries()) {
    const error = doc.errors[0];
    if (error) {
      const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
      problems.push(`${path}:${line}:${column}: ${error.message.split('\n')[0]}`);
      continue;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (!isObject(value as never)) {
      problems.push(`${path}: document ${index} is not a JSON object; a JSON payload must be an object (the policy reads it as \`object\`)`);
      continue;
    }
    payloads.push(value as JsonObject);
  }
  return { payloads, problems };
}

/** Read a test's JSON payload file from disk. */
export const readPayloads: PayloadSource = async (path) => {
  try {
    return parsePayloads(path, await readFile(path, 'utf8'));
  } catch (error) {
    return { payloads: [], problems: [`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`] };
  }
};
