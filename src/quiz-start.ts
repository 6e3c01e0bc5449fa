import type { LoadedBank } from './bank/files.js';
import type { Question } from './bank/question.js';
import { loadBankForUse, openProgress, type BankChoice, type GlobalFlags } from './context.js';
import { EXIT, UsageError, UserError } from './errors.js';
import { applyFilters, parseFilters, type FilterFlags, type Filters } from './filters.js';
import type { ProgressStore } from './progress/store.js';
import type { Summary } from './progress/summary-data.js';
import type { Settings } from './config/settings.js';
import { seededRandom } from './random.js';
import type { Asker } from './ui/asker.js';
import { failureNotice, startBackgroundSync } from './sync/background.js';
import { configureColor, configurePlain, out, style, warn, warnAll } from './ui/output.js';
import { commandName } from './package-root.js';
import { suspendedAmong } from './suspension.js';

/**
 * What drill, review and exam do before the first question, in one place: read the
 * filters, choose the prompts, load the bank and the progress log, and seed the order.
 */

export interface QuizFlags extends FilterFlags, GlobalFlags {
  plain?: boolean;
}

export interface QuizStart {
  filters: Filters;
  /** Plain line mode: asked for, or TERM=dumb. */
  plain: boolean;
  asker: Asker;
  bank: LoadedBank;
  choice: BankChoice;
  /** The questions that pass the filters (and `eligible`), or those `pick` chose. */
  selected: Question[];
  /** What `pick` chose (drill <id...>), in its order; null when the filters chose. */
  named: Question[] | null;
  store: ProgressStore;
  summary: Summary;
  /** The learner's settings (session size, daily limits, learning day). */
  settings: Settings;
  random: () => number;
}

export function wantsPlain(flags: { plain?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return flags.plain === true || env.TERM === 'dumb';
}

/** The interactive prompts need a terminal; a pipe gets a clear message, never a hang. */
export async function makeAsker(plain: boolean): Promise<Asker> {
  if (plain) {
    configureColor(false);
    configurePlain(true);
    return (await import('./ui/plain.js')).plainAsker();
  }
  if (!process.stdin.isTTY) {
    throw new UsageError('the drill needs a terminal, and standard input is not one. To answer from a pipe or a file, use --plain.');
  }
  return (await import('./ui/prompts.js')).inquirerAsker();
}

/** --seed, else a different order on every run (two runs in the same millisecond differ by process). */
export function sessionSeed(seed: number | null, now = Date.now(), pid = process.pid): number {
  return seed ?? now ^ (pid << 8);
}

export async function startQuiz(
  flags: QuizFlags,
  {
    eligible = () => true,
    noneMessage = 'no question matches those filters.',
    pick,
  }: { eligible?: (q: Question) => boolean; noneMessage?: string; pick?: ((questions: Question[]) => Question[]) | undefined } = {},
): Promise<QuizStart> {
  const filters = parseFilters(flags);
  const plain = wantsPlain(flags);
  const asker = await makeAsker(plain);
  const { bank, choice } = await loadBankForUse(flags);
  let named = pick ? pick(bank.questions) : null;
  let selected = (named ?? applyFilters(bank.questions, filters)).filter(eligible);
  if (selected.length === 0) throw new UserError(noneMessage, EXIT.usage);
  const { store, summary, settings } = await openProgress();
  // Suspended questions are never asked; a question named by id says so, and how to bring it back.
  const held = suspendedAmong(selected, summary);
  if (held.length > 0) {
    selected = selected.filter((q) => !held.includes(q));
    const ids = held.map((q) => q.id).join(' ');
    const cmd = commandName();
    const back = `${cmd} unsuspend ${ids}`;
    if (named) {
      named = named.filter((q) => !held.includes(q));
      const what = held.length === 1 ? `${ids} is suspended` : `${held.length} of the questions named are suspended (${held.map((q) => q.id).join(', ')})`;
      if (selected.length === 0) throw new UserError(`${what}; to drill ${held.length === 1 ? 'it' : 'them'} again: ${back}`, EXIT.usage);
      warn(`${what} and not asked; to bring ${held.length === 1 ? 'it' : 'them'} back: ${back}`);
    } else if (selected.length === 0) {
      throw new UserError(`every question that matches is suspended (${held.length}); see: ${cmd} list, and to bring one back: ${cmd} unsuspend <id>`, EXIT.usage);
    }
  }
  store.checkWritable();
  warnAll(store.takeNotices());
  warnAll(failureNotice(store.dir));
  return { filters, plain, asker, bank, choice, selected, named, store, summary, settings, random: seededRandom(sessionSeed(filters.seed)) };
}

/** Unsaved progress is a failure the learner must hear about: exit 1. */
export function finish(store: { notSavedReason: string | null; unsaved: number; append: () => boolean; takeNotices: () => string[] }): number {
  if (store.unsaved > 0 && store.notSavedReason === null) store.append();
  warnAll(store.takeNotices());
  if (store.notSavedReason !== null) {
    // The reason was given before the first question; say once more, briefly, that nothing was kept.
    process.stderr.write(style.bad('Progress was not saved (see the warning above).') + '\n');
    return EXIT.failed;
  }
  if (store.unsaved > 0) {
    process.stderr.write(style.bad(`${store.unsaved} answer(s) could not be saved.`) + '\n');
    return EXIT.failed;
  }
  return EXIT.ok;
}

/**
 * sync-on-exit: after a session that saved answers and ended normally, a sync starts in the
 * background and the prompt comes back at once. Nothing happens when sync is not set up.
 */
export function syncOnExit(code: number, wrote: boolean, settings: Pick<Settings, 'sync-on-exit'>, progressDir: string): number {
  if (code !== EXIT.ok || !wrote || !settings['sync-on-exit']) return code;
  try {
    // Short enough for 40 columns; where its log is, is said if it fails.
    if (startBackgroundSync(progressDir)) out(style.dim('syncing in the background'));
  } catch (e) {
    warn(`the background sync could not start (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run mlops-drill sync`);
  }
  return code;
}
