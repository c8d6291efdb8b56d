/** A file's bytes as the text kubectl would read, or why it cannot be checked. Pure. */
export type DecodedText = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decode a manifest's bytes the way kubectl reads them: UTF-8 (a BOM dropped), or UTF-16
 * with a byte-order mark (little or big endian). Anything else that is not valid UTF-8, or
 * holds NUL bytes, is binary: it cannot be checked and says so.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const littleEndian = bytes[0] === 0xff;
    if ((bytes.length - 2) % 2 !== 0) return { ok: false, reason: 'starts with a UTF-16 byte-order mark but has an odd number of bytes' };
    const body = Buffer.from(bytes.subarray(2));
    if (!littleEndian) body.swap16();
    const text = body.toString('utf16le');
    if (text.includes('\u0000')) return { ok: false, reason: 'is UTF-16 with NUL characters (binary)' };
    return { ok: true, text };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'is not UTF-8 or UTF-16 text (binary)' };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'holds NUL bytes (binary)' };
  return { ok: true, text };
}
