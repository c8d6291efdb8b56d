import { isUtf8 } from 'node:buffer';
import { buildLineIndex } from './line-index.ts';
import { problemAt } from './problems.ts';
import type { ParseProblem } from './types.ts';

/**
 * Decode file bytes as UTF-8 text, or return a located problem for binary
 * content (NUL bytes) or bytes that are not UTF-8. The position of invalid
 * UTF-8 is that of the first replacement character after lenient decoding.
 */
export function decodeManifestBytes(file: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: ParseProblem } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenient = buffer.toString('utf8');
  const nul = lenient.indexOf('\u0000');
  if (nul !== -1) {
    const message = 'File contains NUL bytes: it looks binary, not YAML or JSON; it was not read.';
    return { ok: false, problem: problemAt(file, buildLineIndex(lenient), nul, message) };
  }
  if (!isUtf8(buffer)) {
    const at = Math.max(0, lenient.indexOf('\uFFFD'));
    const message = 'File is not valid UTF-8 text; it was not read (save it as UTF-8).';
    return { ok: false, problem: problemAt(file, buildLineIndex(lenient), at, message) };
  }
  return { ok: true, text: lenient.charCodeAt(0) === 0xfeff ? lenient.slice(1) : lenient };
}
