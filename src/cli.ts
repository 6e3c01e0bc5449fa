import { CommanderError } from '@commander-js/extra-typings';
import { editDistance } from './edit-distance.js';
import { EXIT, UsageError } from './errors.js';
import { buildProgram } from './program.js';
import { handleFailure, watchProcess } from './process-exit.js';
import { configureColor, useColor } from './ui/output.js';

/**
 * Running the command line: colour, the default command, one catch that turns errors into
 * a line and an exit code, and the process-level handlers (signals, broken pipes).
 */

interface Parsed {
  commands: readonly { name(): string; aliases(): string[]; options: readonly { long?: string; short?: string; required: boolean; optional: boolean }[] }[];
  options: readonly { long?: string; short?: string; required: boolean; optional: boolean }[];
}

/**
 * The first word that is neither an option nor an option's value. Drill is the default
 * command, so commander would call a mistyped command "too many arguments for 'drill'".
 */
export function firstCommandWord(argv: readonly string[], program: Parsed): string | undefined {
  const drill = program.commands.find((c) => c.name() === 'drill');
  const takesValue = new Set(
    [...program.options, ...(drill?.options ?? [])].filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)),
  );
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) i += takesValue.has(argv[i]!) ? 2 : 1;
  return argv[i];
}

/** Run the CLI with these arguments; returns the exit code. Never calls process.exit. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  program.hook('preAction', (_this, action) => {
    const g = action.optsWithGlobals() as { color?: boolean };
    configureColor(useColor({ noColor: g.color === false, env, isTTY: process.stdout.isTTY === true }));
  });
  configureColor(useColor({ noColor: argv.includes('--no-color'), env, isTTY: process.stdout.isTTY === true }));
  try {
    const first = firstCommandWord(argv, program);
    const known = [...program.commands.flatMap((c) => [c.name(), ...c.aliases()]), 'help'];
    // `help <command>` names a command too; commander would show the general help for a typo.
    const named = first === 'help' ? argv[argv.indexOf('help') + 1] : first;
    if (named !== undefined && !known.includes(named)) {
      const near = known.filter((k) => editDistance(k, named) <= 2);
      throw new UsageError(`unknown command '${named}'.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''} Commands: ${known.filter((k) => k !== 'help').join(', ')}`);
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error);
  }
}

export function handleError(error: unknown): number {
  if (error instanceof CommanderError) {
    // help and version are "errors" under exitOverride, with exit code 0
    if (error.exitCode === 0) return EXIT.ok;
    return EXIT.usage;
  }
  return handleFailure(error);
}

/** The process entry point: signals, broken pipes, exit code. */
export function main(argv: string[] = process.argv.slice(2)): void {
  watchProcess();
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = handleError(error);
    },
  );
}
