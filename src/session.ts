import type { Question } from './bank/question.js';
import { gradeFor, gradeReason, type Attempt } from './grade.js';
import { fixedSchedule, whenText, type SessionSchedule } from './learning.js';
import { LOG_VERSION, newRecordId, type AnswerRecord, type FlagRecord, type Grade, type Mode } from './progress/record.js';
import type { AnswerSink } from './progress/writer.js';
import type { LeechAction } from './config/settings.js';
import { becameLeech, suspendRecord } from './suspension.js';
import { askQuestion, pagerFor } from './turn.js';
import type { Asker } from './ui/asker.js';
import { style, type OutputPort } from './ui/output.js';
import * as screen from './ui/screens.js';
import { wrap } from './ui/wrap.js';


export interface SessionOptions {
  questions: Question[];
  asker: Asker;
  output: OutputPort;
  store: AnswerSink;
  bank: string;
  mode: Mode;
  /** Exam: no hints, no reveal, no feedback until the report. */
  exam?: boolean;
  /** Plain line mode: typed answers are echoed beside model answers, the time left is printed. */
  plain?: boolean;
  random: () => number;
  now?: () => Date;
  /** Exam time limit (epoch ms): the prompt closes at it, and an answer in progress does not count. */
  deadline?: number;
  /** The schedule the session updates as it goes (may still be loading); without one, due times are not known. */
  schedule?: SessionSchedule | Promise<SessionSchedule>;
  /** The leech rule (settings leech-threshold and leech-action); `command` names the program in the hint. */
  leech?: { threshold: number; action: LeechAction; command: string };
}

export interface AskedQuestion {
  question: Question;
  record: AnswerRecord;
  /** What the learner answered: the option text, or the typed lines. */
  given: string | null;
  /** 1 the first time in this session; 2 and up when a miss came back. */
  round: number;
}

export interface SessionResult {
  asked: AskedQuestion[];
  /** Exam: open answers typed under the clock, graded by the learner in the report. */
  ungraded: { question: Question; given: string; seconds: number }[];
  quit: boolean;
  timeUp: boolean;
  /** The question on screen when the time ran out (its answer does not count). */
  cutOff: Question | null;
  /** Ids the leech action suspended (and no undo brought back). */
  suspended: Set<string>;
  elapsedMs: number;
}

/** A miss comes back at most this many times in one session; after that, in the next one. */
export const MAX_RETURNS = 2;

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The record of one graded answer (pure). */
export function answerRecord(
  fields: { session: string; bank: string; id: string; mode: Mode; at: Date; seconds: number },
  attempt: Attempt,
): AnswerRecord {
  const { result, grade } = gradeFor(attempt);
  return {
    v: LOG_VERSION,
    kind: 'answer',
    rid: newRecordId(),
    at: fields.at.toISOString(),
    session: fields.session,
    bank: fields.bank,
    id: fields.id,
    result,
    grade,
    hints: attempt.hints,
    revealed: attempt.revealed,
    nearMiss: attempt.nearMiss,
    seconds: Math.round(fields.seconds * 10) / 10,
    mode: fields.mode,
  };
}

interface Item {
  question: Question;
  round: number;
  /** When it may come back (epoch ms); 0 for questions of the first round. */
  due: number;
}

/**
 * The quiz loop: show a question, take hints and an answer, grade it, save it,
 * explain it, move on; a miss comes back once its learning step is due, and before
 * the session ends. Saving happens after every answer, before anything else is
 * printed, so quitting or a kill loses at most the question on screen.
 */
export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  const now = opts.now ?? (() => new Date());
  const out = opts.output;
  const exam = opts.exam ?? false;
  const loading = Promise.resolve(opts.schedule ?? fixedSchedule);
  const started = now().getTime();
  const result: SessionResult = { asked: [], ungraded: [], quit: false, timeUp: false, cutOff: null, elapsedMs: 0, suspended: new Set() };
  const queue: Item[] = opts.questions.map((question) => ({ question, round: 1, due: 0 }));
  const returns: Item[] = [];
  const total = opts.questions.length;
  let firstShown = 0;

  /** A due miss first, then the next new question, then misses not yet due: all before the end. */
  const pickNext = (): Item | undefined => {
    returns.sort((a, b) => a.due - b.due);
    if (returns[0] && returns[0].due <= now().getTime()) return returns.shift();
    return queue.shift() ?? returns.shift();
  };

  for (let item = pickNext(); item; item = pickNext()) {
    const q = item.question;
    if (opts.deadline !== undefined && now().getTime() >= opts.deadline) {
      result.timeUp = true;
      break;
    }
    if (item.round === 1) firstShown++;
    const counter = item.round === 1 ? `Question ${firstShown} of ${total}` : 'Once more (missed)';
    out.print(screen.questionHeader(q, counter, out.width));
    if (opts.deadline !== undefined && opts.plain) out.print(`Time left: ${clock(opts.deadline - now().getTime())}`);
    out.print(screen.questionBody(q, out.width));
    out.print();
    const t0 = now().getTime();
    const outcome = await askQuestion(q, {
      asker: opts.asker,
      output: out,
      exam,
      plain: opts.plain ?? false,
      random: opts.random,
      ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
    });
    if (outcome.kind === 'quit') {
      result.quit = true;
      break;
    }
    if (outcome.kind === 'timeup' || (opts.deadline !== undefined && now().getTime() > opts.deadline)) {
      out.print();
      out.print(wrap('Time is up: the answer in progress does not count.', out.width).map((l) => style.warn(l)).join('\n'));
      result.timeUp = true;
      result.cutOff = q;
      break;
    }
    const seconds = (now().getTime() - t0) / 1000;
    if (outcome.kind === 'later') {
      result.ungraded.push({ question: q, given: outcome.given, seconds });
      continue;
    }
    const at = now();
    const record = answerRecord({ session: opts.store.session, bank: opts.bank, id: q.id, mode: opts.mode, at, seconds }, outcome.attempt);
    opts.store.append(record);
    for (const n of opts.store.takeNotices()) out.warn(n);
    result.asked.push({ question: q, record, given: outcome.given, round: item.round });
    // In an exam the questions follow each other without a pause: no feedback to read.
    if (exam) {
      out.print();
      continue;
    }

    await explain(q);
    const schedule = await loading;
    const lapsesBefore = schedule.lapses?.(q.id) ?? 0;
    const due = schedule.answer(q.id, record.grade, at);
    const lapses = schedule.lapses?.(q.id) ?? 0;
    const leech = opts.leech && becameLeech(lapsesBefore, lapses, opts.leech.threshold) ? opts.leech : null;
    // With leech-action suspend, the question is set aside at once: saved like an answer, and not asked again.
    const suspended = leech?.action === 'suspend' ? suspendRecord('suspend', { session: opts.store.session, bank: opts.bank, id: q.id, at }) : null;
    if (suspended) {
      result.suspended.add(q.id);
      opts.store.append(suspended);
      for (const n of opts.store.takeNotices()) out.warn(n);
    }
    const comesBack = record.grade === 'again' && item.round <= MAX_RETURNS && !suspended;
    // Without a schedule (cram), a miss comes back after a minute, as a first learning step would.
    if (comesBack) returns.push({ question: q, round: item.round + 1, due: (due ?? new Date(at.getTime() + 60_000)).getTime() });
    out.print(screen.gradeLine(gradeReason(outcome.attempt), record.grade, suspended ? 'suspended as a leech' : cameBackText(due, at, comesBack, opts.mode), out.width));
    if (leech) out.print(wrap(leechText(q.id, lapses, leech), out.width).map((l) => style.warn(l)).join('\n'));
    out.print(scoreText(result.asked));

    let next = await opts.asker.next(true);
    while (next === 'flag') {
      await flag(q);
      next = await opts.asker.next(true);
    }
    if (next === 'undo') {
      opts.store.append({ v: LOG_VERSION, kind: 'undo', rid: newRecordId(), at: now().toISOString(), session: opts.store.session, undoes: record.rid });
      // The answer taken back is what made the question a leech: bring it back too, as unsuspend would.
      if (suspended) {
        opts.store.append(suspendRecord('unsuspend', { session: opts.store.session, bank: opts.bank, id: q.id, at: now() }));
        result.suspended.delete(q.id);
      }
      for (const n of opts.store.takeNotices()) out.warn(n);
      result.asked.pop();
      (await loading).undo(q.id);
      if (comesBack) returns.pop();
      if (item.round === 1) firstShown--;
      out.print(style.dim(`That grade was taken back${suspended ? ', and the question is not suspended' : ''}: answer the question again.`));
      out.print(scoreText(result.asked));
      out.print();
      queue.unshift(item);
    } else if (next === 'quit') {
      result.quit = true;
      break;
    }
  }
  result.elapsedMs = now().getTime() - started;
  return result;

  /** One line of reason, saved in the log for the author: the question is confusing or wrong. */
  async function flag(q: Question): Promise<void> {
    const reason = (await opts.asker.line?.('What is wrong with this question? One line (an empty line cancels):'))?.trim() ?? '';
    if (reason === '') {
      out.print(style.dim('Not flagged.'));
      return;
    }
    const record: FlagRecord = { v: LOG_VERSION, kind: 'flag', rid: newRecordId(), at: now().toISOString(), session: opts.store.session, bank: opts.bank, id: q.id, reason };
    opts.store.append(record);
    for (const n of opts.store.takeNotices()) out.warn(n);
    out.print(style.dim('Flagged: saved in your progress log with your reason.'));
  }

  async function explain(q: Question): Promise<void> {
    const page = pagerFor(opts.asker, out);
    if (q.type === 'choice' && q.answer) await page(screen.section('Answer', q.answer, out.width));
    if (q.explanation) await page(screen.section('Why', q.explanation, out.width));
    if (q.references.length > 0) out.print(screen.referencesBlock(q.references, out.width));
    const credit = screen.creditBlock(q);
    if (credit) out.print(screen.fitToWidth(credit, out.width));
    out.print();
  }
}

const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

/** The line said when a lapse makes a question a leech, with the command that undoes or does the suspend: short, to fit 80 columns. */
function leechText(id: string, lapses: number, leech: { action: LeechAction; command: string }): string {
  return leech.action === 'suspend'
    ? `Leech, forgotten ${times(lapses)}: suspended (${leech.command} unsuspend ${id})`
    : `Leech, forgotten ${times(lapses)} (${leech.command} suspend ${id} sets it aside)`;
}

function cameBackText(due: Date | null, at: Date, comesBack: boolean, mode: Mode): string {
  if (due === null) return mode === 'cram' ? 'cram: the schedule is not changed' + (comesBack ? '; asked again before the end' : '') : 'the schedule is not changed';
  return `back ${whenText(due, at)}${comesBack ? ', and once more this session' : ''}`;
}

/** "Score so far: 2 of 3", first tries only; questions that came back are counted apart. */
export function scoreText(asked: readonly { record: { result: string }; round: number }[]): string {
  const first = asked.filter((a) => a.round === 1 && a.record.result !== 'skipped');
  const again = asked.filter((a) => a.round > 1 && a.record.result !== 'skipped');
  const right = (xs: typeof first) => xs.filter((a) => a.record.result === 'correct').length;
  return screen.scoreLine(right(first), first.length) + (again.length ? style.dim(` · again: ${right(again)} of ${again.length}`) : '');
}

/** Grade an exam's open answers in its report and save them (the learner's own grade). */
export async function gradeLater(
  items: SessionResult['ungraded'],
  opts: { asker: Asker; output: OutputPort; store: AnswerSink; bank: string; now?: () => Date },
): Promise<{ graded: AskedQuestion[]; quit: boolean }> {
  const now = opts.now ?? (() => new Date());
  const graded: AskedQuestion[] = [];
  for (const u of items) {
    const out = opts.output;
    out.print();
    out.print(style.strong(u.question.title));
    out.print(style.strong('Your answer:'));
    out.print(u.given.trim() ? screen.expectedOutputBlock(u.given, out.width) : style.dim('  (nothing typed)'));
    await pagerFor(opts.asker, out)(screen.section('Model answer', u.question.answer, out.width));
    const grade: Grade | 'quit' = await opts.asker.selfGrade();
    // Those graded before quitting are saved, so the report counts them too.
    if (grade === 'quit') return { graded, quit: true };
    const attempt: Attempt = { correct: grade !== 'again', nearMiss: false, hints: 0, revealed: false, skipped: false, tried: true, selfGrade: grade };
    const record = answerRecord({ session: opts.store.session, bank: opts.bank, id: u.question.id, mode: 'exam', at: now(), seconds: u.seconds }, attempt);
    opts.store.append(record);
    for (const n of opts.store.takeNotices()) out.warn(n);
    graded.push({ question: u.question, record, given: u.given, round: 1 });
  }
  return { graded, quit: false };
}
