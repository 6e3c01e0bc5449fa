import { Command, CommanderError } from 'commander';
import { EXIT, QuitSignal, UsageError, UserError } from './errors.js';
import { configureColor, err, style, useColor } from './ui/output.js';
import { packageVersion } from './package-root.js';


type Opts = Record<string, unknown>;

let exitCode: number = EXIT.ok;

/** Commands return their exit code; commander ignores return values, so keep it here. */
const act =
  <A extends unknown[]>(f: (...args: A) => Promise<number>) =>
  async (...args: A): Promise<void> => {
    exitCode = await f(...args);
  };

/** Options of the command merged with the global ones (--bank, --no-color). */
function flags(cmd: Command): Opts {
  return cmd.optsWithGlobals();
}

const filterOptions = (cmd: Command): Command =>
  cmd
    .option('-d, --difficulty <levels>', 'only these difficulties (comma list of easy, medium, hard)')
    .option('-t, --topic <topics>', 'only these topics (comma list)')
    .option('--type <types>', 'only these types (comma list of output, choice, open)')
    .option('-n, --limit <n>', 'at most n questions (drill and review: 10, exam: 20)');

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('mlops-drill')
    .description('Drill MLOps and model-deployment practice questions in your terminal, with hints, answers and spaced review.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--bank <dir>', 'use the question files in this folder instead of the bundled bank (env: MLOPS_DRILL_BANK)')
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(style.bad(str)) });

  filterOptions(
    program
      .command('drill [ids...]', { isDefault: true })
      .description('practise: pick a difficulty, then due reviews first and new questions after (the default command); or the questions named by id'),
  )
    .option('--seed <n>', 'a fixed order, the same on every run')
    .option('--cram', 'practise any selection without changing the review schedule')
    .option('--plain', 'plain line mode for screen readers and scripts (automatic when TERM=dumb)')
    .addHelpText(
      'after',
      `
Examples:
  $ mlops-drill                          pick a difficulty, then 10 questions: due reviews first
  $ mlops-drill -d easy,medium -t drift  only easy and medium drift questions
  $ mlops-drill --cram -t containers     practise containers without touching the schedule
  $ mlops-drill --plain < answers.txt    answer line by line from a file
  $ mlops-drill drill serving-p99-arithmetic rollout-shadow-deployment-limits   these two questions`,
    )
    .action(act(async (ids: string[], _o, cmd: Command) => (await import('./commands/drill.js')).drill({ ...flags(cmd), ids })));

  filterOptions(program.command('review').description('answer only the questions that are due for review'))
    .option('--seed <n>', 'a fixed order')
    .option('--plain', 'plain line mode')
    .action(act(async (_o, cmd: Command) => (await import('./commands/drill.js')).drill(flags(cmd), 'review')));

  filterOptions(program.command('exam').description('exam conditions: no hints, no feedback until the report'))
    .option('--minutes <m>', 'time limit in minutes')
    .option('--pass <percent>', 'pass mark in percent', '70')
    .option('--seed <n>', 'a fixed draw')
    .option('--plain', 'plain line mode')
    .addHelpText(
      'after',
      '\nAt the time limit the question on screen closes, its answer in progress does not count, and the\nexam ends with the report (open answers typed before the limit are graded by you there).\n\nExample:\n  $ mlops-drill exam -n 20 --minutes 30 --pass 75',
    )
    .action(act(async (_o, cmd: Command) => (await import('./commands/exam.js')).exam(flags(cmd))));

  filterOptions(program.command('list').description('list questions with your last result'))
    .option('--json', 'print every matching question fully parsed, as JSON')
    .addHelpText('after', '\nExamples:\n  $ mlops-drill list -t monitoring\n  $ mlops-drill list --json | jq \'.[].id\'')
    .action(act(async (_o, cmd: Command) => (await import('./commands/list.js')).list(flags(cmd))));

  program
    .command('show <id>')
    .description('show one question (and with --answer, its answer) without asking it')
    .option('--answer', 'include hints, the answer and the explanation')
    .addHelpText('after', '\nExample:\n  $ mlops-drill show monitoring-psi-binned --answer')
    .action(act(async (id: string, _o, cmd: Command) => (await import('./commands/show.js')).show(id, flags(cmd))));

  program
    .command('validate [paths...]')
    .description('check question files and report every problem as file:line:col')
    .option('--format <format>', 'text, json or github (GitHub Actions annotations)', 'text')
    .option('--strict', 'treat warnings as errors')
    .option('--run', 'also prove the answer keys: run each exact output snippet with python3 (author tooling)')
    .addHelpText('after', '\nExit status: 0 when there is no error, 1 otherwise.\n\nExamples:\n  $ mlops-drill validate --strict ./my-deck\n  $ mlops-drill validate --run --strict      prove every answer key of the bundled bank')
    .action(act(async (paths: string[], _o, cmd: Command) => (await import('./commands/validate.js')).validate(paths, flags(cmd))));

  program
    .command('stats')
    .description('what you know: seen, accuracy and mastery by topic and difficulty, streak, reviews due')
    .option('--json', 'print the figures as JSON')
    .action(act(async (_o, cmd: Command) => (await import('./commands/stats.js')).stats(flags(cmd))));

  program
    .command('reset')
    .description('forget all progress (a backup copy of the log is kept)')
    .option('--yes', 'do not ask for confirmation')
    .action(act(async (_o, cmd: Command) => (await import('./commands/reset.js')).reset(flags(cmd))));

  program
    .command('new')
    .description('write a new question file with a fresh id, ready to edit (asks for what is missing)')
    .option('--type <type>', 'output, choice or open')
    .option('--difficulty <level>', 'easy, medium or hard')
    .option('--topic <topics>', 'comma list of topics')
    .option('--title <title>', 'the question title')
    .option('--dir <dir>', 'where to write it (default: the bank in use)')
    .addHelpText('after', '\nExample:\n  $ mlops-drill new --type choice --difficulty easy --bank ./my-deck')
    .action(act(async (_o, cmd: Command) => (await import('./commands/new.js')).newQuestion(flags(cmd))));

  program
    .command('completion <shell>')
    .description('print a completion script for bash, zsh or fish')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mlops-drill completion bash > ~/.local/share/bash-completion/completions/mlops-drill\n  $ mkdir -p ~/.zfunc && mlops-drill completion zsh > ~/.zfunc/_mlops-drill   (with fpath=(~/.zfunc $fpath) before compinit)\n  $ mlops-drill completion fish > ~/.config/fish/completions/mlops-drill.fish\n\nTopics and question ids of the bank in use are written into the script: regenerate it after adding questions.',
    )
    .action(act(async (shell: string, _o, cmd: Command) => (await import('./commands/completion.js')).completion(shell, flags(cmd))));

  filterOptions(program.command('export').description('write the bank in use (filtered) as an Anki deck package'))
    .option('--anki <file>', 'the .apkg file to write')
    .option('--deck <name>', 'the Anki deck name', 'mlops-drill')
    .option('--with-progress', 'also write your review history and schedule')
    .addHelpText('after', '\nExamples:\n  $ mlops-drill export --anki mlops.apkg\n  $ mlops-drill export --anki hard.apkg -d hard --with-progress')
    .action(act(async (_o, cmd: Command) => (await import('./commands/export.js')).exportDeck(flags(cmd))));

  program
    .command('import <file>')
    .description('turn an Anki deck (.apkg, .colpkg, CrowdAnki JSON, text export) or a Markdown file into question files')
    .option('--to <dir>', 'the deck folder to write the questions into')
    .addHelpText('after', '\nExamples:\n  $ mlops-drill import ~/Downloads/ml.apkg --to ./ml-deck\n  $ mlops-drill import questions.md --to ./interview && mlops-drill validate ./interview')
    .action(act(async (file: string, _o, cmd: Command) => (await import('./commands/import.js')).importDeck(file, flags(cmd))));

  const progress = program.command('progress').description('where progress lives, and moving it between machines');
  progress
    .command('path')
    .description('print the path of the progress log')
    .action(act(async (_o, cmd: Command) => (await import('./commands/progress.js')).progressPath(flags(cmd))));
  progress
    .command('export [file]')
    .description('write your progress log to a file (or standard output)')
    .action(act(async (file: string | undefined, _o, cmd: Command) => (await import('./commands/progress.js')).progressExport(file, flags(cmd))));
  progress
    .command('import <file>')
    .description('merge a progress log from another machine (answers already here are not added twice)')
    .action(act(async (file: string, _o, cmd: Command) => (await import('./commands/progress.js')).progressImport(file, flags(cmd))));

  program.addHelpText(
    'after',
    `
Progress is kept in $MLOPS_DRILL_HOME, else $XDG_STATE_HOME/mlops-drill, else ~/.mlops-drill.

Examples:
  $ mlops-drill                      start drilling
  $ mlops-drill -d hard -n 5         five hard questions
  $ mlops-drill stats                where you are weak
  $ mlops-drill validate ./my-deck   check your own question files`,
  );
  return program;
}

/** Options of the program and of the default command (drill) that take a value. */
const TAKES_VALUE = new Set(['--bank', '-d', '--difficulty', '-t', '--topic', '--type', '-n', '--limit', '--seed']);

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

/** Run the CLI with these arguments; returns the exit code. Never calls process.exit. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = buildProgram();
  program.hook('preAction', (_this, action) => {
    const g = action.optsWithGlobals();
    configureColor(useColor({ noColor: g.color === false, env, isTTY: process.stdout.isTTY === true }));
  });
  configureColor(useColor({ noColor: argv.includes('--no-color'), env, isTTY: process.stdout.isTTY === true }));
  try {
    exitCode = EXIT.ok;
    // drill is the default command, so commander would call a mistyped command "too many
    // arguments for 'drill'"; name it instead.
    let i = 0;
    while (i < argv.length && argv[i]!.startsWith('-')) i += TAKES_VALUE.has(argv[i]!) ? 2 : 1;
    const first = argv[i];
    const known = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    if (first !== undefined && !known.includes(first)) {
      const near = known.filter((k) => editDistance(k, first) <= 2);
      throw new UsageError(`unknown command '${first}'.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''} Commands: ${known.filter((k) => k !== 'help').join(', ')}`);
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
  if (error instanceof QuitSignal) return error.exitCode;
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

/** The process entry point: signals, broken pipes, exit code. */
export function main(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
  // Answers are saved as they are given, so leaving at a signal loses only the question on screen.
  process.on('SIGTERM', () => process.exit(EXIT.sigterm));
  process.on('SIGHUP', () => process.exit(EXIT.sighup));
  process.on('SIGINT', () => {
    process.stderr.write('\n');
    process.exit(EXIT.interrupted);
  });
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = handleError(error);
    },
  );
}
