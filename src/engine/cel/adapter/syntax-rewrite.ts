/**
 * Rewrites of a parsed expression that close gaps between the CEL library and cel-go as
 * Kubernetes and Kyverno configure it. Each turns a construct into a call of an adapter
 * function; the rewritten source is parsed again.
 *
 * - `x.orValue(d)`: Kyverno keeps cel-go 0.27's lenient `orValue`, which returns a
 *   non-optional receiver unchanged (`container.volumeMounts.orValue([])`).
 * - `has(e.f)` where `e` is not a plain selection chain (`has(list[0].f)`, `has(f(x).g)`):
 *   cel-go accepts any operand; the library only identifier chains.
 * - `s.matches(re)` / `matches(s, re)`: RE2 syntax (`(?i)` …) through the Go regexp shim.
 */

interface AstNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
}

export const OR_VALUE_FUNCTION = '__orValue';
export const HAS_FUNCTION = '__has';
export const MATCHES_FUNCTION = '__matches';

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'op' in value && typeof (value as AstNode).start === 'number';
}

function children(node: AstNode): AstNode[] {
  const found: AstNode[] = [];
  const visit = (value: unknown): void => {
    if (isNode(value)) found.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  visit(node.args);
  return found.sort((a, b) => a.start - b.start);
}

function callParts(node: AstNode): { name: string; receiver?: AstNode; args: AstNode[] } | undefined {
  const args = node.args;
  if (!Array.isArray(args) || typeof args[0] !== 'string') return undefined;
  if (node.op === 'call' && Array.isArray(args[1])) return { name: args[0], args: args[1].filter(isNode) };
  if (node.op === 'rcall' && isNode(args[1]) && Array.isArray(args[2])) return { name: args[0], receiver: args[1], args: args[2].filter(isNode) };
  return undefined;
}

/** Is this a selection chain on an identifier (`a.b.c`), as the library's has() requires? */
function isIdentChain(node: AstNode): boolean {
  let current: AstNode = node;
  while (current.op === '.' || current.op === '.?') {
    const inner = Array.isArray(current.args) ? current.args[0] : undefined;
    if (!isNode(inner)) return false;
    current = inner;
  }
  return current.op === 'id';
}

/** The source text of a node with its rewritten descendants. */
function render(source: string, node: AstNode): string {
  const call = callParts(node);
  if (call) {
    const [first, second] = call.args;
    if (call.name === 'orValue' && call.receiver && call.args.length === 1 && first) {
      return `${OR_VALUE_FUNCTION}(${render(source, call.receiver)}, ${render(source, first)})`;
    }
    if (call.name === 'matches' && call.receiver && call.args.length === 1 && first) {
      return `${MATCHES_FUNCTION}(${render(source, call.receiver)}, ${render(source, first)})`;
    }
    if (call.name === 'matches' && !call.receiver && call.args.length === 2 && first && second) {
      return `${MATCHES_FUNCTION}(${render(source, first)}, ${render(source, second)})`;
    }
    if (call.name === 'has' && !call.receiver && call.args.length === 1 && first?.op === '.' && !isIdentChain(first)) {
      const [operand, field] = first.args as [AstNode, string];
      return `${HAS_FUNCTION}(${render(source, operand)}, ${JSON.stringify(field)})`;
    }
  }
  let out = '';
  let cursor = node.start;
  for (const child of children(node)) {
    if (child.start < cursor || child.end > node.end) continue;
    out += source.slice(cursor, child.start) + render(source, child);
    cursor = child.end;
  }
  return out + source.slice(cursor, node.end);
}

/** Does the expression use a construct the rewrite handles? (Cheap test before parsing twice.) */
export function mayNeedRewrite(source: string): boolean {
  return source.includes('orValue') || source.includes('has(') || source.includes('matches');
}

/** Rewrite a parsed expression; `root` is the library's AST of `source`. */
export function rewriteSyntax(source: string, root: unknown): string {
  if (!isNode(root)) return source;
  return source.slice(0, root.start) + render(source, root) + source.slice(root.end);
}
