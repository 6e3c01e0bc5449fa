import { beforeEach, describe, expect, it } from 'vitest';
import { gradeLater, runSession, type SessionOptions } from '../../src/session.js';
import type { Asker, ChoiceReply, NextReply, TextReply } from '../../src/ui/asker.js';
import type { LogRecord } from '../../src/progress/record.js';
import type { SessionSchedule } from '../../src/learning.js';
import { configureColor, type OutputPort } from '../../src/ui/output.js';
import { question } from '../builders.js';

/**
 * The quiz loop with a scripted learner: each test lists what the learner does, and checks
 * what is saved and what the session printed through its output port.
 */
type Step =
  | { choice: ChoiceReply }
  | { output: TextReply }
  | { open: TextReply }
  | { grade: 'again' | 'hard' | 'good' | 'easy' | 'quit' }
  | { confirm: boolean }
  | { next: NextReply };

function scripted(steps: Step[]): Asker & { left: () => number; drafts: string[][] } {
  const queue = [...steps];
  const drafts: string[][] = [];
  const take = <K extends string>(kind: K) => {
    const step = queue.shift();
    if (!step || !(kind in step)) throw new Error(`the learner was asked for ${kind} but the script says ${JSON.stringify(step)}`);
    return (step as Record<K, unknown>)[kind];
  };
  return {
    choice: async () => take('choice') as ChoiceReply,
    output: async (_opts, draft) => (drafts.push(draft), take('output') as TextReply),
    open: async (_opts, draft) => (drafts.push(draft), take('open') as TextReply),
    selfGrade: async () => take('grade') as 'again',
    confirm: async () => take('confirm') as boolean,
    next: async () => take('next') as NextReply,
    close: () => undefined,
    left: () => queue.length,
    drafts,
  };
}

function memoryStore() {
  const saved: LogRecord[] = [];
  return {
    saved,
    store: { session: 'session-1', append: (...r: LogRecord[]) => (saved.push(...r), true), takeNotices: () => [] },
  };
}

let screen = '';
const output: OutputPort = { print: (text = '') => void (screen += text + '\n'), warn: (text) => void (screen += `warning: ${text}\n`), width: 80 };
beforeEach(() => {
  configureColor(false);
  screen = '';
});

function run(over: Partial<SessionOptions> & Pick<SessionOptions, 'questions' | 'asker' | 'store'>) {
  return runSession({ bank: 'b', mode: 'drill', random, output, ...over });
}

const CHOICE = question({
  id: 'c1',
  type: 'choice',
  choices: [
    { text: 'Right', correct: true },
    { text: 'Wrong one', correct: false },
    { text: 'Wrong two', correct: false },
  ],
  hints: ['first hint', 'second hint'],
});
const OUTPUT = question({ id: 'o1', type: 'output', grading: 'exact', code: { language: 'python', text: 'print(1)' }, answer: 'one\ntwo' });
const OPEN = question({ id: 'p1', type: 'open' });
// Options are shuffled by this source; tests pick options by their text, never by position.
const random = () => 0.5;

describe('runSession', () => {
  it('a right choice at the first try without a hint is graded good and saved before the explanation', async () => {
    const { saved, store } = memoryStore();
    // The options are shuffled: pick by position after finding where "Right" went.
    const asker = scripted([{ next: 'next' }]);
    asker.choice = async (labels) => ({ kind: 'pick', index: labels.indexOf('Right') });
    const result = await run({ questions: [CHOICE], asker, store });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ kind: 'answer', id: 'c1', result: 'correct', grade: 'good', hints: 0, mode: 'drill', session: 'session-1' });
    expect(result.asked).toHaveLength(1);
    expect(screen).toContain('Explanation of c1');
    expect(screen).toContain('Score so far: 1 of 1');
  });

  it('a hint, then the right choice, is graded hard, and the hints are shown in order', async () => {
    const { saved, store } = memoryStore();
    let calls = 0;
    const asker = scripted([{ next: 'quit' }]);
    asker.choice = async (labels, opts) => {
      calls++;
      if (calls === 1) {
        expect(opts.canHint).toBe(true);
        return { kind: 'hint' };
      }
      return { kind: 'pick', index: labels.indexOf('Right') };
    };
    const result = await run({ questions: [CHOICE, OPEN], asker, store });
    expect(saved.map((r) => r.kind === 'answer' && [r.id, r.grade, r.hints])).toEqual([['c1', 'hard', 1]]);
    expect(screen.indexOf('Hint 1 of 2:')).toBeGreaterThan(-1);
    expect(screen).toContain('first hint');
    expect(screen).not.toContain('second hint');
    // Quitting at "Ready?" ends the session after the saved answer.
    expect(result.quit).toBe(true);
  });

  it('a wrong output shows the diff; counting the slip as right grades it hard with nearMiss', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ output: { kind: 'text', text: 'one\nTWO' } }, { confirm: true }, { next: 'next' }]);
    await run({ questions: [OUTPUT], asker, store });
    expect(screen).toContain('Close: the only difference is letter case.');
    expect(screen).toContain('  expected  two\n  yours     TWO\n');
    expect(screen).toContain('Counted as right, graded hard');
    expect(screen).toContain('counted right as a slip → hard');
    expect(saved[0]).toMatchObject({ id: 'o1', result: 'correct', grade: 'hard', nearMiss: true });
    expect(asker.left()).toBe(0);
  });

  it('an empty first line reveals the output: graded again, nothing asked about slips', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ output: { kind: 'reveal', draft: [] } }, { next: 'quit' }]);
    await run({ questions: [OUTPUT], asker, store });
    expect(screen).toContain('The code prints: (revealed: counts as a miss)');
    expect(screen).toContain('revealed (a miss) → again');
    expect(saved[0]).toMatchObject({ result: 'incorrect', grade: 'again', revealed: true });
  });

  it('an open question takes the learner\'s own grade after the model answer', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ open: { kind: 'text', text: '' } }, { grade: 'easy' }, { next: 'next' }]);
    await run({ questions: [OPEN], asker, store });
    expect(screen).toContain('Model answer');
    expect(saved[0]).toMatchObject({ id: 'p1', result: 'correct', grade: 'easy' });
  });

  it('skipping untouched saves a skip with no grade; quitting mid-question saves nothing for it', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ open: { kind: 'skip', draft: [] } }, { next: 'next' }, { output: { kind: 'quit', draft: [] } }]);
    const result = await run({ questions: [OPEN, OUTPUT], asker, store });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ id: 'p1', result: 'skipped', grade: null });
    expect(result.quit).toBe(true);
  });

  it('undo appends an undo record naming the answer, asks the same question again and corrects the score', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([
      { open: { kind: 'text', text: '' } },
      { grade: 'again' },
      { next: 'undo' },
      { open: { kind: 'text', text: '' } },
      { grade: 'good' },
      { next: 'quit' },
    ]);
    const result = await run({ questions: [OPEN, OUTPUT], asker, store });
    expect(saved.map((r) => r.kind)).toEqual(['answer', 'undo', 'answer']);
    expect(saved[1]).toMatchObject({ kind: 'undo', undoes: saved[0]!.rid });
    expect(saved[2]).toMatchObject({ id: 'p1', grade: 'good' });
    expect(screen.match(/^Question 1 of 2/gm)).toHaveLength(2);
    expect(screen).toContain('Score so far: 0 of 1\nThat grade was taken back: answer the question again.\nScore so far: 0 of 0');
    expect(screen).toMatch(/Score so far: 1 of 1\n?$/);
    expect(result.asked.map((a) => a.record.grade)).toEqual(['good']);
    expect(asker.left()).toBe(0);
  });

  it('in an exam: no hint offered, no feedback, no pause between questions', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ output: { kind: 'text', text: 'wrong' } }]);
    asker.choice = async (labels, opts) => {
      expect(opts).toEqual({ canHint: false, exam: true });
      return { kind: 'pick', index: labels.indexOf('Wrong one') };
    };
    const result = await run({ questions: [CHOICE, OUTPUT], asker, store, bank: 'b', mode: 'exam', exam: true, random });
    expect(saved.map((r) => r.kind === 'answer' && [r.id, r.result, r.mode])).toEqual([
      ['c1', 'incorrect', 'exam'],
      ['o1', 'incorrect', 'exam'],
    ]);
    expect(screen).not.toMatch(/Not quite|Correct\.|Explanation of|Score so far/);
    expect(result.asked.map((a) => a.given)).toEqual(['Wrong one', 'wrong']);
  });

  it('with a time limit: no question starts after it, and an answer given after it does not count', async () => {
    const { saved, store } = memoryStore();
    let t = 1_000_000;
    const now = () => new Date(t);
    const asker = scripted([]);
    asker.choice = async (labels) => {
      t += 90_000; // the learner takes 90 s over the first question
      return { kind: 'pick', index: labels.indexOf('Right') };
    };
    asker.output = async () => {
      t += 60_000; // and passes the 2-minute limit during the second
      return { kind: 'text', text: 'one\ntwo' };
    };
    const result = await run({ questions: [CHOICE, OUTPUT, OPEN], asker, store, bank: 'b', mode: 'exam', exam: true, plain: true, random, now, deadline: 1_000_000 + 120_000 });
    expect(screen).toContain('Time left: 2:00');
    expect(screen).toContain('Time left: 0:30');
    expect(screen).toContain('Time is up: the answer in progress does not count.');
    expect(result.cutOff?.id).toBe('o1');
    expect(saved.map((r) => r.kind === 'answer' && r.id)).toEqual(['c1']);
    expect(result.timeUp).toBe(true);
    expect(screen).not.toContain('Prompt of p1');
  });

  it('shows the options in an order drawn from the session\'s random source', async () => {
    const orders: string[][] = [];
    for (const r of [() => 0, () => 0.99]) {
      const { store } = memoryStore();
      const asker = scripted([{ next: 'quit' }]);
      asker.choice = async (labels) => {
        orders.push(labels);
        return { kind: 'pick', index: 0 };
      };
      await run({ questions: [CHOICE], asker, store, bank: 'b', mode: 'drill', random: r });
    }
    expect([...orders[0]!].sort()).toEqual(['Right', 'Wrong one', 'Wrong two']);
    expect([...orders[1]!].sort()).toEqual(['Right', 'Wrong one', 'Wrong two']);
    expect(orders[0]).not.toEqual(orders[1]);
  });

  it('lines typed before a hint are kept: the answer goes on from them, and a correct answer after :h is correct', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ output: { kind: 'hint', draft: ['one'] } }, { output: { kind: 'text', text: 'one\ntwo' } }, { next: 'next' }]);
    await run({ questions: [OUTPUT], asker, store });
    expect(asker.drafts).toEqual([[], ['one']]);
    expect(saved[0]).toMatchObject({ id: 'o1', result: 'correct', grade: 'hard', hints: 1 });
    expect(screen).toContain('correct with 1 hint → hard');
  });

  it('a wrong output that is not a slip is a miss, with no offer to count it', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ output: { kind: 'text', text: 'one\nthree' } }, { next: 'quit' }]);
    await run({ questions: [OUTPUT], asker, store });
    expect(screen).toContain('✘ Not quite.');
    expect(saved[0]).toMatchObject({ result: 'incorrect', grade: 'again', nearMiss: false });
    expect(asker.left()).toBe(0);
  });

  it('a question with spacing: strict gets no offer for a spacing difference', async () => {
    const { saved, store } = memoryStore();
    const strict = question({ ...OUTPUT, id: 'o2', answer: 'a  b', spacing: 'strict' });
    const asker = scripted([{ output: { kind: 'text', text: 'a b' } }, { next: 'quit' }]);
    await run({ questions: [strict], asker, store });
    expect(screen).toContain('✘ Not quite.');
    expect(saved[0]).toMatchObject({ result: 'incorrect' });
  });

  it('says what the schedule heard and when the question comes back', async () => {
    const { store } = memoryStore();
    const schedule: SessionSchedule = { answer: (_id, _g, at) => new Date(at.getTime() + 4 * 86_400_000), undo: () => undefined, dueDates: () => [] };
    const asker = scripted([{ next: 'next' }]);
    asker.choice = async (labels) => ({ kind: 'pick', index: labels.indexOf('Right') });
    await run({ questions: [CHOICE], asker, store, schedule });
    expect(screen).toContain('correct at the first try → good · back in 4 days');
  });

  it('a miss comes back in the same session once its learning step is due, and the summary counts it apart', async () => {
    const { saved, store } = memoryStore();
    let t = 0;
    const now = () => new Date(t);
    // A one-minute learning step, as ts-fsrs gives a new card graded again.
    const schedule: SessionSchedule = { answer: (_id, g, at) => new Date(at.getTime() + (g === 'again' ? 60_000 : 86_400_000)), undo: () => undefined, dueDates: () => [] };
    const picks = ['Wrong one', 'Right'];
    const asker = scripted([{ next: 'next' }, { open: { kind: 'text', text: 'my go' } }, { grade: 'good' }, { next: 'next' }, { next: 'next' }]);
    asker.choice = async (labels) => {
      t += 40_000;
      return { kind: 'pick', index: labels.indexOf(picks.shift()!) };
    };
    const result = await run({ questions: [CHOICE, OPEN], asker, store, schedule, now });
    expect(saved.filter((r) => r.kind === 'answer').map((r) => r.kind === 'answer' && [r.id, r.result])).toEqual([
      ['c1', 'incorrect'],
      ['p1', 'correct'],
      ['c1', 'correct'],
    ]);
    expect(screen).toContain('back in 1 min, and once more this session');
    expect(screen).toContain('Once more (missed)');
    expect(screen).toContain('Score so far: 1 of 2 · again: 1 of 1');
    expect(result.asked.map((a) => a.round)).toEqual([1, 1, 2]);
  });

  it('an open question shows the typed attempt beside the model answer in plain mode', async () => {
    const { store } = memoryStore();
    const asker = scripted([{ open: { kind: 'text', text: 'pin it all' } }, { grade: 'good' }, { next: 'next' }]);
    await run({ questions: [OPEN], asker, store, plain: true });
    expect(screen).toMatch(/Your answer:\n\s+│?\s*pin it all\nModel answer\n {2}Answer of p1/);
  });

  it('in an exam an open answer waits for the report, and time running out ends the exam with nothing counted for that question', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ open: { kind: 'text', text: 'typed under the clock' } }, { output: { kind: 'timeup', draft: ['half'] } }]);
    const result = await run({ questions: [OPEN, OUTPUT, CHOICE], asker, store, mode: 'exam', exam: true, deadline: Date.now() + 60_000 });
    expect(saved).toEqual([]);
    expect(result.ungraded.map((u) => [u.question.id, u.given])).toEqual([['p1', 'typed under the clock']]);
    expect(result).toMatchObject({ timeUp: true, quit: false });
    expect(result.cutOff?.id).toBe('o1');
    expect(screen).toContain('Time is up: the answer in progress does not count.');
    expect(screen).not.toContain('Prompt of c1');
  });

  it('f flags the question with one line of reason, saved as a flag record; an empty line cancels', async () => {
    const { saved, store } = memoryStore();
    const reasons = ['', 'the explanation says 6 but the code prints 5'];
    const asker = scripted([{ next: 'flag' }, { next: 'flag' }, { next: 'next' }]);
    asker.choice = async (labels) => ({ kind: 'pick', index: labels.indexOf('Right') });
    asker.line = async () => reasons.shift() ?? null;
    await run({ questions: [CHOICE], asker, store });
    expect(saved.map((r) => r.kind)).toEqual(['answer', 'flag']);
    expect(saved[1]).toMatchObject({ kind: 'flag', id: 'c1', bank: 'b', session: 'session-1', reason: 'the explanation says 6 but the code prints 5' });
    expect(screen).toContain('Not flagged.');
    expect(screen).toContain('Flagged: saved in your progress log with your reason.');
  });

  it('exam open answers are graded by the learner after the exam; those graded before quitting are saved and returned', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ grade: 'hard' }, { grade: 'quit' }]);
    const OPEN2 = question({ id: 'p2', type: 'open' });
    const r = await gradeLater(
      [
        { question: OPEN, given: 'my try', seconds: 12 },
        { question: OPEN2, given: '', seconds: 3 },
      ],
      { asker, output, store, bank: 'b' },
    );
    expect(r.quit).toBe(true);
    expect(r.graded.map((a) => [a.question.id, a.record.grade, a.record.mode])).toEqual([['p1', 'hard', 'exam']]);
    expect(saved).toHaveLength(1);
    expect(screen).toContain('Your answer:\n  │ my try\nModel answer\n  Answer of p1');
    expect(screen).toContain('(nothing typed)');
  });
});

describe('leeches', () => {
  /** A schedule where each miss of a learned question is a lapse, starting from `start` lapses. */
  function lapsing(start: number): SessionSchedule {
    const lapses = new Map<string, number[]>();
    const of = (id: string) => lapses.get(id) ?? lapses.set(id, [start]).get(id)!;
    return {
      answer: (id, g, at) => (of(id).push(of(id).at(-1)! + (g === 'again' ? 1 : 0)), new Date(at.getTime() + (g === 'again' ? 60_000 : 86_400_000))),
      undo: (id) => void of(id).pop(),
      dueDates: () => [],
      lapses: (id) => of(id).at(-1)!,
    };
  }
  const miss = (): Step[] => [{ open: { kind: 'text', text: '' } }, { grade: 'again' }];

  it('mark: the lapse that reaches the threshold is said in one line, with the command that suspends; the question stays', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([...miss(), { next: 'quit' }]);
    await run({ questions: [OPEN], asker, store, schedule: lapsing(3), leech: { threshold: 4, action: 'mark', command: 'mlops-drill' } });
    expect(screen).toContain('Leech, forgotten 4 times (mlops-drill suspend p1 sets it aside)\n');
    expect(screen).toContain('back in 1 min, and once more this session');
    expect(saved.map((r) => r.kind)).toEqual(['answer']);
  });

  it('suspend: a suspend record follows the answer, the question does not come back, and the line says how to bring it back', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([...miss(), { next: 'next' }]);
    const result = await run({ questions: [OPEN], asker, store, schedule: lapsing(3), leech: { threshold: 4, action: 'suspend', command: 'npx mlops-drill' } });
    expect(saved.map((r) => r.kind)).toEqual(['answer', 'suspend']);
    expect(saved[1]).toMatchObject({ kind: 'suspend', id: 'p1', bank: 'b', session: 'session-1', at: saved[0]!.at });
    expect(screen).toContain('again · suspended as a leech');
    expect(screen).toContain('Leech, forgotten 4 times: suspended (npx mlops-drill unsuspend p1)\n');
    expect(result.asked).toHaveLength(1);
    expect([...result.suspended]).toEqual(['p1']);
    expect(asker.left()).toBe(0);
  });

  it('undo of the answer that suspended the question unsuspends it too, and asks it again', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([...miss(), { next: 'undo' }, { open: { kind: 'text', text: '' } }, { grade: 'good' }, { next: 'next' }]);
    const result = await run({ questions: [OPEN], asker, store, schedule: lapsing(3), leech: { threshold: 4, action: 'suspend', command: 'mlops-drill' } });
    expect(saved.map((r) => r.kind)).toEqual(['answer', 'suspend', 'undo', 'unsuspend', 'answer']);
    expect(saved[3]).toMatchObject({ kind: 'unsuspend', id: 'p1' });
    expect(screen).toContain('That grade was taken back, and the question is not suspended: answer the question again.');
    expect(asker.left()).toBe(0);
    expect(result.suspended.size).toBe(0);
  });

  it.each<[string, number, 'again' | 'good', number]>([
    ['below the threshold', 1, 'again', 4],
    ['a right answer of a leech', 5, 'good', 4],
  ])('nothing is said or suspended for %s', async (_what, start, grade, threshold) => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ open: { kind: 'text', text: '' } }, { grade }, { next: 'quit' }]);
    await run({ questions: [OPEN], asker, store, schedule: lapsing(start), leech: { threshold, action: 'suspend', command: 'mlops-drill' } });
    expect(screen).not.toContain('Leech');
    expect(saved.map((r) => r.kind)).toEqual(['answer']);
  });

  it('a leech that lapses again is said again (it stays a leech while left in the drill)', async () => {
    const { store } = memoryStore();
    const asker = scripted([...miss(), { next: 'quit' }]);
    await run({ questions: [OPEN], asker, store, schedule: lapsing(6), leech: { threshold: 4, action: 'mark', command: 'mlops-drill' } });
    expect(screen).toContain('Leech, forgotten 7 times');
  });
});

describe('runSession: cloze cards and the pager', () => {
  const NOTE = question({ id: 'cz', type: 'cloze', prompt: 'A {{c1::canary}} gets a {{c2::small share}} of traffic.', explanation: Array.from({ length: 30 }, (_, i) => `- WHY-${i + 1}`).join('\n') });

  it('asks a card through the one-line answer, saves it under its card id, and shows the text with the answer marked', async () => {
    const { clozeCards } = await import('../../src/bank/cloze.js');
    const card = clozeCards(NOTE)[1]!;
    const { saved, store } = memoryStore();
    const asked: string[][] = [];
    const asker: Asker = { ...scripted([{ next: 'next' }]), short: async (_opts, draft) => (asked.push(draft), { kind: 'text', text: ' Small Share ' }) };
    await run({ questions: [card], asker, store });
    expect(asked).toEqual([[]]);
    expect(screen).toContain('A canary gets a [...] of traffic.');
    expect(screen).toContain('✔ Correct.');
    expect(screen).toContain('A canary gets a [small share] of traffic.');
    expect(saved.map((r) => (r.kind === 'answer' ? [r.id, r.grade] : r.kind))).toEqual([['cz#c2', 'good']]);
  });

  it('pages an explanation taller than the terminal through the asker, and stops at q', async () => {
    const { clozeCards } = await import('../../src/bank/cloze.js');
    const card = clozeCards(NOTE)[0]!;
    const { store } = memoryStore();
    const prompts: [number, number][] = [];
    const asker: Asker = {
      ...scripted([{ next: 'next' }]),
      short: async () => ({ kind: 'text', text: 'canary' }),
      more: async (shown, total) => (prompts.push([shown, total]), 'stop'),
    };
    const small: OutputPort = { ...output, rows: 12 };
    await run({ questions: [card], asker, store, output: small });
    // The Why heading and 30 lines: 10 shown (12 rows, two for the prompt), then q.
    expect(prompts).toEqual([[10, 31]]);
    expect(screen).toContain('WHY-9');
    expect(screen).not.toContain('WHY-10\n');
    expect(screen).toContain('… 21 more line(s) not shown');
  });
});
