import type { PolicyDocument, PolicyLoadProblem } from '../load.ts';
import type { Policy } from '../types.ts';
import { BINDING_KINDS, isBindingDocument, readBinding } from './load-cel.ts';

/**
 * Attach every ValidatingAdmissionPolicyBinding / MutatingAdmissionPolicyBinding among the
 * documents to the policy it names. A binding whose policy is not loaded is a problem: it
 * would otherwise be ignored without a word.
 */
export function attachBindings(policies: readonly Policy[], documents: readonly PolicyDocument[]): PolicyLoadProblem[] {
  const problems: PolicyLoadProblem[] = [];
  for (const doc of documents) {
    if (!isBindingDocument(doc.object)) continue;
    const messages: string[] = [];
    const read = readBinding(doc.object, messages);
    const policyKind = BINDING_KINDS[String(doc.object['kind'])];
    const target = read && policies.find((p) => p.cel && p.meta.kind === policyKind && p.meta.name === read.policyName);
    if (read && !target) messages.push(`${String(doc.object['kind'])} "${read.binding.name}" binds ${policyKind} "${read.policyName}", which is not among the loaded policies`);
    if (read && target?.cel) target.cel.bindings.push(read.binding);
    for (const message of messages) problems.push({ file: doc.file, documentIndex: doc.documentIndex, message });
  }
  return problems;
}
