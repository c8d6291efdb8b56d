import { packageRoot } from '../core/package-files.ts';
import { EXIT, invocationDir, processIO } from './io.ts';
import { run } from './main.ts';

run(process.argv.slice(2), processIO(invocationDir(process.env, process.cwd(), packageRoot(import.meta.url)))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`preadmit: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.usage;
  },
);
