import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runSession } from '../../src/session.js';
import type { Asker, ChoiceReply, NextReply, TextReply, Command } from '../../src/ui/asker.js';
import type { LogRecord } from '../../src/progress/record.js';
import type { ProgressStore } from '../../src/progress/store.js';
import { configureColor } from '../../src/ui/output.js';
import { question } from '../builders.js';

/**
 * The quiz loop with a scripted learner: each test lists what the learner does, and checks
 * what is saved and what is shown. The terminal is a captured stdout.
 */
type Step =
  | { choice: ChoiceReply }
  | { output: TextReply }
  | { open: { kind: Command } }
  | { grade: 'again' | 'hard' | 'good' | 'easy' | 'quit' }
  | { confirm: boolean }
  | { next: NextReply };

function scripted(steps: Step[]): Asker & { left: () => number } {
  const queue = [...steps];
  const take = <K extends string>(kind: K) => {
    const step = queue.shift();
    if (!step || !(kind in step)) throw new Error(`the learner was asked for ${kind} but the script says ${JSON.stringify(step)}`);
    return (step as Record<K, unknown>)[kind];
  };
  return {
    choice: async () => take('choice') as ChoiceReply,
    output: async () => take('output') as TextReply,
    open: async () => take('open') as { kind: Command },
    selfGrade: async () => take('grade') as 'again',
    confirm: async () => take('confirm') as boolean,
    next: async () => take('next') as NextReply,
    close: () => undefined,
    left: () => queue.length,
  };
}

function memoryStore() {
  const saved: LogRecord[] = [];
  return {
    saved,
    store: { session: 'session-1', append: (...r: LogRecord[]) => (saved.push(...r), true), takeNotices: () => [] } as unknown as ProgressStore,
  };
}

let screen = '';
beforeEach(() => {
  configureColor(false);
  screen = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    screen += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

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
    const result = await runSession({ questions: [CHOICE], asker, store, bank: 'b', mode: 'drill', random });
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
    const result = await runSession({ questions: [CHOICE, OPEN], asker, store, bank: 'b', mode: 'drill', random });
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
    await runSession({ questions: [OUTPUT], asker, store, bank: 'b', mode: 'drill', random });
    expect(screen).toContain('Close: only spacing or capitals differ.');
    expect(screen).toMatch(/− two\n.*\+ TWO/);
    expect(saved[0]).toMatchObject({ id: 'o1', result: 'correct', grade: 'hard', nearMiss: true });
    expect(asker.left()).toBe(0);
  });

  it('an empty first line reveals the output: graded again, nothing asked about slips', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ output: { kind: 'reveal' } }, { next: 'next' }]);
    await runSession({ questions: [OUTPUT], asker, store, bank: 'b', mode: 'drill', random });
    expect(screen).toContain('The code prints:');
    expect(saved[0]).toMatchObject({ result: 'incorrect', grade: 'again', revealed: true });
  });

  it('an open question takes the learner\'s own grade after the model answer', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ open: { kind: 'reveal' } }, { grade: 'easy' }, { next: 'next' }]);
    await runSession({ questions: [OPEN], asker, store, bank: 'b', mode: 'drill', random });
    expect(screen).toContain('Model answer');
    expect(saved[0]).toMatchObject({ id: 'p1', result: 'correct', grade: 'easy' });
  });

  it('skipping untouched saves a skip with no grade; quitting mid-question saves nothing for it', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ open: { kind: 'skip' } }, { next: 'next' }, { output: { kind: 'quit' } }]);
    const result = await runSession({ questions: [OPEN, OUTPUT], asker, store, bank: 'b', mode: 'drill', random });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ id: 'p1', result: 'skipped', grade: null });
    expect(result.quit).toBe(true);
  });

  it('undo appends an undo record naming the answer and drops it from the session', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ open: { kind: 'reveal' } }, { grade: 'good' }, { next: 'undo' }, { next: 'quit' }]);
    const result = await runSession({ questions: [OPEN, OUTPUT], asker, store, bank: 'b', mode: 'drill', random });
    expect(saved.map((r) => r.kind)).toEqual(['answer', 'undo']);
    expect(saved[1]).toMatchObject({ kind: 'undo', undoes: saved[0]!.rid });
    expect(result.asked).toHaveLength(0);
  });

  it('in an exam: no hint offered, no feedback, no pause between questions', async () => {
    const { saved, store } = memoryStore();
    const asker = scripted([{ output: { kind: 'text', text: 'wrong' } }]);
    asker.choice = async (labels, opts) => {
      expect(opts).toEqual({ canHint: false, exam: true });
      return { kind: 'pick', index: labels.indexOf('Wrong one') };
    };
    const result = await runSession({ questions: [CHOICE, OUTPUT], asker, store, bank: 'b', mode: 'exam', exam: true, random });
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
    const result = await runSession({ questions: [CHOICE, OUTPUT, OPEN], asker, store, bank: 'b', mode: 'exam', exam: true, random, now, deadline: 1_000_000 + 120_000 });
    expect(screen).toContain('Time left: 2:00');
    expect(screen).toContain('Time left: 0:30');
    expect(screen).toContain('Time is up: that answer came after the limit and does not count.');
    expect(saved.map((r) => r.kind === 'answer' && r.id)).toEqual(['c1']);
    expect(result.timeUp).toBe(true);
    expect(screen).not.toContain('Prompt of p1');
  });

  it('shows the options in an order drawn from the session\'s random source', async () => {
    const orders: string[][] = [];
    for (const r of [() => 0, () => 0.99]) {
      const { store } = memoryStore();
      const asker = scripted([{ next: 'next' }]);
      asker.choice = async (labels) => {
        orders.push(labels);
        return { kind: 'pick', index: 0 };
      };
      await runSession({ questions: [CHOICE], asker, store, bank: 'b', mode: 'drill', random: r });
    }
    expect([...orders[0]!].sort()).toEqual(['Right', 'Wrong one', 'Wrong two']);
    expect([...orders[1]!].sort()).toEqual(['Right', 'Wrong one', 'Wrong two']);
    expect(orders[0]).not.toEqual(orders[1]);
  });
});
