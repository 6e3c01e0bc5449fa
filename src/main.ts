import { packageVersion } from './package-root.js';

/**
 * The process entry. `--version` is answered here, before the command-line parser and
 * everything behind it is loaded: it is the one call scripts make many times. `due`, made at
 * every shell prompt, is answered the same way, and so is a bare `mlops-drill`, the start menu.
 */
const argv = process.argv.slice(2);
const dueCommand = argv.includes('due') ? await import('./commands/due.js') : null;
const dueFlags = dueCommand?.fastDueFlags(argv) ?? null;
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(packageVersion() + '\n');
} else if (dueCommand && dueFlags) {
  process.exitCode = await dueCommand.runDue(dueFlags).catch(async (error: unknown) => (await import('./process-exit.js')).handleFailure(error));
} else if (argv.length === 0) {
  // A bare `mlops-drill`, the command typed most: the start menu, without the command-line parser.
  const { handleFailure, runBare, watchProcess } = await import('./process-exit.js');
  watchProcess();
  process.exitCode = await runBare().catch(handleFailure);
} else {
  const { main } = await import('./cli.js');
  main();
}
