import { EXIT } from '../errors.js';
import { applyDailyLimits, countToday } from '../daily.js';
import { finish, startQuiz, syncOnExit, type QuizFlags } from '../quiz-start.js';
import { shuffle } from '../random.js';
import { questionsById } from '../question-ids.js';
import { orderForDrill } from '../schedule.js';
import type { SessionResult } from '../session.js';
import { startMenu } from '../start-menu.js';
import { out, stdoutPort, style, terminalWidth } from '../ui/output.js';
import { hardWrap } from '../ui/blocks.js';
import { displayWidth, truncateCells } from '../ui/width.js';
import { dueOutlook, type SessionSchedule } from '../learning.js';
import { commandName } from '../package-root.js';
import type { Question } from '../bank/question.js';
import { printableName } from '../sanitize.js';
import type { Mode } from '../progress/record.js';
import { isSuspended } from '../progress/summary-data.js';

export interface DrillFlags extends QuizFlags {
  cram?: boolean;
  /** Drill exactly these questions, in this order. */
  ids?: string[];
}

export function describeWhen(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  const text = ms < 60_000 ? 'in under a minute' : ms < 3_600_000 ? `in ${Math.round(ms / 60_000)} min` : ms < 86_400_000 ? `in ${Math.round(ms / 3_600_000)} h` : `in ${Math.round(ms / 86_400_000)} days`;
  return `${due.toISOString().slice(0, 16).replace('T', ' ')} UTC (${text})`;
}

export async function drill(flags: DrillFlags, mode: Mode = flags.cram ? 'cram' : 'drill'): Promise<number> {
  const ids = flags.ids && flags.ids.length > 0 ? flags.ids : null;
  const { filters, plain, asker, bank, choice, selected, named, store, summary, settings, random } = await startQuiz(flags, {
    pick: ids ? (questions) => questionsById(questions, ids) : undefined,
  });
  // -n, else the learner's session-size setting (10 unless changed).
  const limit = filters.limit ?? settings['session-size'];
  const now = new Date();
  let shuffled = named ?? shuffle(selected, random);
  // A plain `mlops-drill` starts with a menu (the topic in progress, a difficulty or a topic); flags skip it.
  const noFilters = named === null && filters.difficulties === null && filters.topics === null && filters.types === null;
  out(titleLine(choice.name, bank.questions.length, terminalWidth()));
  let topic: string | null = null;
  if (mode === 'drill' && noFilters && asker.pickStart) {
    const newLeft = Math.max(0, settings['new-per-day'] - countToday(summary.tallies.values(), now, settings['day-starts-at']).newToday);
    const picked = await asker.pickStart(startMenu(shuffled, summary, now, newLeft));
    if (picked === 'quit') return EXIT.ok;
    const { difficulties, topic: chosen } = picked;
    if (difficulties) shuffled = shuffled.filter((q) => difficulties.includes(q.difficulty));
    if (chosen !== null) shuffled = shuffled.filter((q) => q.topics.includes(chosen));
    topic = chosen;
  }
  let queue: Question[];
  let intro: string;
  if (named) {
    queue = named;
    intro = `${queue.length} question(s), as named${mode === 'cram' ? '; the review schedule is not changed' : ''}`;
  } else if (mode === 'cram') {
    queue = shuffled.slice(0, limit);
    intro = `cramming ${queue.length} question(s); the review schedule is not changed`;
  } else {
    const cards = summary.cards;
    const ordered = orderForDrill(shuffled, cards, now);
    const { later } = ordered;
    // Daily limits, per learning day, counted from the log: they hold across sessions and machines.
    const { due, fresh, notes } = applyDailyLimits(ordered.due, ordered.fresh, countToday(summary.tallies.values(), now, settings['day-starts-at']), {
      newPerDay: settings['new-per-day'],
      reviewsPerDay: settings['reviews-per-day'],
      room: limit,
    });
    queue = mode === 'review' ? due.slice(0, limit) : [...due, ...fresh].slice(0, limit);
    const dueCount = Math.min(due.length, queue.length);
    intro = `${queue.length} question(s)${topic === null ? '' : ` on ${printableName(topic)}`}: ${dueCount} due for review, ${queue.length - dueCount} new`;
    const relevant = mode === 'review' ? notes.filter((n) => n.includes('review')) : notes;
    for (const n of relevant) out(hardWrap(n, terminalWidth()).map((l) => style.dim(l)).join('\n'));
    if (queue.length === 0 && relevant.length > 0) return EXIT.ok;
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

  // The session and its screens (the Markdown renderer with them) load once past the start menu, which needs neither.
  const [{ runSession }, screens] = await Promise.all([import('../session.js'), import('../ui/screens.js')]);
  out(hardWrap(intro, terminalWidth()).map((l) => style.dim(l)).join('\n'));
  out();
  // The scheduler loads while the first question is on screen.
  // Suspended questions are not asked, so they are not counted in what comes due next either.
  const asked = new Map([...summary.cards].filter(([id]) => !isSuspended(summary, id)));
  const schedule: Promise<SessionSchedule> = import('../learning-fsrs.js').then((m) => m.fsrsSchedule(asked, mode));
  const cmd = commandName();
  const leech = { threshold: settings['leech-threshold'], action: settings['leech-action'], command: cmd };
  const result = await runSession({ questions: queue, asker, output: stdoutPort(), store, bank: choice.name, mode, random, plain, schedule, leech });
  asker.close();
  out();
  out(screens.summaryBlock(summaryRows(result), result.elapsedMs, terminalWidth(), cmd));
  if (result.asked.length > 0) {
    out();
    out(screens.nextStepsBlock(dueOutlook((await schedule).dueDates(result.suspended), new Date()), cmd, terminalWidth()));
  }
  return syncOnExit(finish(store), result.asked.length > 0, settings, store.dir);
}

/** The first line: the bank and its size, the bank's path shortened with … so it never wraps. */
export function titleLine(bank: string, count: number, width: number): string {
  // A folder name is printed, so control, bidi and format characters in it are shown escaped.
  const clean = printableName(bank);
  const full = ` · bank: ${clean} (${count} questions)`;
  if (displayWidth('mlops-drill' + full) <= width) return style.title('mlops-drill') + style.dim(full);
  const tail = ` (${count})`;
  // Shorter forms: the count alone, then without "bank:", the name shortened with … to what is left.
  const label = width - displayWidth(`mlops-drill · bank: ${tail}`) >= 12 ? 'bank: ' : '';
  const name = truncateCells(clean, Math.max(8, width - displayWidth(`mlops-drill · ${label}${tail}`)));
  return style.title('mlops-drill') + style.dim(` · ${label}${name}${tail}`);
}

/** The session summary's rows: each question asked, right or not, in its round. */
function summaryRows(result: SessionResult) {
  return result.asked.map((a) => ({
    id: a.question.id,
    title: a.question.title,
    difficulty: a.question.difficulty,
    correct: a.record.result === 'correct',
    skipped: a.record.result === 'skipped',
    round: a.round,
  }));
}

