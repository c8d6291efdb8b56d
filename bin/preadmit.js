#!/usr/bin/env node
// The `preadmit` command: the compiled CLI (dist/cli/entry.js, built by `npm run build`,
// which `npm ci` and `npm pack` run). In a checkout whose sources are newer than that build,
// or that was never built (`npm ci --ignore-scripts`), the TypeScript sources run through
// tsx instead, so a checkout never runs stale code. A packed package has no src/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const compiled = new URL('dist/cli/entry.js', root);
const source = new URL('src/cli/entry.ts', root);

/** The latest modification time under a directory, in milliseconds. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.isFile()) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

function fromSource() {
  if (!existsSync(source)) return false;
  if (!existsSync(compiled)) return true;
  return newest(fileURLToPath(new URL('src', root))) > statSync(compiled).mtimeMs;
}

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

const tsx = fromSource() ? await loadTsx() : undefined;
if (tsx) {
  tsx.register();
  await import(source.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  process.stderr.write('preadmit: dist/cli/entry.js is missing and tsx is not installed; run `npm ci` (or `npm run build`) in the preadmit checkout\n');
  process.exitCode = 2;
}
