import { toPointer } from '../core/json.ts';

interface PointerTarget {
  /** Pointer of the current foreach element (or of the resource). */
  pointer: string;
}

const PATH = /^\s*\{\{\s*(request\.object|element)((?:\.(?:[A-Za-z_][\w-]*|"[^"]+"))*)/;
const ANY_OBJECT_PATH = /(?<![\w.])(request\.object|element)((?:\.(?:[A-Za-z_][\w-]*|"[^"]+"))+)/g;

/**
 * The resource field a simple variable reads, e.g. `{{ request.object.spec.hostNetwork }}`
 * → /spec/hostNetwork, `{{ element.image }}` → <element>/image. Undefined when the
 * expression is not a plain path.
 */
export function pointerOfExpression(key: string, target: PointerTarget): string | undefined {
  const match = PATH.exec(key);
  if (!match) return undefined;
  return pointerOf(match[1] ?? '', match[2] ?? '', target);
}

/**
 * The deepest resource field an expression reads anywhere inside it (the first of equally
 * deep ones), e.g. `keys(request.object.metadata.annotations)` → /metadata/annotations,
 * `image_normalize(element.image)` → <element>/image (given the element's pointer): where a
 * finding about a computed value is best shown. Undefined when it reads none.
 */
export function pointerReadBy(expression: string, target?: PointerTarget): string | undefined {
  let best: string | undefined;
  for (const m of expression.matchAll(ANY_OBJECT_PATH)) {
    if (m[1] === 'element' && target === undefined) continue;
    const pointer = pointerOf(m[1] ?? '', m[2] ?? '', target ?? { pointer: '' });
    const depth = (pointer ?? '').split('/').length;
    if (pointer !== undefined && (best === undefined || depth > best.split('/').length)) best = pointer;
  }
  return best;
}

function pointerOf(root: string, path: string, target: PointerTarget): string | undefined {
  const segments = path
    .slice(1)
    .split(/\.(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .filter((s) => s !== '')
    .map((s) => s.replace(/^"|"$/g, ''));
  if (root === 'request.object') return toPointer(segments);
  return target.pointer + toPointer(segments);
}
