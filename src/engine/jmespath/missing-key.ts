import type { JsonValue } from '../../core/json.ts';

/** The parts of a JMESPath AST this check reads (the library's node types, structurally). */
interface AstNode {
  type: string;
  name?: string;
  left?: AstNode;
  right?: AstNode;
}

type Visit = (node: AstNode, value: JsonValue) => JsonValue;

function truthy(value: JsonValue): boolean {
  if (value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * Kyverno's interpreter reports a field missing from an object as NotFoundError ("Unknown
 * key"), but only along the top-level chain of fields and indexes (a.b.c, a[0].b) and the
 * right side of `&&`: functions, pipes, `||`, projections, filters and multi-selects turn
 * it into null. Returns the missing key, or undefined when the expression resolves.
 */
export function missingKey(node: AstNode, value: JsonValue, visit: Visit): string | undefined {
  switch (node.type) {
    case 'Field': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      const name = node.name ?? '';
      return Object.prototype.hasOwnProperty.call(value, name) ? undefined : name;
    }
    case 'Subexpression':
    case 'IndexExpression': {
      if (!node.left || !node.right) return undefined;
      const inLeft = missingKey(node.left, value, visit);
      if (inLeft !== undefined) return inLeft;
      const left = visit(node.left, value);
      if (left === null) return undefined;
      return missingKey(node.right, left, visit);
    }
    case 'AndExpression': {
      if (!node.left || !node.right) return undefined;
      return truthy(visit(node.left, value)) ? missingKey(node.right, value, visit) : undefined;
    }
    default:
      return undefined;
  }
}
