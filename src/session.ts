import { randomUUID } from 'node:crypto';
import type { Question } from './bank/question.js';
import { diffLines, gradeFor, isNearMiss, normaliseOutput, outputMatches, type Attempt } from './grade.js';
import { LOG_VERSION, type AnswerRecord, type Grade, type Mode } from './progress/record.js';
import type { AnswerSink } from './progress/writer.js';
import type { Asker } from './ui/asker.js';
import { out, terminalWidth, warnAll, style } from './ui/output.js';
import * as screen from './ui/screens.js';
import { wrap } from './ui/markdown.js';
import { shuffle } from './random.js';

export interface SessionOptions {
  questions: Question[];
  asker: Asker;
  store: AnswerSink;
  bank: string;
  mode: Mode;
  /** Exam: no hints, no reveal, no feedback until the report. */
  exam?: boolean;
  random: () => number;
  now?: () => Date;
  /** Exam time limit (epoch ms): no question starts after it, and an answer given after it does not count. */
  deadline?: number;
}

export interface AskedQuestion {
  question: Question;
  record: AnswerRecord;
  /** For choice questions: the text of the option picked (exam report). */
  given: string | null;
}

export interface SessionResult {
  asked: AskedQuestion[];
  quit: boolean;
  timeUp: boolean;
  elapsedMs: number;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The quiz loop: show a question, take hints and an answer, grade it, save it,
 * explain it, move on. Saving happens after every answer, before anything else is
 * printed, so quitting or a kill loses at most the question on screen.
 */
export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  const now = opts.now ?? (() => new Date());
  const started = now().getTime();
  const asked: AskedQuestion[] = [];
  const width = terminalWidth();
  const total = opts.questions.length;
  let quit = false;
  let timeUp = false;

  for (const [i, q] of opts.questions.entries()) {
    if (opts.deadline !== undefined && now().getTime() >= opts.deadline) {
      timeUp = true;
      break;
    }
    out(screen.questionHeader(q, i + 1, total, width));
    if (opts.deadline !== undefined) out(style.warn(`Time left: ${clock(opts.deadline - now().getTime())}`));
    out(screen.questionBody(q, width));
    out();
    const t0 = now().getTime();
    const outcome = await ask(q, opts, width);
    if (outcome === 'quit') {
      quit = true;
      break;
    }
    if (opts.deadline !== undefined && now().getTime() > opts.deadline) {
      out(style.warn('Time is up: that answer came after the limit and does not count.'));
      timeUp = true;
      break;
    }
    const { result, grade } = gradeFor(outcome.attempt);
    const record: AnswerRecord = {
      v: LOG_VERSION,
      kind: 'answer',
      rid: randomUUID(),
      at: now().toISOString(),
      session: opts.store.session,
      bank: opts.bank,
      id: q.id,
      result,
      grade,
      hints: outcome.attempt.hints,
      revealed: outcome.attempt.revealed,
      nearMiss: outcome.attempt.nearMiss,
      seconds: Math.round((now().getTime() - t0) / 100) / 10,
      mode: opts.mode,
    };
    opts.store.append(record);
    warnAll(opts.store.takeNotices());
    asked.push({ question: q, record, given: outcome.given });

    if (!opts.exam) {
      explain(q);
      const answered = asked.filter((a) => a.record.result !== 'skipped');
      out(screen.scoreLine(answered.filter((a) => a.record.result === 'correct').length, answered.length));
    }
    // In an exam the questions follow each other without a pause: no feedback to read.
    if (!opts.exam) {
      const next = await opts.asker.next(true);
      if (next === 'undo') {
        opts.store.append({ v: LOG_VERSION, kind: 'undo', rid: randomUUID(), at: now().toISOString(), session: opts.store.session, undoes: record.rid });
        warnAll(opts.store.takeNotices());
        asked.pop();
        out(style.dim('That grade was taken back: the schedule is as if you had not answered it.'));
        const again = await opts.asker.next(false);
        if (again === 'quit') {
          quit = true;
          break;
        }
      } else if (next === 'quit') {
        quit = true;
        break;
      }
    }
  }
  return { asked, quit, timeUp, elapsedMs: now().getTime() - started };

  function explain(q: Question): void {
    if (q.type === 'choice' && q.answer) out(screen.section('Answer', q.answer, width));
    if (q.explanation) out(screen.section('Why', q.explanation, width));
    if (q.references.length > 0) out(screen.referencesBlock(q.references));
    if (screen.creditBlock(q)) out(screen.creditBlock(q));
    out();
  }
}

interface Outcome {
  attempt: Attempt;
  given: string | null;
}

async function ask(q: Question, opts: SessionOptions, width: number): Promise<Outcome | 'quit'> {
  const exam = opts.exam ?? false;
  let hints = 0;
  const attempt = (over: Partial<Attempt>): Attempt => ({
    correct: false,
    nearMiss: false,
    hints,
    revealed: false,
    skipped: false,
    tried: hints > 0,
    ...over,
  });
  const showHint = () => {
    hints++;
    out(screen.hintBlock(q.hints[hints - 1]!, hints, q.hints.length, width));
    out();
  };
  const askOpts = () => ({ canHint: !exam && hints < q.hints.length, exam });

  if (q.type === 'choice') {
    const order = shuffle(q.choices!.map((_, i) => i), opts.random);
    const labels = screen.choiceLabels(q, order);
    for (;;) {
      const reply = await opts.asker.choice(labels, askOpts());
      if (reply.kind === 'quit') return 'quit';
      if (reply.kind === 'hint') {
        showHint();
        continue;
      }
      const right = order.findIndex((i) => q.choices![i]!.correct);
      const rightText = `${String.fromCharCode(65 + right)}) ${labels[right]}`;
      if (reply.kind === 'skip') {
        if (!exam) out(wrap(style.dim(`Skipped. The answer was ${rightText}`), width).join('\n'));
        return { attempt: attempt({ skipped: true }), given: null };
      }
      if (reply.kind === 'reveal') {
        out(wrap(`${style.strong('Answer:')} ${rightText}`, width).join('\n'));
        return { attempt: attempt({ revealed: true, tried: true }), given: null };
      }
      if (reply.kind !== 'pick') continue;
      const picked = order[reply.index]!;
      const correct = q.choices![picked]!.correct;
      out(wrap(style.dim(`Your answer: ${String.fromCharCode(65 + reply.index)}) ${labels[reply.index]}`), width).join('\n'));
      if (!exam) out(correct ? screen.verdict(true) : wrap(`${screen.verdict(false)} The answer is ${rightText}`, width).join('\n'));
      return { attempt: attempt({ correct, tried: true }), given: q.choices![picked]!.text };
    }
  }

  if (q.type === 'output') {
    for (;;) {
      const reply = await opts.asker.output(askOpts());
      if (reply.kind === 'quit') return 'quit';
      if (reply.kind === 'hint') {
        showHint();
        continue;
      }
      if (reply.kind === 'skip') {
        if (!exam) out(style.dim('Skipped.') + '\n' + screen.expectedOutputBlock(q.answer));
        return { attempt: attempt({ skipped: true }), given: null };
      }
      const typed = reply.kind === 'text' ? reply.text : '';
      if (q.grading === 'self') {
        out(style.strong('The code prints:'));
        out(screen.expectedOutputBlock(q.answer));
        if (q.answerNotes) out(screen.section('What to check', q.answerNotes, width));
        const grade = await opts.asker.selfGrade();
        if (grade === 'quit') return 'quit';
        return { attempt: attempt({ selfGrade: grade, revealed: reply.kind === 'reveal', tried: true }), given: typed };
      }
      if (reply.kind === 'reveal') {
        out(style.strong('The code prints:'));
        out(screen.expectedOutputBlock(q.answer));
        return { attempt: attempt({ revealed: true, tried: true }), given: null };
      }
      if (outputMatches(q.answer, typed)) {
        if (!exam) out(screen.verdict(true));
        return { attempt: attempt({ correct: true, tried: true }), given: typed };
      }
      if (exam) return { attempt: attempt({ tried: true }), given: typed };
      const close = isNearMiss(q.answer, typed);
      out(screen.verdict(false, close ? 'Close: only spacing or capitals differ.' : 'Not quite.'));
      out(screen.diffBlock(diffLines(normaliseOutput(q.answer), normaliseOutput(typed))));
      const counted = await opts.asker.confirm('Count it as right anyway (a slip, not a misunderstanding)?', false);
      return { attempt: attempt({ correct: counted, nearMiss: counted, tried: true }), given: typed };
    }
  }

  // open
  for (;;) {
    const reply = await opts.asker.open(askOpts());
    if (reply.kind === 'quit') return 'quit';
    if (reply.kind === 'hint') {
      showHint();
      continue;
    }
    if (reply.kind === 'skip') {
      if (!exam) out(style.dim('Skipped.') + '\n' + screen.section('Model answer', q.answer, width));
      return { attempt: attempt({ skipped: true }), given: null };
    }
    out(screen.section('Model answer', q.answer, width));
    out();
    const grade: Grade | 'quit' = await opts.asker.selfGrade();
    if (grade === 'quit') return 'quit';
    return { attempt: attempt({ selfGrade: grade, tried: true }), given: null };
  }
}
