import { EXIT } from '../errors.js';
import { DEFAULT_LIMIT } from '../filters.js';
import { finish, startQuiz, type QuizFlags } from '../quiz-start.js';
import { shuffle } from '../random.js';
import { orderForDrill } from '../schedule.js';
import { runSession } from '../session.js';
import type { DifficultyCounts } from '../ui/asker.js';
import type { Card } from 'ts-fsrs';
import { out, style, terminalWidth } from '../ui/output.js';
import { summaryBlock } from '../ui/screens.js';
import type { Question } from '../bank/question.js';
import { printableName } from '../sanitize.js';
import type { Mode } from '../progress/record.js';

export interface DrillFlags extends QuizFlags {
  cram?: boolean;
}

export function describeWhen(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  const text = ms < 60_000 ? 'in under a minute' : ms < 3_600_000 ? `in ${Math.round(ms / 60_000)} min` : ms < 86_400_000 ? `in ${Math.round(ms / 3_600_000)} h` : `in ${Math.round(ms / 86_400_000)} days`;
  return `${due.toISOString().slice(0, 16).replace('T', ' ')} UTC (${text})`;
}

export async function drill(flags: DrillFlags, mode: Mode = flags.cram ? 'cram' : 'drill'): Promise<number> {
  const { filters, asker, bank, choice, selected, store, summary, random } = await startQuiz(flags);
  const limit = filters.limit ?? DEFAULT_LIMIT.drill;
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
