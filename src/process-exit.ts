import fs from 'node:fs';
import { EXIT, UsageError, UserError } from './errors.js';
import { configureColor, err, style, useColor } from './ui/output.js';

/**
 * What every run of the program shares, apart from the command-line parser: the handlers for
 * signals and a broken pipe, and how an error becomes one line and an exit code. A bare
 * `mlops-drill` (the start menu, the command learners type most) runs from here without
 * loading the parser at all; every other command goes through cli.ts.
 */

/** An error as the learner sees it: one line and an exit code, a stack trace only when asked for. */
export function handleFailure(error: unknown): number {
  if (error instanceof UsageError) {
    err(`${style.bad('error:')} ${error.message}`);
    err(style.dim('See: mlops-drill --help'));
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    err(`${style.bad('error:')} ${error.message}`);
    return error.exitCode;
  }
  const name = (error as { name?: string } | null)?.name;
  if (name === 'ExitPromptError' || name === 'AbortPromptError') {
    // Ctrl-C at a prompt: every finished answer is already saved.
    err(style.dim('\nStopped. Your progress so far is saved.'));
    return EXIT.interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  err(`${style.bad('mlops-drill failed unexpectedly:')} ${message}`);
  err(`This is a bug in mlops-drill: please report it (npm bugs mlops-drill) with the command you ran.${process.env.MLOPS_DRILL_DEBUG ? '' : ' (Set MLOPS_DRILL_DEBUG=1 to see details.)'}`);
  if (process.env.MLOPS_DRILL_DEBUG && error instanceof Error && error.stack) err(error.stack);
  return EXIT.failed;
}

/**
 * Leave at a signal. Answers are saved as they are given, so only the question on screen is
 * lost. In a terminal the cursor may sit inside a prompt, above its key bar: end the line
 * and clear what is below (an 'exit' listener added now runs after the prompt's own), so
 * the shell's prompt starts on a clean line. Windows delivers no SIGTERM or SIGHUP;
 * listening for them there is harmless.
 */
function leaveAt(code: number): () => void {
  return () => {
    process.once('exit', () => {
      const fd = process.stdout.isTTY ? 1 : process.stderr.isTTY ? 2 : null;
      if (fd !== null) fs.writeSync(fd, '\n\u001b[J');
    });
    process.exit(code);
  };
}

/** Signals and a closed stdout end the process as documented (see README, Exit codes). */
export function watchProcess(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
  process.on('SIGTERM', leaveAt(EXIT.sigterm));
  process.on('SIGHUP', leaveAt(EXIT.sighup));
  process.on('SIGINT', () => {
    process.stderr.write('\n');
    process.exit(EXIT.interrupted);
  });
}

/**
 * `mlops-drill` with no arguments: the drill, as the parser would call it with no options
 * (colour as NO_COLOR and the terminal decide, no question named), without loading the
 * parser. A test holds it to what `mlops-drill drill` does.
 */
export async function runBare(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  configureColor(useColor({ noColor: false, env, isTTY: process.stdout.isTTY === true }));
  return (await import('./commands/drill.js')).drill({ ids: [] });
}
