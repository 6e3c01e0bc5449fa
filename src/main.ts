import { packageVersion } from './package-root.js';

/**
 * The process entry. `--version` is answered here, before the command-line parser and
 * everything behind it is loaded: it is the one call scripts make many times.
 */
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(packageVersion() + '\n');
} else {
  const { main } = await import('./cli.js');
  main();
}
