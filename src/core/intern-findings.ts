import type { Finding } from './finding.ts';

/**
 * Findings that come from a worker thread are copies: each has its own copy of strings that
 * thousands of findings share (policy, rule, title, description, file, kind …). Sharing them
 * again keeps a large check's memory in proportion to what differs between findings.
 */
export function internFindings(findings: readonly Finding[], known: Map<string, string> = new Map()): void {
  const one = (text: string): string => {
    const seen = known.get(text);
    if (seen !== undefined) return seen;
    known.set(text, text);
    return text;
  };
  for (const f of findings) {
    f.file = one(f.file);
    f.policy = one(f.policy);
    f.rule = one(f.rule);
    f.path = one(f.path);
    f.layer = one(f.layer) as Finding['layer'];
    f.severity = one(f.severity) as Finding['severity'];
    f.action = one(f.action) as Finding['action'];
    f.status = one(f.status) as Finding['status'];
    if (f.title !== undefined) f.title = one(f.title);
    if (f.category !== undefined) f.category = one(f.category);
    if (f.description !== undefined) f.description = one(f.description);
    if (f.fixNote !== undefined) f.fixNote = one(f.fixNote);
    if (f.resource) {
      f.resource.apiVersion = one(f.resource.apiVersion);
      f.resource.kind = one(f.resource.kind);
      if (f.resource.namespace !== undefined) f.resource.namespace = one(f.resource.namespace);
    }
    if (f.roots) f.roots = f.roots.map(one);
    for (const edit of f.edits ?? []) edit.file = one(edit.file);
  }
}
