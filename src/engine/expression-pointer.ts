import { toPointer } from '../core/json.ts';

interface PointerTarget {
  /** Pointer of the current foreach element (or of the resource). */
  pointer: string;
}

const PATH = /^\s*\{\{\s*(request\.object|element)((?:\.(?:[A-Za-z_][\w-]*|"[^"]+"))*)/;

/**
 * The resource field a simple variable reads, e.g. `{{ request.object.spec.hostNetwork }}`
 * → /spec/hostNetwork, `{{ element.image }}` → <element>/image. Undefined when the
 * expression is not a plain path.
 */
export function pointerOfExpression(key: string, target: PointerTarget): string | undefined {
  const match = PATH.exec(key);
  if (!match) return undefined;
  const segments = (match[2] ?? '')
    .slice(1)
    .split(/\.(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .filter((s) => s !== '')
    .map((s) => s.replace(/^"|"$/g, ''));
  if (match[1] === 'request.object') return toPointer(segments);
  return target.pointer + toPointer(segments);
}
