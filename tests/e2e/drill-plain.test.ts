import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import {
  ESC,
  MINI_BANK,
  answerRight,
  countOf,
  expectNoStackTrace,
  home,
  letterOf,
  nextQuestion,
  progressFileOf,
  readJsonLines,
  startSession,
} from './support.js';

const plain = (...extra: string[]) => ['--bank', MINI_BANK, '--plain', ...extra];

/** The fields a test cares about in each saved answer. */
function saved(h: string) {
  return readJsonLines(progressFileOf(h)).map((r) => ({ id: r.id, result: r.result, grade: r.grade, hints: r.hints, mode: r.mode, nearMiss: r.nearMiss, revealed: r.revealed }));
}

describe('a plain session over one question of each type', () => {
  it('grades a near miss accepted, a right choice and a self-graded open question, and saves exactly those', async () => {
    const h = home();
    const s = startSession(plain('--seed', '1'), { home: h });
    const expected: Record<string, unknown>[] = [];
    for (let n = 1; n <= 3; n++) {
      const q = await nextQuestion(s, n, 3);
      if (q.type === 'output') {
        s.send(':h');
        await s.waitFor('Hint 1 of 2:\n  MINI-OUTPUT-HINT-ONE', { from: q.offset });
        s.send('model v2');
        s.send('ready');
        s.send('.');
        const shown = await s.waitFor(/Count it as right.*\(y\/n, default n\b.*\):\n/, { from: q.offset });
        expect(shown).toContain('✘ Close: the only difference is letter case.');
        expect(shown).toContain('  expected  Model v2\n            ^\n  yours     model v2\n            ^\n            ready');
        s.send('y');
        const after = await s.waitFor(/MINI-OUTPUT-EXPLANATION[\s\S]*Score so far/, { from: q.offset });
        expect(after).toContain('✔ Counted as right, graded hard');
        expect(after).toContain('counted right as a slip, with 1 hint → hard · back in');
        expected.push({ id: 'mini-output', result: 'correct', grade: 'hard', hints: 1, mode: 'drill', nearMiss: true, revealed: false });
      } else if (q.type === 'choice') {
        expect(q.text).toMatch(/^A\) .+\nB\) .+\nC\) .+\nAnswer with a letter A-C or a number 1-3 \(:h hint, :r reveal, :s skip, :q quit\):/m);
        s.send(letterOf(q.text, '8080').toLowerCase());
        const shown = await s.waitFor('MINI-CHOICE-EXPLANATION', { from: q.offset });
        expect(shown).toContain('✔ Correct.');
        expected.push({ id: 'mini-choice', result: 'correct', grade: 'good', hints: 0, mode: 'drill', nearMiss: false, revealed: false });
      } else {
        s.send('');
        const shown = await s.waitFor('Grade yourself: 1 again, 2 hard, 3 good, 4 easy', { from: q.offset });
        expect(shown).toContain('Model answer\n  MINI-OPEN-MODEL-ANSWER');
        s.send('4');
        expected.push({ id: 'mini-open', result: 'correct', grade: 'easy', hints: 0, mode: 'drill', nearMiss: false, revealed: false });
      }
      const n2 = expected.length;
      await s.waitFor(`Score so far: ${n2} of ${n2}`, { from: q.offset });
      // Saved as soon as it is graded, before the next question.
      expect(saved(h)).toEqual(expected);
    }
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Session summary\n  3 of 3 correct at the first try (100%)');
    expect(r.stdout).not.toContain(ESC);
    expect(r.stderr).toBe('');
    const records = readJsonLines(progressFileOf(h));
    expect(records).toHaveLength(3);
    expect(new Set(records.map((x) => x.session)).size).toBe(1);
    for (const rec of records) expect(rec).toMatchObject({ v: 1, kind: 'answer', bank: MINI_BANK });
  });

  it('an output with a different number is a miss, with no offer to count it as a slip', () => {
    const h = home();
    const r = runCli(plain('--type', 'output'), { home: h, input: 'Model v3\nready\n.\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✘ Not quite.');
    expect(r.stdout).toContain('  expected  Model v2\n                   ^\n  yours     Model v3\n                   ^\n            ready');
    expect(r.stdout).not.toContain('Count it as right');
    expect(r.stdout).toContain('wrong → again · back in 1 min, and once more this session');
    expect(r.stdout).toContain('Score so far: 0 of 1');
    expect(saved(h)).toEqual([{ id: 'mini-output', result: 'incorrect', grade: 'again', hints: 0, mode: 'drill', nearMiss: false, revealed: false }]);
  });

  it('a lone "." reveals an output answer and counts as incorrect', () => {
    const h = home();
    const r = runCli(plain('--type', 'output'), { home: h, input: '.\n' });
    expect(r.code).toBe(0);
    // Plain mode indents expected output instead of drawing a gutter (screen readers).
    expect(r.stdout).toContain('The code prints: (revealed: counts as a miss)\n      Model v2\n      ready');
    expect(r.stdout).toContain('revealed (a miss) → again');
    expect(saved(h)).toEqual([{ id: 'mini-output', result: 'incorrect', grade: 'again', hints: 0, mode: 'drill', nearMiss: false, revealed: true }]);
  });

  it('a choice answered wrong by number shows the right option and is saved as incorrect', async () => {
    const h = home();
    const s = startSession(plain('--type', 'choice'), { home: h });
    const q = await nextQuestion(s, 1, 1);
    const right = letterOf(q.text, '8080');
    const wrong = letterOf(q.text, '80');
    s.send(String(wrong.charCodeAt(0) - 64));
    // The miss comes back before the session ends: the end of input leaves it unanswered.
    await s.waitFor('Once more (missed)', { from: q.offset });
    s.end();
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`✘ Not quite. The answer is ${right}) 8080`);
    expect(saved(h)).toEqual([{ id: 'mini-choice', result: 'incorrect', grade: 'again', hints: 0, mode: 'drill', nearMiss: false, revealed: false }]);
  });

  it('a hint taken with :h is shown and counted, and the right answer after it is graded hard', async () => {
    const h = home();
    const s = startSession(plain('--type', 'choice'), { home: h });
    const q = await nextQuestion(s, 1, 1);
    s.send(':h');
    const shown = await s.waitFor(/Hint 1 of 1:\n {2}The health check talks to the same service\.\n[\s\S]*Answer with a letter A-C or a number 1-3 \(:r reveal/, { from: q.offset });
    // The last hint is shown: the prompt stops offering more.
    expect(shown.slice(shown.indexOf('Hint 1 of 1'))).not.toContain(':h hint');
    s.send(':h');
    await s.waitFor('No more hints.', { from: q.offset });
    s.send(letterOf(q.text, '8080'));
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(saved(h)).toEqual([{ id: 'mini-choice', result: 'correct', grade: 'hard', hints: 1, mode: 'drill', nearMiss: false, revealed: false }]);
  });

  it('an open question graded 1 is saved as incorrect with grade again; --cram is recorded as the mode', () => {
    const h = home();
    const r = runCli(plain('--type', 'open', '--cram'), { home: h, input: '\n1\n' });
    expect(r.code).toBe(0);
    expect(saved(h)).toEqual([{ id: 'mini-open', result: 'incorrect', grade: 'again', hints: 0, mode: 'cram', nearMiss: false, revealed: false }]);
  });

  it('an invalid reply is refused and asked again, not guessed', () => {
    const h = home();
    const r = runCli(plain('--type', 'choice'), { home: h, input: 'Z\n9\n\n:s\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not an option: Z.');
    expect(r.stdout).toContain('Not an option: 9.');
    expect(r.stdout).toContain('Not an option: (empty line).');
    expect(r.stdout).toContain('Skipped. The answer was');
    expect(saved(h)).toEqual([{ id: 'mini-choice', result: 'skipped', grade: null, hints: 0, mode: 'drill', nearMiss: false, revealed: false }]);
  });
});

describe('leaving a plain session', () => {
  it(':q quits with exit 0 and keeps the answers given before it', async () => {
    const h = home();
    const s = startSession(plain('--seed', '2'), { home: h });
    const q = await nextQuestion(s, 1, 3);
    await answerRight(s, q);
    await nextQuestion(s, 2, 3);
    s.send(':q');
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Session summary\n  1 of 1 correct at the first try (100%)');
    expect(r.stdout).not.toContain('Question 3 of 3');
    expect(saved(h)).toEqual([expect.objectContaining({ id: `mini-${q.type}`, result: 'correct' })]);
  });

  it(':q at the near-miss question quits: that answer saved with the default (not counted), nothing after it asked', async () => {
    const h = home();
    const s = startSession(plain('--type', 'output,choice', '--seed', '1'), { home: h });
    let q = await nextQuestion(s, 1, 2);
    if (q.type !== 'output') {
      await answerRight(s, q);
      q = await nextQuestion(s, 2, 2);
    }
    s.send('model v2');
    s.send('ready');
    s.send('.');
    await s.waitFor(/Count it as right.*:q quit/, { from: q.offset });
    s.send(':q');
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(r.stdout.slice(r.stdout.indexOf('Count it as right'))).not.toMatch(/^Question /m);
    expect(saved(h).at(-1)).toMatchObject({ id: 'mini-output', result: 'incorrect', nearMiss: false });
    expect(saved(h)).toHaveLength(countOf(r.stdout, /^Question \d of 2/m));
  });

  it(':q at the self-grade prompt quits without saving that question', async () => {
    const h = home();
    const r = runCli(plain('--type', 'open'), { home: h, input: '\n:q\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Grade yourself');
    expect(saved(h)).toEqual([]);
  });

  it('end of input quits with exit 0 and everything answered saved', async () => {
    const h = home();
    const s = startSession(plain('--seed', '5'), { home: h });
    const q = await nextQuestion(s, 1, 3);
    await answerRight(s, q);
    await nextQuestion(s, 2, 3);
    s.end();
    const r = await s.exited;
    expect(r.code).toBe(0);
    expectNoStackTrace(r);
    expect(r.stdout).toContain('Session summary');
    expect(saved(h)).toEqual([expect.objectContaining({ id: `mini-${q.type}`, result: 'correct' })]);
  });

  it.each([
    ['a choice prompt', 'choice', '', []],
    ['an output prompt, halfway through the lines', 'output', 'Model v2\n', []],
    ['an open prompt', 'open', '', []],
    ['the self-grade prompt', 'open', '\n', []],
    ['the near-miss question (the default, no, is taken)', 'output', 'model v2\nready\n.\n', [{ id: 'mini-output', result: 'incorrect' }]],
  ])('end of input at %s quits with exit 0', (_where, type, input, records) => {
    const h = home();
    const r = runCli(plain('--type', type), { home: h, input });
    expect(r.code).toBe(0);
    expect(r.signal).toBeNull();
    expectNoStackTrace(r);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Session summary|No questions answered this time\./);
    expect(saved(h).map(({ id, result }) => ({ id, result }))).toEqual(records);
  });
});

describe('choosing plain mode', () => {
  it('without a terminal and without --plain: exit 2 and a message naming --plain, never a hang', () => {
    const h = home();
    const r = runCli(['--bank', MINI_BANK], { home: h, input: '1\n' });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/terminal/);
    expect(r.stderr).toMatch(/standard input/);
    expect(r.stderr).toContain('--plain');
    expectNoStackTrace(r);
    expect(saved(h)).toEqual([]);
  });

  it('the same goes for the review command', () => {
    const r = runCli(['--bank', MINI_BANK, 'review'], { home: home(), input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--plain');
  });

  it('TERM=dumb implies plain mode, without colour', () => {
    const h = home();
    const r = runCli(['--bank', MINI_BANK, '--type', 'open'], { home: h, input: '\n3\n', env: { TERM: 'dumb', FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Think it through, then press Enter to reveal the model answer');
    expect(r.stdout).not.toContain(ESC);
    expect(saved(h)).toEqual([{ id: 'mini-open', result: 'correct', grade: 'good', hints: 0, mode: 'drill', nearMiss: false, revealed: false }]);
  });

  it('--seed gives the same order on every run', () => {
    const order = (seed: string) => {
      const r = runCli(plain('--seed', seed, '--cram'), { home: home(), input: ':s\n:s\n:s\n' });
      expect(r.code).toBe(0);
      return [...r.stdout.matchAll(/^Question \d of 3 .*\n(.+)$/gm)].map((m) => m[1]);
    };
    const first = order('7');
    expect(first).toHaveLength(3);
    expect(new Set(first).size).toBe(3);
    expect(order('7')).toEqual(first);
    const orders = new Set(['1', '2', '3', '4'].map((seed) => order(seed).join('|')));
    expect(orders.size).toBeGreaterThan(1);
  });
});
