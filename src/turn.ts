import type { Question } from './bank/question.js';
import { diffLines, slipsBetween, normaliseOutput, outputMatches, shortAnswerMatches, shortAnswerNearMiss, type Attempt, type Slip } from './grade.js';
import type { Grade } from './progress/record.js';
import { shuffle } from './random.js';
import type { AskOptions, Asker, Command, TextReply } from './ui/asker.js';
import { letter } from './ui/asker.js';
import { wrap } from './ui/wrap.js';
import { style, type OutputPort } from './ui/output.js';
import * as screen from './ui/screens.js';
import { pageText } from './ui/pager.js';

/**
 * One question asked once: hints, the answer and its grading, one function per question
 * type. What the learner typed is kept across commands (a hint never loses typed lines).
 */
export type TurnOutcome =
  | { kind: 'answered'; attempt: Attempt; given: string | null }
  /** Exam: an open answer typed under the clock, graded by the learner in the report. */
  | { kind: 'later'; given: string }
  | { kind: 'quit' }
  /** Exam time ran out while this question was open: the answer in progress does not count. */
  | { kind: 'timeup' };

export interface TurnContext {
  asker: Asker;
  output: OutputPort;
  exam: boolean;
  plain: boolean;
  random: () => number;
  deadline?: number;
}

/** A text reply once hints are dealt with. */
type HandedIn = { kind: 'text'; text: string } | { kind: Exclude<Command, 'hint'> | 'timeup'; draft: string[] };

class Turn {
  hints = 0;
  constructor(
    readonly q: Question,
    readonly ctx: TurnContext,
  ) {}

  get out(): OutputPort {
    return this.ctx.output;
  }

  /** Print a block that may be taller than the screen (an answer): paged in a terminal. */
  page(text: string): Promise<boolean> {
    return pagerFor(this.ctx.asker, this.ctx.output)(text);
  }

  options(): AskOptions {
    return { canHint: !this.ctx.exam && this.hints < this.q.hints.length, exam: this.ctx.exam, ...(this.ctx.deadline !== undefined ? { deadline: this.ctx.deadline } : {}) };
  }

  attempt(over: Partial<Attempt>): Attempt {
    return { correct: false, nearMiss: false, hints: this.hints, revealed: false, skipped: false, tried: this.hints > 0, ...over };
  }

  showHint(): void {
    this.hints++;
    this.out.print(screen.hintBlock(this.q.hints[this.hints - 1]!, this.hints, this.q.hints.length, this.out.width));
    this.out.print();
  }

  /**
   * Typed lines until the learner hands them in or gives a command other than a hint: a hint
   * is shown and what was typed stays as the draft of the next read.
   */
  async readText(read: (opts: AskOptions, draft: string[]) => Promise<TextReply>): Promise<HandedIn> {
    let draft: string[] = [];
    for (;;) {
      const reply = await read(this.options(), draft);
      if (reply.kind !== 'hint') return reply as HandedIn;
      draft = reply.draft;
      this.showHint();
    }
  }

  /** The learner's typed lines again, beside the model answer (plain mode: the terminal prompt leaves them on screen). */
  echo(typed: string): void {
    if (!this.ctx.plain || typed.trim() === '') return;
    this.out.print(style.strong('Your answer:'));
    this.out.print(screen.expectedOutputBlock(typed, this.out.width));
  }
}

/** Text paged through the asker's "more" prompt when it is taller than the terminal; whole otherwise. */
export function pagerFor(asker: Asker, out: OutputPort): (text: string) => Promise<boolean> {
  return (text) => pageText(text, { print: (t) => out.print(t), rows: out.rows ?? null, more: asker.more?.bind(asker) });
}

export function askQuestion(q: Question, ctx: TurnContext): Promise<TurnOutcome> {
  const turn = new Turn(q, ctx);
  if (q.type === 'choice') return askChoice(turn);
  if (q.type === 'output') return q.grading === 'self' ? askSelfGradedOutput(turn) : askOutput(turn);
  if (q.cloze) return askCloze(turn);
  return askOpen(turn);
}

async function askChoice(t: Turn): Promise<TurnOutcome> {
  const { q, out } = t;
  const order = shuffle(
    q.choices!.map((_, i) => i),
    t.ctx.random,
  );
  const labels = screen.choiceLabels(q, order);
  const right = order.findIndex((i) => q.choices![i]!.correct);
  const rightText = `${letter(right)}) ${labels[right]}`;
  const say = (text: string) => out.print(wrap(text, out.width).join('\n'));
  for (;;) {
    const reply = await t.ctx.asker.choice(labels, t.options());
    switch (reply.kind) {
      case 'quit':
      case 'timeup':
        return { kind: reply.kind };
      case 'hint':
        t.showHint();
        continue;
      case 'skip':
        if (!t.ctx.exam) say(style.dim(`Skipped. The answer was ${rightText}`));
        return { kind: 'answered', attempt: t.attempt({ skipped: true }), given: null };
      case 'reveal':
        say(`${style.strong('Answer:')} ${rightText} ${style.dim('(revealed: counts as a miss)')}`);
        return { kind: 'answered', attempt: t.attempt({ revealed: true, tried: true }), given: null };
      case 'pick': {
        const picked = order[reply.index]!;
        const correct = q.choices![picked]!.correct;
        say(style.dim(`Your answer: ${letter(reply.index)}) ${labels[reply.index]}`));
        if (!t.ctx.exam) say(correct ? screen.verdict(true) : `${screen.verdict(false)} The answer is ${rightText}`);
        return { kind: 'answered', attempt: t.attempt({ correct, tried: true }), given: q.choices![picked]!.text };
      }
    }
  }
}

const SLIP_WORDS: Record<Slip, string> = { spacing: 'spacing', case: 'letter case', quotes: 'quotes', typo: 'a small typo' };

export function slipText(slips: readonly Slip[]): string {
  const words = slips.map((s) => SLIP_WORDS[s]);
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]!;
  return `Close: the only difference is ${list}.`;
}

async function askOutput(t: Turn): Promise<TurnOutcome> {
  const { q, out } = t;
  const reply = await t.readText((o, d) => t.ctx.asker.output(o, d));
  switch (reply.kind) {
    case 'quit':
    case 'timeup':
      return { kind: reply.kind };
    case 'skip':
      if (!t.ctx.exam) await t.page(style.dim('Skipped.') + '\n' + screen.expectedOutputBlock(q.answer, out.width));
      return { kind: 'answered', attempt: t.attempt({ skipped: true }), given: null };
    case 'reveal':
      out.print(wrap(`${style.strong('The code prints:')} ${style.dim('(revealed: counts as a miss)')}`, out.width).join('\n'));
      await t.page(screen.expectedOutputBlock(q.answer, out.width));
      return { kind: 'answered', attempt: t.attempt({ revealed: true, tried: true }), given: null };
    case 'text':
      break;
  }
  const typed = reply.text;
  if (outputMatches(q.answer, typed)) {
    if (!t.ctx.exam) out.print(screen.verdict(true));
    return { kind: 'answered', attempt: t.attempt({ correct: true, tried: true }), given: typed };
  }
  if (t.ctx.exam) return { kind: 'answered', attempt: t.attempt({ tried: true }), given: typed };
  const slips = slipsBetween(q.answer, typed, { strictSpacing: q.spacing === 'strict' });
  out.print(screen.verdict(false, slips ? slipText(slips) : 'Not quite.'));
  out.print(screen.diffBlock(diffLines(normaliseOutput(q.answer), normaliseOutput(typed)), out.width));
  // Offered only for a slip: a real difference is a miss, with no way to talk it round.
  const counted = slips !== null && (await t.ctx.asker.confirm('Count it as right (a slip, not a misunderstanding)?', false));
  if (counted) out.print(screen.verdict(true, 'Counted as right, graded hard (a slip costs a little).'));
  return { kind: 'answered', attempt: t.attempt({ correct: counted, nearMiss: counted, tried: true }), given: typed };
}

async function selfGrade(t: Turn, typed: string, revealed: boolean): Promise<TurnOutcome> {
  const grade: Grade | 'quit' = await t.ctx.asker.selfGrade();
  if (grade === 'quit') return { kind: 'quit' };
  return { kind: 'answered', attempt: t.attempt({ selfGrade: grade, revealed, tried: true }), given: typed };
}

async function askSelfGradedOutput(t: Turn): Promise<TurnOutcome> {
  const { q, out } = t;
  const reply = await t.readText((o, d) => t.ctx.asker.output(o, d));
  if (reply.kind === 'quit' || reply.kind === 'timeup') return { kind: reply.kind };
  if (reply.kind === 'skip') {
    if (!t.ctx.exam) await t.page(style.dim('Skipped.') + '\n' + screen.expectedOutputBlock(q.answer, out.width));
    return { kind: 'answered', attempt: t.attempt({ skipped: true }), given: null };
  }
  const typed = reply.kind === 'text' ? reply.text : '';
  t.echo(typed);
  out.print(style.strong('The code prints:'));
  await t.page(screen.expectedOutputBlock(q.answer, out.width));
  if (q.answerNotes) await t.page(screen.section('What to check', q.answerNotes, out.width));
  return selfGrade(t, typed, reply.kind === 'reveal');
}

async function askOpen(t: Turn): Promise<TurnOutcome> {
  const { q, out } = t;
  const reply = await t.readText((o, d) => t.ctx.asker.open(o, d));
  if (reply.kind === 'quit' || reply.kind === 'timeup') return { kind: reply.kind };
  if (reply.kind === 'skip') {
    if (!t.ctx.exam) await t.page(style.dim('Skipped.') + '\n' + screen.section('Model answer', q.answer, out.width));
    return { kind: 'answered', attempt: t.attempt({ skipped: true }), given: null };
  }
  const typed = reply.kind === 'text' ? reply.text : '';
  // Under exam conditions the model answer waits for the report, where the learner grades it.
  if (t.ctx.exam) return { kind: 'later', given: typed };
  t.echo(typed);
  await t.page(screen.section('Model answer', q.answer, out.width));
  out.print();
  return selfGrade(t, typed, false);
}

/** A cloze card: the hidden text typed on one line, compared like a short answer; the whole text shown after. */
async function askCloze(t: Turn): Promise<TurnOutcome> {
  const { q, out } = t;
  const reveal = async () => {
    await t.page(screen.clozeRevealBlock(q, out.width));
    if (q.answerNotes) await t.page(screen.section('Notes', q.answerNotes, out.width));
    out.print();
  };
  const reply = await t.readText((o, d) => (t.ctx.asker.short ?? t.ctx.asker.output).call(t.ctx.asker, o, d));
  switch (reply.kind) {
    case 'quit':
    case 'timeup':
      return { kind: reply.kind };
    case 'skip':
      if (!t.ctx.exam) {
        out.print(style.dim('Skipped.'));
        await reveal();
      }
      return { kind: 'answered', attempt: t.attempt({ skipped: true }), given: null };
    case 'reveal':
      out.print(wrap(`${style.strong('Answer:')} ${q.answer} ${style.dim('(revealed: counts as a miss)')}`, out.width).join('\n'));
      await reveal();
      return { kind: 'answered', attempt: t.attempt({ revealed: true, tried: true }), given: null };
    case 'text':
      break;
  }
  const typed = reply.text;
  if (shortAnswerMatches(q.answer, typed)) {
    if (!t.ctx.exam) {
      out.print(screen.verdict(true));
      await reveal();
    }
    return { kind: 'answered', attempt: t.attempt({ correct: true, tried: true }), given: typed };
  }
  if (t.ctx.exam) return { kind: 'answered', attempt: t.attempt({ tried: true }), given: typed };
  const slips = shortAnswerNearMiss(q.answer, typed);
  out.print(screen.verdict(false, slips ? slipText(slips) : 'Not quite.'));
  out.print(wrap(`${style.strong('Answer:')} ${q.answer}`, out.width).join('\n'));
  await reveal();
  const counted = slips !== null && (await t.ctx.asker.confirm('Count it as right (a slip, not a misunderstanding)?', false));
  if (counted) out.print(screen.verdict(true, 'Counted as right, graded hard (a slip costs a little).'));
  return { kind: 'answered', attempt: t.attempt({ correct: counted, nearMiss: counted, tried: true }), given: typed };
}
