import type { JsonValue } from '../../core/json.ts';
import type { JmespathNode as Node } from './ast.ts';

/**
 * JMESPath expressions turned into JavaScript closures once, instead of walking the syntax
 * tree on every evaluation: each node does exactly what the library's TreeInterpreter.visit
 * does for it (same results, same errors), functions are still called through the
 * interpreter's runtime (Kyverno's functions, argument checks, expression references).
 * Expressions with nodes not handled here (`$`, let/variables, arithmetic) are left to the
 * interpreter.
 */


/** What of the interpreter the closures use. */
export interface InterpreterParts {
  runtime: { callFunction(name: string, args: unknown[]): unknown };
  computeSliceParams(length: number, node: unknown): { start: number; stop: number; step: number };
  slice(collection: unknown[], start: number, end: number, step: number): unknown[];
}

type Fn = (value: unknown) => unknown;

export interface ClosureProgram {
  evaluate: Fn;
  /** Kyverno's missing-key check (see missingKey), or null when the expression has no key chain to check. */
  missing: ((value: unknown) => string | undefined) | null;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The library's isFalse. */
function isFalse(obj: unknown): boolean {
  if (obj === null || obj === undefined || obj === false) return true;
  if (typeof obj === 'string') return obj === '';
  if (typeof obj === 'object') {
    if (Array.isArray(obj)) return obj.length === 0;
    return Object.keys(obj).length === 0;
  }
  return false;
}

/** The library's strictDeepEqual. */
function strictDeepEqual(first: unknown, second: unknown): boolean {
  if (first === second) return true;
  if (typeof first !== typeof second) return false;
  if (Array.isArray(first) && Array.isArray(second)) {
    if (first.length !== second.length) return false;
    for (let i = 0; i < first.length; i += 1) if (!strictDeepEqual(first[i], second[i])) return false;
    return true;
  }
  if (isPlainObject(first) && isPlainObject(second)) {
    const firstEntries = Object.entries(first);
    const secondKeys = new Set(Object.keys(second));
    if (firstEntries.length !== secondKeys.size) return false;
    for (const [key, value] of firstEntries) {
      if (!strictDeepEqual(value, second[key])) return false;
      secondKeys.delete(key);
    }
    return secondKeys.size === 0;
  }
  return false;
}

/** missing-key.ts's truthy (not quite the library's isFalse: undefined counts as true). */
function truthy(value: unknown): boolean {
  if (value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

class Unsupported extends Error {}

function compileNode(node: Node | undefined, it: InterpreterParts): Fn {
  if (node === undefined) throw new Unsupported();
  switch (node.type) {
    case 'Field': {
      const name = node.name ?? '';
      return (value) => (isPlainObject(value) ? (value[name] ?? null) : null);
    }
    case 'Current':
    case 'Identity':
      return (value) => value;
    case 'Literal': {
      const literal = node.value;
      return () => literal;
    }
    case 'Subexpression': {
      const left = compileNode(node.left, it);
      // `a.b.c` nests to the left: a field step reads its key here instead of through one more closure
      if (node.right?.type === 'Field') {
        const name = node.right.name ?? '';
        return (value) => {
          const result = left(value);
          return isPlainObject(result) ? (result[name] ?? null) : null;
        };
      }
      const right = compileNode(node.right, it);
      return (value) => {
        const result = left(value);
        return result != null ? (right(result) ?? null) : null;
      };
    }
    case 'IndexExpression':
    case 'Pipe': {
      const left = compileNode(node.left, it);
      const right = compileNode(node.right, it);
      return (value) => right(left(value));
    }
    case 'Index': {
      const position = node.value as number;
      return (value) => {
        if (!Array.isArray(value)) return null;
        const index = position < 0 ? value.length + position : position;
        return value[index] ?? null;
      };
    }
    case 'Slice':
      return (value) => {
        if (!Array.isArray(value) && typeof value !== 'string') return null;
        const { start, stop, step } = it.computeSliceParams(value.length, node);
        if (typeof value === 'string') return (it.slice([...value], start, stop, step) as string[]).join('');
        return it.slice(value, start, stop, step);
      };
    case 'Projection': {
      const leftNode = node.left;
      const allowString = leftNode?.type === 'IndexExpression' && leftNode.right?.type === 'Slice';
      const left = compileNode(leftNode, it);
      const right = compileNode(node.right, it);
      return (value) => {
        const base = left(value);
        if (allowString && typeof base === 'string') return right(base);
        if (!Array.isArray(base)) return null;
        const collected: unknown[] = [];
        for (const elem of base) {
          const current = right(elem);
          if (current !== null) collected.push(current);
        }
        return collected;
      };
    }
    case 'ValueProjection': {
      const left = compileNode(node.left, it);
      const right = compileNode(node.right, it);
      return (value) => {
        const base = left(value);
        if (!isPlainObject(base)) return null;
        const collected: unknown[] = [];
        for (const elem of Object.values(base)) {
          const current = right(elem);
          if (current !== null) collected.push(current);
        }
        return collected;
      };
    }
    case 'FilterProjection': {
      const left = compileNode(node.left, it);
      const right = compileNode(node.right, it);
      const condition = compileNode(node.condition, it);
      return (value) => {
        const base = left(value);
        if (!Array.isArray(base)) return null;
        const results: unknown[] = [];
        for (const elem of base) {
          if (isFalse(condition(elem))) continue;
          const result = right(elem);
          if (result !== null) results.push(result);
        }
        return results;
      };
    }
    case 'Flatten': {
      const child = compileNode(node.child, it);
      return (value) => {
        const original = child(value);
        return Array.isArray(original) ? original.flat() : null;
      };
    }
    case 'Comparator': {
      const left = compileNode(node.left, it);
      const right = compileNode(node.right, it);
      switch (node.name) {
        case 'EQ':
          return (value) => strictDeepEqual(left(value), right(value));
        case 'NE':
          return (value) => !strictDeepEqual(left(value), right(value));
        case 'GT':
        case 'GTE':
        case 'LT':
        case 'LTE': {
          const name = node.name;
          return (value) => {
            const first = left(value);
            const second = right(value);
            if (typeof first !== 'number' || typeof second !== 'number') return null;
            if (name === 'GT') return first > second;
            if (name === 'GTE') return first >= second;
            if (name === 'LT') return first < second;
            return first <= second;
          };
        }
        default:
          throw new Unsupported();
      }
    }
    case 'OrExpression': {
      const left = compileNode(node.left, it);
      const right = compileNode(node.right, it);
      return (value) => {
        const result = left(value);
        return isFalse(result) ? right(value) : result;
      };
    }
    case 'AndExpression': {
      const left = compileNode(node.left, it);
      const right = compileNode(node.right, it);
      return (value) => {
        const result = left(value);
        return isFalse(result) ? result : right(value);
      };
    }
    case 'NotExpression': {
      const child = compileNode(node.child, it);
      return (value) => isFalse(child(value));
    }
    case 'Ternary': {
      const condition = compileNode(node.condition, it);
      const whenTrue = compileNode(node.trueExpr, it);
      const whenFalse = compileNode(node.falseExpr, it);
      return (value) => (!isFalse(condition(value)) ? whenTrue(value) : whenFalse(value));
    }
    case 'MultiSelectList': {
      const children = (node.children ?? []).map((c) => compileNode(c, it));
      return (value) => {
        const collected: unknown[] = [];
        for (const child of children) collected.push(child(value));
        return collected;
      };
    }
    case 'MultiSelectHash': {
      const children = (node.children ?? []).map((c) => ({ name: c.name ?? '', value: compileNode(c.value as Node | undefined, it) }));
      return (value) => {
        const collected: Record<string, unknown> = {};
        for (const child of children) collected[child.name] = child.value(value);
        return collected;
      };
    }
    case 'Function': {
      const name = node.name ?? '';
      const children = (node.children ?? []).map((c): Fn => {
        if (c.type !== 'ExpressionReference') return compileNode(c, it);
        if (mentionsScope(c.child)) throw new Unsupported();
        const child = c.child;
        return () => ({ expref: true, ...child });
      });
      return (value) => {
        const args: unknown[] = [];
        for (const child of children) args.push(child(value));
        return it.runtime.callFunction(name, args);
      };
    }
    default:
      throw new Unsupported();
  }
}

/** Does a subtree read the root or variables (state the interpreter keeps between calls)? */
function mentionsScope(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(mentionsScope);
  if (node === null || typeof node !== 'object') return false;
  const type = (node as Node).type;
  if (type === 'Root' || type === 'Variable' || type === 'LetExpression' || type === 'Binding') return true;
  return Object.entries(node).some(([key, child]) => key !== 'value' && mentionsScope(child));
}

function compileMissing(node: Node | undefined, it: InterpreterParts): ((value: unknown) => string | undefined) | null {
  if (node === undefined) return null;
  switch (node.type) {
    case 'Field': {
      const name = node.name ?? '';
      return (value) => (isPlainObject(value) && !Object.prototype.hasOwnProperty.call(value, name) ? name : undefined);
    }
    case 'Subexpression':
    case 'IndexExpression': {
      if (!node.left || !node.right) return null;
      const leftMissing = compileMissing(node.left, it);
      const left = compileNode(node.left, it);
      const rightMissing = compileMissing(node.right, it);
      return (value) => {
        const inLeft = leftMissing?.(value);
        if (inLeft !== undefined) return inLeft;
        const result = left(value);
        if (result === null) return undefined;
        return rightMissing?.(result);
      };
    }
    case 'AndExpression': {
      if (!node.left || !node.right) return null;
      const left = compileNode(node.left, it);
      const rightMissing = compileMissing(node.right, it);
      if (rightMissing === null) return null;
      return (value) => (truthy(left(value)) ? rightMissing(value) : undefined);
    }
    default:
      return null;
  }
}

/** The closures of an expression, or undefined when it uses what they do not handle. */
export function compileClosure(ast: unknown, it: InterpreterParts): ClosureProgram | undefined {
  try {
    return { evaluate: compileNode(ast as Node, it), missing: compileMissing(ast as Node, it) };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
