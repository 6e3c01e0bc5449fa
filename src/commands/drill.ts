import { applyFilters, parseFilters, type FilterFlags } from '../filters.js';
import { loadBankForUse, openProgress, type GlobalFlags } from '../context.js';
import { EXIT, UsageError, UserError } from '../errors.js';
import { seededRandom, shuffle } from '../random.js';
import { orderForDrill } from '../schedule.js';
import { runSession } from '../session.js';
import type { Asker, DifficultyCounts } from '../ui/asker.js';
import type { Card } from 'ts-fsrs';
import { configureColor, configurePlain, out, style, terminalWidth, warnAll } from '../ui/output.js';
import { summaryBlock } from '../ui/screens.js';
import type { Question } from '../bank/question.js';
import { printableName } from '../sanitize.js';
import type { Mode } from '../progress/record.js';

export interface DrillFlags extends FilterFlags, GlobalFlags {
  plain?: boolean;
  cram?: boolean;
}

export const DEFAULT_LIMIT = 10;

export function wantsPlain(flags: { plain?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return flags.plain === true || env.TERM === 'dumb';
}

/** The interactive prompts need a terminal; a pipe gets a clear message, never a hang. */
export async function makeAsker(plain: boolean): Promise<Asker> {
  if (plain) {
    configureColor(false);
    configurePlain(true);
    return (await import('../ui/plain.js')).plainAsker();
  }
  if (!process.stdin.isTTY) {
    throw new UsageError('the drill needs a terminal, and standard input is not one. To answer from a pipe or a file, use --plain.');
  }
  return (await import('../ui/prompts.js')).inquirerAsker();
}

export function describeWhen(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  const text = ms < 60_000 ? 'in under a minute' : ms < 3_600_000 ? `in ${Math.round(ms / 60_000)} min` : ms < 86_400_000 ? `in ${Math.round(ms / 3_600_000)} h` : `in ${Math.round(ms / 86_400_000)} days`;
  return `${due.toISOString().slice(0, 16).replace('T', ' ')} UTC (${text})`;
}

export async function drill(flags: DrillFlags, mode: Mode = flags.cram ? 'cram' : 'drill'): Promise<number> {
  const filters = parseFilters(flags);
  const limit = filters.limit ?? DEFAULT_LIMIT;
  const plain = wantsPlain(flags);
  const asker = await makeAsker(plain);
  const { bank, choice } = await loadBankForUse(flags);
  const selected = applyFilters(bank.questions, filters);
  if (selected.length === 0) throw new UserError('no question matches those filters.', EXIT.usage);

  const { store, summary } = await openProgress();
  store.checkWritable();
  warnAll(store.takeNotices());

  const random = seededRandom(filters.seed ?? (Date.now() ^ (process.pid << 8)));
  const now = new Date();
  let shuffled = shuffle(selected, random);
  // A plain `mlops-drill` starts by asking which difficulty (Enter: all); flags skip the question.
  const noFilters = filters.difficulties === null && filters.topics === null && filters.types === null;
  out(style.title('mlops-drill') + style.dim(` · bank: ${printableName(choice.name)} (${bank.questions.length} questions)`));
  if (mode === 'drill' && noFilters && asker.pickDifficulty) {
    const picked = await asker.pickDifficulty(difficultyCounts(shuffled, summary.cards, now));
    if (picked === 'quit') return EXIT.ok;
    if (picked) shuffled = shuffled.filter((q) => picked.includes(q.difficulty));
  }
  let queue: Question[];
  let intro: string;
  if (mode === 'cram') {
    queue = shuffled.slice(0, limit);
    intro = `cramming ${queue.length} question(s); the review schedule is not changed`;
  } else {
    const cards = summary.cards;
    const { due, fresh, later } = orderForDrill(shuffled, cards, now);
    queue = mode === 'review' ? due.slice(0, limit) : [...due, ...fresh].slice(0, limit);
    const dueCount = Math.min(due.length, queue.length);
    intro = `${queue.length} question(s): ${dueCount} due for review, ${queue.length - dueCount} new`;
    if (queue.length === 0) {
      const next = later[0] ? cards.get(later[0].id)?.due : undefined;
      out(mode === 'review' ? 'Nothing is due for review.' : 'Nothing is due and every question here has been seen.');
      if (next) out(`Next review: ${describeWhen(next, now)}.`);
      if (later.length === 0) return EXIT.ok;
      const ahead = await asker.confirm('Practise ahead of schedule?', false);
      if (!ahead) {
        asker.close();
        return EXIT.ok;
      }
      queue = later.slice(0, limit);
      intro = `${queue.length} question(s) ahead of schedule`;
    }
  }

  out(style.dim(intro));
  out();
  const result = await runSession({ questions: queue, asker, store, bank: choice.name, mode, random });
  asker.close();
  out();
  out(summaryBlock(result.asked.map((a) => ({ id: a.question.id, title: a.question.title, difficulty: a.question.difficulty, correct: a.record.result === 'correct', skipped: a.record.result === 'skipped' })), result.elapsedMs, terminalWidth()));
  return finish(store);
}

export function difficultyCounts(questions: Question[], cards: Map<string, Card>, now: Date): DifficultyCounts {
  const count = (qs: Question[]) => {
    const { due, fresh } = orderForDrill(qs, cards, now);
    return { due: due.length, fresh: fresh.length };
  };
  return {
    all: count(questions),
    easy: count(questions.filter((q) => q.difficulty === 'easy')),
    medium: count(questions.filter((q) => q.difficulty === 'medium')),
    hard: count(questions.filter((q) => q.difficulty === 'hard')),
  };
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

