import { checkCommand, CHECK_USAGE } from './check-command.ts';
import { EXIT, processIO, type CommandIO } from './io.ts';
import { testCommand, TEST_USAGE } from './test-command.ts';
import { VERSION } from './version.ts';

const USAGE = `preadmit ${VERSION} — Kyverno policies judged at pull-request time

Commands:
  check [PATH...]   evaluate manifests against the built-in and given policies
  test PATH...      run kyverno test suites (kyverno-test.yaml)
  version           print the version

${CHECK_USAGE}

${TEST_USAGE}`;

/** Dispatch a command line; returns the exit code. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return checkCommand(rest, io);
    case 'test':
      return testCommand(rest, io);
    case 'version':
    case '--version':
      io.stdout(VERSION);
      return EXIT.ok;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    default:
      io.stderr(`preadmit: unknown command "${command}"\n\n${USAGE}`);
      return EXIT.usage;
  }
}
