import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';
import { MINI_BANK, home, letterOf, nextQuestion, progressFileOf, readJsonLines, startSession } from './support.js';

/**
 * The learning loop in plain mode, as a script or a screen reader uses it: typed lines
 * survive commands, misses come back before the session ends, every answer says what
 * the schedule heard, and the session ends with the next step.
 */
const plain = (...extra: string[]) => ['--bank', MINI_BANK, '--plain', ...extra];

function saved(h: string) {
  return readJsonLines(progressFileOf(h)).map((r) => ({ id: r.id, result: r.result, grade: r.grade, hints: r.hints }));
}

describe('typed lines and commands in plain mode', () => {
  it('a correct output typed, then :h on a later line, then handed in is saved as correct (with the hint)', () => {
    const h = home();
    const r = runCli(plain('--type', 'output'), { home: h, input: 'Model v2\n:h\nready\n.\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hint 1 of 2:');
    expect(r.stdout).toContain("Go on typing (1 line(s) so far), then a line holding only '.':");
    expect(r.stdout).toContain('✔ Correct.');
    expect(r.stdout).toContain('correct with 1 hint → hard · back in');
    expect(saved(h)).toEqual([{ id: 'mini-output', result: 'correct', grade: 'hard', hints: 1 }]);
  });

  it(':s and :q work on any line of an output answer', () => {
    const skipped = home();
    expect(runCli(plain('--type', 'output'), { home: skipped, input: 'Model v2\n:s\n' }).code).toBe(0);
    expect(saved(skipped)).toEqual([{ id: 'mini-output', result: 'skipped', grade: null, hints: 0 }]);
    const quit = home();
    const r = runCli(plain('--type', 'output'), { home: quit, input: 'Model v2\n:q\nready\n.\n' });
    expect(r.code).toBe(0);
    expect(saved(quit)).toEqual([]);
  });

  it('"constructor" is an answer like any other, and "__proto__" at a choice prompt is refused out loud', () => {
    const bank = home();
    fs.writeFileSync(
      path.join(bank, 'proto.md'),
      '---\nid: proto\ntitle: A word that is also a property\ndifficulty: easy\ntype: output\ntopics: [api]\n---\nWhat does it print?\n\n```python\nprint("constructor")\n```\n\n## Hint\nIt prints a word.\n\n## Answer\n```text\nconstructor\n```\n',
    );
    const h = home();
    const r = runCli(['--bank', bank, '--plain'], { home: h, input: 'constructor\n.\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ Correct.');
    const c = runCli(plain('--type', 'choice'), { home: home(), input: '__proto__\n:s\n' });
    expect(c.stdout).toContain('Not an option: __proto__.');
  });
});

describe('misses come back, and the session ends with the next step', () => {
  it('a question answered wrong first is asked again before the session ends; the summary counts both', async () => {
    const h = home();
    const s = startSession(plain('--type', 'choice,output', '--seed', '1'), { home: h });
    const answers: Record<string, (text: string) => void> = {
      choice: (text) => s.send(letterOf(text, '443')),
      output: () => (s.send('Model v2'), s.send('ready'), s.send('.')),
    };
    for (let n = 1; n <= 2; n++) {
      const q = await nextQuestion(s, n, 2);
      answers[q.type]!(q.text);
    }
    const again = await s.waitFor(/Once more \(missed\)[\s\S]*Answer with a letter/);
    s.send(letterOf(again.slice(again.lastIndexOf('Once more')), '8080'));
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(saved(h).map((x) => [x.id, x.result])).toEqual(
      expect.arrayContaining([
        ['mini-choice', 'incorrect'],
        ['mini-output', 'correct'],
      ]),
    );
    expect(saved(h).at(-1)).toMatchObject({ id: 'mini-choice', result: 'correct' });
    expect(r.stdout).toContain('1 of 2 correct at the first try (50%)');
    expect(r.stdout).toContain('after relearning: 1 of 1 right when asked again');
    // The next step, with the command on a line of its own, named as run from a clone.
    expect(r.stdout).toMatch(/^Next\n {2}\d+ due within the hour · \d+ by tomorrow · \d+ more this week\n/m);
    expect(r.stdout).toMatch(/^ {2}npx mlops-drill( review)?$/m);
    expect(r.stdout).toMatch(/^ {4}npx mlops-drill show mini-choice --answer$/m);
  });

  it('an open question takes a typed attempt, shown beside the model answer', () => {
    const h = home();
    const r = runCli(plain('--type', 'open'), { home: h, input: 'pinning keeps builds the same\n\n3\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Your answer:\n      pinning keeps builds the same\nModel answer\n  MINI-OPEN-MODEL-ANSWER');
    expect(saved(h)).toEqual([{ id: 'mini-open', result: 'correct', grade: 'good', hints: 0 }]);
  });
});

describe('an exam under the clock, in plain mode', () => {
  it('exam --help says what happens at the time limit', () => {
    const r = runCli(['exam', '--help'], { home: home() });
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n/g, ' ')).toContain('At the time limit the question on screen closes, its answer in progress does not count');
  });

  it('left alone, it ends by itself at the limit with a report saying the answer in progress did not count', async () => {
    const h = home();
    // The clock runs while the question waits: nothing is typed. 0.05 minutes: three seconds, the same path as --minutes 1 without the wait.
    const s = startSession(['exam', ...plain('--type', 'choice,output', '--seed', '3', '--minutes', '0.05')], { home: h });
    await s.waitFor('Time left: 0:03');
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Time is up: the answer in progress does not count.');
    expect(r.stdout).toContain('Exam report');
    expect(r.stdout.replace(/\n\s*/g, ' ')).toMatch(/Time ran out during "[^"]+": the answer in progress was not counted\./);
    expect(r.stdout).toMatch(/Score: 0 of 2 \(0%\)/);
    expect(saved(h)).toEqual([]);
  });

  it('open questions are typed under the clock and graded by the learner in the report', () => {
    const h = home();
    const r = runCli(['exam', ...plain('--type', 'open,output', '--seed', '2')], { home: h, input: 'my attempt\n\nModel v2\nready\n.\n2\n' });
    expect(r.stdout.indexOf('Why pin dependency versions')).toBeLessThan(r.stdout.indexOf('Printing the model version'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Grade your open answers against the model answers');
    expect(r.stdout).toContain('Your answer:\n      my attempt');
    expect(r.stdout).toMatch(/Score: 2 of 2/);
    expect(saved(h).map((x) => [x.id, x.grade]).sort()).toEqual([
      ['mini-open', 'hard'],
      ['mini-output', 'good'],
    ]);
  });
});

describe('the README', () => {
  it('its --plain example does what it says: answers one choice question, takes a hint on the second and answers it', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const m = /^printf '([^']*)' \| mlops-drill (.+)$/m.exec(readme);
    expect(m).not.toBeNull();
    const input = m![1]!.replace(/\\n/g, '\n');
    const h = home();
    const r = runCli(m![2]!.split(' '), { home: h, input });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Question 2 of 2');
    expect(r.stdout).toContain('Hint 1 of 1:');
    expect(readJsonLines(progressFileOf(h)).map((x) => x.hints)).toEqual([0, 1]);
  });
});

describe('drilling chosen questions', () => {
  it('drill <id...> asks exactly those, in that order; a typo is an error naming the closest id', () => {
    const h = home();
    const r = runCli(['drill', 'MINI-OPEN', 'mini-choice', ...plain()], { home: h, input: '\n3\n:s\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 question(s), as named');
    expect(r.stdout.indexOf('Why pin dependency versions')).toBeLessThan(r.stdout.indexOf('Which port does the health check use'));
    expect(readJsonLines(progressFileOf(h)).map((x) => x.id)).toEqual(['mini-open', 'mini-choice']);

    const typo = runCli(['drill', 'mini-chioce', ...plain()], { home: home() });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("no question with id 'mini-chioce'. Did you mean: mini-choice?");
    const show = runCli(['show', 'mini-outptu', '--bank', MINI_BANK], { home: home() });
    expect(show.code).toBe(2);
    expect(show.stderr).toContain('Did you mean: mini-output?');
  });
});

describe('flags in a progress import', () => {
  it('are imported, and never counted as undo records', () => {
    const src = home();
    const file = path.join(src, 'backup.jsonl');
    const at = new Date(Date.now() - 60_000).toISOString();
    const answer = { v: 1, kind: 'answer', rid: 'a1', at, session: 's', bank: 'bundled', id: 'q', result: 'correct', grade: 'good', hints: 0, revealed: false, nearMiss: false, seconds: 3, mode: 'drill' };
    const flag = { v: 1, kind: 'flag', rid: 'f1', at, session: 's', bank: 'bundled', id: 'q', reason: 'unclear' };
    fs.writeFileSync(file, `${JSON.stringify(answer)}\n${JSON.stringify(flag)}\n`);
    const h = home();
    const r = runCli(['progress', 'import', file], { home: h });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('imported 1 answers');
    expect(r.stdout).not.toContain('undo records');
    expect(readJsonLines(progressFileOf(h)).map((x) => x.kind)).toEqual(['answer', 'flag']);
  });
});
