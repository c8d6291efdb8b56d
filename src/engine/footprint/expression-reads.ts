import { compile } from '@jmespath-community/jmespath';
import { at, consume, CONST, eitherOf, opaqueOf, top, type Abstract } from './abstract-value.ts';
import type { FootprintBuilder, Path } from './footprint.ts';
import type { JmespathNode as Node } from '../jmespath/ast.ts';


interface Walk {
  reads: FootprintBuilder;
  /** What `$` stands for: the scope, or a context variable's `value`. */
  root: Abstract;
}

const extend = (paths: readonly Path[], segment: string | null, reads: FootprintBuilder): Path[] =>
  paths.map((p) => {
    const next = [...p, segment];
    reads.nav(next);
    return next;
  });

/** `request.<name>` as the scope builds it for a CREATE or UPDATE request. */
function requestField(name: string, reads: FootprintBuilder): Abstract {
  switch (name) {
    case 'object':
      reads.nav([]);
      return at([[]]);
    case 'name':
    case 'namespace':
      reads.nav(['metadata']);
      reads.nav(['metadata', name]);
      return at([['metadata', name]]);
    case 'kind':
      reads.whole(['kind']);
      reads.whole(['apiVersion']);
      return at([['kind'], ['apiVersion']], 0, true);
    default:
      return CONST;
  }
}

function field(value: Abstract, name: string, reads: FootprintBuilder): Abstract {
  switch (value.k) {
    case 'const':
    case 'top':
      return value;
    case 'scope':
      return value.bindings.get(name) ?? CONST;
    case 'request':
      return requestField(name, reads);
    case 'paths':
      if (value.opaque) return value;
      if (value.depth > 0) return CONST;
      return at(extend(value.paths, name, reads));
  }
}

function index(value: Abstract, position: number, reads: FootprintBuilder): Abstract {
  if (value.k === 'scope' || value.k === 'request') return CONST;
  if (value.k !== 'paths' || value.opaque) return value;
  if (value.depth > 0) return at(value.paths, value.depth - 1);
  return at(extend(value.paths, position >= 0 ? String(position) : null, reads));
}

function slice(value: Abstract, reads: FootprintBuilder): Abstract {
  if (value.k === 'scope' || value.k === 'request') return CONST;
  if (value.k !== 'paths' || value.opaque || value.depth > 0) return value;
  return at(extend(value.paths, null, reads), 1);
}

/** The elements a projection walks: of a list (or, for `*`, of an object's values). */
function elementsOf(value: Abstract, reads: FootprintBuilder, objectValues: boolean): Abstract {
  if (value.k === 'scope' || value.k === 'request') return objectValues ? top('a projection over the variable scope') : CONST;
  if (value.k !== 'paths' || value.opaque) return value;
  if (value.depth > 0) return objectValues ? CONST : at(value.paths, value.depth - 1);
  return at(extend(value.paths, null, reads));
}

/** A projection's result: the list of what its right side gave for each element. */
function listOf(value: Abstract): Abstract {
  if (value.k === 'scope' || value.k === 'request') return top('a projection yields the variable scope');
  if (value.k !== 'paths' || value.opaque) return value;
  return at(value.paths, value.depth + 1);
}

function flatten(value: Abstract, reads: FootprintBuilder): Abstract {
  if (value.k === 'scope' || value.k === 'request') return CONST;
  if (value.k !== 'paths' || value.opaque) return value;
  if (value.depth === 0) {
    const items = extend(value.paths, null, reads);
    return at([...items, ...extend(items, null, reads)], 1);
  }
  if (value.depth === 1) return at([...value.paths, ...extend(value.paths, null, reads)], 1);
  return at(value.paths, value.depth - 1);
}

function visit(node: Node | undefined, value: Abstract, walk: Walk): Abstract {
  if (node === undefined) return top('an incomplete expression');
  const { reads } = walk;
  switch (node.type) {
    case 'Field':
      return field(value, node.name ?? '', reads);
    case 'Identity':
    case 'Current':
      return value;
    case 'Root':
      return walk.root;
    case 'Literal':
      return CONST;
    case 'Subexpression':
    case 'IndexExpression':
    case 'Pipe':
      return visit(node.right, visit(node.left, value, walk), walk);
    case 'Index':
      return index(value, typeof node.value === 'number' ? node.value : -1, reads);
    case 'Slice':
      return slice(value, reads);
    case 'Projection':
      return listOf(visit(node.right, elementsOf(visit(node.left, value, walk), reads, false), walk));
    case 'ValueProjection':
      return listOf(visit(node.right, elementsOf(visit(node.left, value, walk), reads, true), walk));
    case 'FilterProjection': {
      const elements = elementsOf(visit(node.left, value, walk), reads, false);
      consume(visit(node.condition, elements, walk), reads);
      return listOf(visit(node.right, elements, walk));
    }
    case 'Flatten':
      return flatten(visit(node.child, value, walk), reads);
    case 'Comparator':
    case 'Arithmetic':
      consume(visit(node.left, value, walk), reads);
      consume(visit(node.right, value, walk), reads);
      return CONST;
    case 'Unary':
      consume(visit(node.operand, value, walk), reads);
      return CONST;
    case 'NotExpression':
      consume(visit(node.child, value, walk), reads);
      return CONST;
    case 'OrExpression':
    case 'AndExpression': {
      const left = visit(node.left, value, walk);
      consume(left, reads);
      return opaqueOf([left, visit(node.right, value, walk)], reads);
    }
    case 'Ternary':
      consume(visit(node.condition, value, walk), reads);
      return opaqueOf([visit(node.trueExpr, value, walk), visit(node.falseExpr, value, walk)], reads);
    case 'MultiSelectList': {
      const items = (node.children ?? []).map((c) => visit(c, value, walk));
      const item = eitherOf(items, reads);
      return item.k === 'paths' && !item.opaque ? at(item.paths, item.depth + 1) : item.k === 'const' ? CONST : opaqueOf([item], reads);
    }
    case 'MultiSelectHash':
      return opaqueOf((node.children ?? []).map((c) => visit(c.value as Node | undefined, value, walk)), reads);
    case 'Function': {
      const children = node.children ?? [];
      const data = opaqueOf(children.filter((c) => c.type !== 'ExpressionReference').map((c) => visit(c, value, walk)), reads);
      for (const c of children) if (c.type === 'ExpressionReference') consume(visit(c.child, data, walk), reads);
      return data;
    }
    default:
      return top(`JMESPath ${node.type} is not analysed`);
  }
}

const PARSED = new Map<string, Node | null>();

function parse(expression: string): Node | null {
  let ast = PARSED.get(expression);
  if (ast === undefined) {
    try {
      ast = compile(expression, { enable_legacy_literals: true }) as unknown as Node;
    } catch {
      ast = null;
    }
    if (PARSED.size < 10_000) PARSED.set(expression, ast);
  }
  return ast;
}

/**
 * The first name of an expression that is a plain chain (`a.b[0].c`), whose missing name
 * is an error (Kyverno's "Unknown key"); undefined for any other expression.
 */
export function chainRoot(expression: string): string | undefined {
  let node: Node | null | undefined = parse(expression.trim());
  while (node && (node.type === 'Subexpression' || node.type === 'IndexExpression')) {
    if (node.type === 'IndexExpression' && node.right?.type !== 'Index') return undefined;
    if (node.type === 'Subexpression' && node.right?.type !== 'Field') return undefined;
    node = node.left;
  }
  return node?.type === 'Field' ? node.name : undefined;
}

/**
 * What a JMESPath expression evaluated against `input` (the scope, or a context variable's
 * value) yields, recording what it reads along the way. An expression that does not
 * compile reads nothing: it fails the same way on every resource.
 */
export function expressionValue(expression: string, input: Abstract, reads: FootprintBuilder): Abstract {
  const query = expression.trim();
  if (query === '') return CONST;
  const ast = parse(query);
  if (ast === null) return CONST;
  return visit(ast, input, { reads, root: input });
}
