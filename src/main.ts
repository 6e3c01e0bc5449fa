import { packageVersion } from './package-root.js';

/**
 * The process entry. `--version` is answered here, before the command-line parser and
 * everything behind it is loaded: it is the one call scripts make many times. `due`, made at
 * every shell prompt, is answered the same way.
 */
const argv = process.argv.slice(2);
const dueCommand = argv.includes('due') ? await import('./commands/due.js') : null;
const dueFlags = dueCommand?.fastDueFlags(argv) ?? null;
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(packageVersion() + '\n');
} else if (dueCommand && dueFlags) {
  process.exitCode = await dueCommand.runDue(dueFlags).catch(async (error: unknown) => (await import('./cli.js')).handleError(error));
} else {
  const { main } = await import('./cli.js');
  main();
}
