/**
 * The floor of the scale bench: the `yaml` package alone reading every file of a tree and
 * parsing it with positions (a LineCounter), as any YAML-based checker must at least do.
 * Usage: parse-floor DIR — prints {"files","documents"}.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';

function files(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, into);
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) into.push(path);
  }
  return into;
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: parse-floor DIR');
  process.exit(2);
}
let documents = 0;
const found = files(dir);
for (const path of found) {
  const lineCounter = new LineCounter();
  documents += parseAllDocuments(readFileSync(path, 'utf8'), { lineCounter }).length;
}
console.log(JSON.stringify({ files: found.length, documents }));
