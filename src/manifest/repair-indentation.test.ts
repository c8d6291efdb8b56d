import { describe, expect, it } from 'vitest';
import jsyaml from 'js-yaml';
import { parseDocument } from 'yaml';
import { repairIndentation } from './repair-indentation.ts';
import { yamlOptions } from './yaml-options.ts';

// a CRD-like document whose quoted descriptions go on at their key's indentation, as generated CRDs often do
const DESCRIPTIONS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          properties:
            spec:
              description: 'Configures a gadget. See the details at:
              https://example.com/gadgets, which list every field
              and its default.'
              type: object
            status:
              description: "Written by the controller,
              never by hand."
              type: object
`;

const strictErrors = (text: string): number => parseDocument(text, yamlOptions('kubernetes')).errors.length;
const lenient = (text: string): unknown => jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });

describe('repairIndentation', () => {
  it('indents the lines of quoted values past their key, so the strict reader reads what kubectl reads, line for line', () => {
    expect(strictErrors(DESCRIPTIONS)).toBeGreaterThan(0);
    const repaired = repairIndentation(DESCRIPTIONS);
    expect(repaired).toBeDefined();
    const text = repaired as string;
    expect(strictErrors(text)).toBe(0);
    expect(text.split('\n')).toHaveLength(DESCRIPTIONS.split('\n').length);
    // only indentation changed, and the value is the same for the lenient reader, and for the strict one
    expect(text.split('\n').map((line) => line.trim())).toEqual(DESCRIPTIONS.split('\n').map((line) => line.trim()));
    expect(lenient(text)).toEqual(lenient(DESCRIPTIONS));
    expect(parseDocument(text, yamlOptions('kubernetes')).toJS()).toEqual(lenient(DESCRIPTIONS));
  });

  it('leaves a document the strict reader already reads as it is', () => {
    const fine = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "v"\n';
    expect(repairIndentation(fine)).toBe(fine);
  });

  it('gives up on errors indentation does not cause, and on text the lenient reader refuses', () => {
    expect(repairIndentation('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n')).toBeUndefined();
    expect(repairIndentation('apiVersion: v1\nkind: ConfigMap\ndata: {a: [\n')).toBeUndefined();
  });
});
