import { Argument, Command, Option } from '@commander-js/extra-typings';
import { packageVersion } from './package-root.js';
import { EXIT, UsageError, UserError } from './errors.js';
import { DEFAULT_LIMIT } from './filters.js';
import { bankOption, filterOptions, formatOption, jsonOption, minutesOption, newOptions, passOption, plainOption, seedOption, SHELLS } from './options.js';
import { style } from './ui/output.js';

/**
 * The command line: every command, argument and option, with help texts and examples.
 * Each command's module is imported when it runs, so start-up loads only what that command
 * needs. Nothing here runs a command's logic, and nothing imports this module but cli.ts.
 */

export const PROGRAM_NAME = 'mlops-drill';

/** Each command's action reports its exit code here (commander ignores return values). */
export type ReportExit = (code: number) => void;

export function buildProgram(report: ReportExit = () => undefined) {
  const act =
    <A extends unknown[]>(f: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      report(await f(...args));
    };

  const program = new Command()
    .name(PROGRAM_NAME)
    .description('Drill MLOps and model-deployment practice questions in your terminal, with hints, answers and spaced review.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .addOption(bankOption())
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(style.bad(explainUnknownOption(str, program))) });

  const [difficulty, topic, type, limit] = filterOptions('session');
  program
    .command('drill [ids...]', { isDefault: true })
    .description('practise: pick a difficulty, then due reviews first and new questions after (the default command); or the questions named by id')
    .addOption(difficulty)
    .addOption(topic)
    .addOption(type)
    .addOption(limit)
    .addOption(seedOption('a fixed order, the same on every run'))
    .option('--cram', 'practise any selection without changing the review schedule')
    .addOption(plainOption('plain line mode for screen readers and scripts (automatic when TERM=dumb)'))
    .addHelpText(
      'after',
      `
Examples:
  $ mlops-drill                          pick what to practise, then ${DEFAULT_LIMIT.drill}
                                         questions: due reviews first
  $ mlops-drill -d easy,medium -t drift  only easy and medium drift questions
  $ mlops-drill --cram -t containers     practise containers, schedule untouched
  $ mlops-drill --plain < answers.txt    answer line by line from a file
  $ mlops-drill drill serving-retry-storm rollout-shadow-deployment-limits
                                         these two questions`,
    )
    .action(act(async (ids, _o, cmd) => (await import('./commands/drill.js')).drill({ ...cmd.optsWithGlobals(), ids })));

  {
    const [d, t, ty, n] = filterOptions('session');
    program
      .command('review')
      .description('answer only the questions that are due for review')
      .addOption(d)
      .addOption(t)
      .addOption(ty)
      .addOption(n)
      .addOption(seedOption('a fixed order'))
      .addOption(plainOption())
      .action(act(async (_o, cmd) => (await import('./commands/drill.js')).drill(cmd.optsWithGlobals(), 'review')));
  }

  {
    const [d, t, ty, n] = filterOptions(DEFAULT_LIMIT.exam);
    program
      .command('exam')
      .description('exam conditions: no hints, no feedback until the report')
      .addOption(d)
      .addOption(t)
      .addOption(ty)
      .addOption(n)
      .addOption(minutesOption())
      .addOption(passOption())
      .addOption(seedOption('a fixed draw'))
      .addOption(plainOption())
      .addHelpText(
        'after',
        '\nAt the time limit the question on screen closes, its answer in progress does not\ncount, and the exam ends with the report (open answers typed before the limit\nare graded by you there).\n\nExample:\n  $ mlops-drill exam -n 20 --minutes 30 --pass 75',
      )
      .action(act(async (_o, cmd) => (await import('./commands/exam.js')).exam(cmd.optsWithGlobals())));
  }

  {
    const [d, t, ty, n] = filterOptions();
    program
      .command('list')
      .description('list questions with your last result')
      .addOption(d)
      .addOption(t)
      .addOption(ty)
      .addOption(n)
      .option('--flagged', 'only the questions you flagged (f after an answer), with your reason')
      .addOption(jsonOption('print every matching question fully parsed, as JSON'))
      .addHelpText('after', "\nExamples:\n  $ mlops-drill list -t monitoring\n  $ mlops-drill list --flagged\n  $ mlops-drill list --json | jq '.[].id'")
      .action(act(async (_o, cmd) => (await import('./commands/list.js')).list(cmd.optsWithGlobals())));
  }

  program
    .command('show <id>')
    .description('show one question (and with --answer, its answer) without asking it')
    .option('--answer', 'include hints, the answer and the explanation')
    .addHelpText('after', '\nExample:\n  $ mlops-drill show monitoring-psi-binned --answer')
    .action(act(async (id, _o, cmd) => (await import('./commands/show.js')).show(id, cmd.optsWithGlobals())));

  const suspensionHelp = `
Exit status: 0 when every question named is now in that state (also when it
already was), 1 when the progress log cannot be written or is locked, 2 for an
id that is not a question (the closest ids are named, and nothing is changed).`;
  program
    .command('suspend <ids...>')
    .description('set questions aside: drill, review and exam do not ask them until unsuspended')
    .addHelpText(
      'after',
      `
Saved in the progress log, so it syncs and moves with progress export/import.
list marks suspended questions and stats counts them. With the leech-action
setting at suspend, the drill suspends a question when it becomes a leech.
${suspensionHelp}

Example:
  $ mlops-drill suspend monitoring-psi-binned serving-retry-storm`,
    )
    .action(act(async (ids, _o, cmd) => (await import('./commands/suspend.js')).changeSuspension('suspend', ids, cmd.optsWithGlobals())));

  program
    .command('unsuspend <ids...>')
    .description('bring suspended questions back into the drill (the undo of suspend)')
    .addHelpText('after', `${suspensionHelp}\n\nExample:\n  $ mlops-drill unsuspend monitoring-psi-binned`)
    .action(act(async (ids, _o, cmd) => (await import('./commands/suspend.js')).changeSuspension('unsuspend', ids, cmd.optsWithGlobals())));

  program
    .command('validate [paths...]')
    .description('check question files and report every problem as file:line:col')
    .addOption(formatOption())
    .option('--strict', 'treat warnings as errors')
    .option('--run', 'also prove the answer keys: run each exact output snippet with python3 (author tooling)')
    .addHelpText(
      'after',
      '\nExit status: 0 when there is no error, 1 otherwise.\n\nExamples:\n  $ mlops-drill validate --strict ./my-deck\n  $ mlops-drill validate --run --strict      prove every answer key of the bank',
    )
    .action(act(async (paths, _o, cmd) => (await import('./commands/validate.js')).validate(paths, cmd.optsWithGlobals())));

  program
    .command('stats')
    .description('what you know: seen, accuracy and mastery by topic and difficulty, streak, reviews due, a review calendar and true retention')
    .addOption(jsonOption('print the figures as JSON'))
    .addOption(plainOption('the calendar in characters instead of colour (also under NO_COLOR)'))
    .action(act(async (_o, cmd) => (await import('./commands/stats.js')).stats(cmd.optsWithGlobals())));

  program
    .command('due')
    .description('one line for a shell prompt: reviews due now and new questions left today')
    .addOption(jsonOption('print the figures as JSON'))
    .addHelpText(
      'after',
      "\nPrints, for example: 7 due · 3 new today\nExit status: 0, also with no progress yet; 1 when the progress log cannot be\nread.\n\nExamples:\n  $ mlops-drill due\n  $ mlops-drill due --json | jq .due\n  $ PS1='$(mlops-drill due) \\$ '   bash: in the prompt",
    )
    .action(act(async (_o, cmd) => (await import('./commands/due.js')).due(cmd.optsWithGlobals())));

  program
    .command('reset')
    .description('forget all progress (a backup copy of the log is kept)')
    .option('--yes', 'do not ask for confirmation')
    .action(act(async (_o, cmd) => (await import('./commands/reset.js')).reset(cmd.optsWithGlobals())));

  const [newType, newDifficulty, newTopic, newTitle, newDir] = newOptions();
  program
    .command('new')
    .description('write a new question file with a fresh id, ready to edit (asks for what is missing)')
    .addOption(newType)
    .addOption(newDifficulty)
    .addOption(newTopic)
    .addOption(newTitle)
    .addOption(newDir)
    .addHelpText('after', '\nExample:\n  $ mlops-drill new --type choice --difficulty easy --bank ./my-deck')
    .action(act(async (_o, cmd) => (await import('./commands/new.js')).newQuestion(cmd.optsWithGlobals())));

  program
    .command('completion')
    .description('print a completion script for bash, zsh or fish')
    .addArgument(
      new Argument('<shell>').choices(SHELLS).argParser((value) => {
        const shell = SHELLS.find((s) => s === value);
        if (shell === undefined) throw new UsageError(`no completion for '${value}': choose one of ${SHELLS.join(', ')}`);
        return shell;
      }),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ mlops-drill completion bash \\\n      > ~/.local/share/bash-completion/completions/mlops-drill\n  $ mkdir -p ~/.zfunc && mlops-drill completion zsh > ~/.zfunc/_mlops-drill\n      (with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc)\n  $ mlops-drill completion fish > ~/.config/fish/completions/mlops-drill.fish\n\nTopics and question ids of the bank in use are written into the script:\nregenerate it after adding questions.',
    )
    .action(act(async (shell, _o, cmd) => (await import('./commands/completion.js')).completion(shell, cmd.optsWithGlobals(), program)));

  program
    .command('config')
    .description('show or change settings: list, get <key>, set <key> <value>, unset <key>, path')
    .argument('[action]')
    .argument('[args...]')
    .addOption(jsonOption('print the settings as JSON (with list)'))
    .action(act(async (action, args, _o, cmd) => (await import('./commands/config.js')).config(action, args, cmd.optsWithGlobals())));

  program
    .command('optimize')
    .description('fit the review schedule to your own answers and save its parameters')
    .option('--dry-run', 'show the fitted parameters without saving them')
    .action(act(async (_o, cmd) => (await import('./commands/optimize.js')).optimizeCommand(cmd.optsWithGlobals())));

  program
    .command('sync')
    .description('the same progress on every machine, through a git repository')
    .option('--remote <url>', 'the git repository to sync with (remembered)')
    .option('--with-config', 'also sync the settings (per setting, the newest change wins)')
    // What a session with sync-on-exit starts, detached: not for the learner to type.
    .addOption(new Option('--background', 'sync without a terminal, output to the sync log').hideHelp())
    .addHelpText(
      'after',
      '\nThe remote is remembered: give it once on each machine.\n\nExamples:\n  $ mlops-drill sync --remote git@github.com:YOU/mlops-drill-progress.git\n  $ mlops-drill sync                         then, on any machine\n  $ mlops-drill sync --with-config           the settings too\n  $ mlops-drill config set sync-on-exit on   after each session, by itself',
    )
    .action(act(async (_o, cmd) => (await import('./commands/sync.js')).syncCommand(cmd.optsWithGlobals())));

  {
    const [d, t, ty, n] = filterOptions();
    program
      .command('export')
      .description('write the bank in use (filtered) as an Anki deck package')
      .addOption(d)
      .addOption(t)
      .addOption(ty)
      .addOption(n)
      .option('--anki <file>', 'the .apkg file to write')
      .option('--deck <name>', 'the Anki deck name', 'mlops-drill')
      .option('--with-progress', 'also write your review history and schedule')
      .addHelpText('after', '\nExamples:\n  $ mlops-drill export --anki mlops.apkg\n  $ mlops-drill export --anki hard.apkg -d hard --with-progress')
      .action(act(async (_o, cmd) => (await import('./commands/export.js')).exportDeck(cmd.optsWithGlobals())));
  }

  program
    .command('import <file>')
    .description('turn an Anki deck (.apkg, .colpkg, CrowdAnki JSON, text export) or a Markdown file into question files')
    .option('--to <dir>', 'the deck folder to write the questions into')
    .addHelpText('after', '\nExamples:\n  $ mlops-drill import ~/Downloads/ml.apkg --to ./ml-deck\n  $ mlops-drill import questions.md --to ./interview\n  $ mlops-drill validate ./interview')
    .action(act(async (file, _o, cmd) => (await import('./commands/import.js')).importDeck(file, cmd.optsWithGlobals())));

  const progress = program
    .command('progress')
    .description('where progress lives, and moving it between machines')
    .allowExcessArguments()
    // Without a subcommand commander prints the whole help as an error; one line says more.
    .action(act(async (_o, cmd) => {
      const given = cmd.args[0];
      const names = progress.commands.map((c) => c.name());
      const what = given === undefined ? 'progress needs a command' : `unknown progress command '${given}'`;
      throw new UserError(`${what}: ${names.join(', ')} (see: mlops-drill progress --help)`, EXIT.usage);
    }));
  progress
    .command('path')
    .description('print the path of the progress log')
    .action(act(async (_o, cmd) => (await import('./commands/progress.js')).progressPath(cmd.optsWithGlobals())));
  progress
    .command('export [file]')
    .description('write your progress log to a file (or standard output)')
    .action(act(async (file, _o, cmd) => (await import('./commands/progress.js')).progressExport(file, cmd.optsWithGlobals())));
  progress
    .command('import <file>')
    .description('merge a progress log from another machine (answers already here are not added twice)')
    .action(act(async (file, _o, cmd) => (await import('./commands/progress.js')).progressImport(file, cmd.optsWithGlobals())));

  program.addHelpText(
    'after',
    `
Progress is kept in $MLOPS_DRILL_HOME, else $XDG_STATE_HOME/mlops-drill,
else ~/.mlops-drill.

Examples:
  $ mlops-drill                      start drilling
  $ mlops-drill -d hard -n 5         five hard questions
  $ mlops-drill stats                where you are weak
  $ mlops-drill validate ./my-deck   check your own question files`,
  );
  return program;
}

/**
 * "unknown option '--cram'" after `review`: say which command has it. Commander knows
 * only the command it was parsing, so look the flag up in all of them.
 */
export function explainUnknownOption(message: string, program: { commands: readonly { name(): string; options: readonly Option[] }[] }): string {
  const m = /unknown option '(-[^']+)'/.exec(message);
  if (!m) return message;
  const flag = m[1]!.split('=')[0]!;
  const owners = program.commands.filter((c) => c.options.some((o) => o.long === flag || o.short === flag)).map((c) => c.name());
  if (owners.length === 0) return message;
  const names = owners.length > 1 ? `${owners.slice(0, -1).join(', ')} and ${owners.at(-1)}` : owners[0];
  return `${message.trimEnd()}: ${flag} belongs to ${names} (mlops-drill ${owners[0]} ${flag})\n`;
}
