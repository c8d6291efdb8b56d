import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text.ts';

const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

describe('decodeText', () => {
  it('reads UTF-8 (with or without a BOM) and UTF-16 with a BOM, little and big endian', () => {
    expect(decodeText(Buffer.from(pod))).toEqual({ ok: true, text: pod });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pod)]))).toEqual({ ok: true, text: pod });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pod, 'utf16le')]))).toEqual({ ok: true, text: pod });
    const be = Buffer.from(pod, 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ ok: true, text: pod });
  });

  it('refuses binary content: NUL bytes, invalid UTF-8', () => {
    expect(decodeText(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]))).toMatchObject({ ok: false });
    expect(decodeText(Buffer.from([0x61, 0xc3, 0x28]))).toMatchObject({ ok: false, reason: expect.stringContaining('binary') });
    expect(decodeText(Buffer.from(pod, 'utf16le'))).toMatchObject({ ok: false });
  });
});
