/** The parts of the JMESPath library's AST this project reads (its node types, structurally). */
export interface JmespathNode {
  type: string;
  name?: string;
  value?: unknown;
  left?: JmespathNode;
  right?: JmespathNode;
  child?: JmespathNode;
  condition?: JmespathNode;
  trueExpr?: JmespathNode;
  falseExpr?: JmespathNode;
  operand?: JmespathNode;
  children?: JmespathNode[];
  start?: number | null;
  stop?: number | null;
  step?: number | null;
}
