import { FunctionError, stringArg, type KyvernoFunction } from '../function-types.ts';
import { parseImageReference } from '../image-reference.ts';

export const IMAGE_FUNCTIONS: readonly KyvernoFunction[] = [
  {
    name: 'image_normalize', arity: 1,
    call: (a) => {
      const info = parseImageReference(stringArg('image_normalize', a, 0));
      if (typeof info === 'string') throw new FunctionError('image_normalize', info);
      return info.reference;
    },
  },
  {
    name: 'is_external_url', arity: 1,
    call: (a) => {
      const text = stringArg('is_external_url', a, 0);
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return false;
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (host === '' || host === 'localhost') return false;
      if (/^(127\.|10\.|192\.168\.|169\.254\.|0\.)/.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host)) return false;
      if (host === '::1' || /^f[cd]/i.test(host) || /^fe80:/i.test(host)) return false;
      return true;
    },
  },
];
