/**
 * Strict JSON syntax check for *.json files (YAML accepts things JSON does
 * not: trailing commas, comments, single quotes). Returns the offset and
 * message of the first syntax error, or undefined when the text is JSON.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const offset = at?.[1] !== undefined ? Number(at[1]) : text.length;
    return { offset, message: message.replace(/\s*\(line \d+ column \d+\)\s*$/, '') };
  }
}
