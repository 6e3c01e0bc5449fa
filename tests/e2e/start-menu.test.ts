/**
 * The start menu in a real terminal: mastery per topic, one row each, within the pane at 80x24
 * and 40x10, and, after a session, the topic of that session offered first and started by Enter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { home, MINI_BANK, readJsonLines, progressFileOf, startSession } from './support.js';
import { describeInTerminal, history, keys, startInTmux, waitForScreen } from './tmux.js';
import { displayWidth } from '../../src/ui/width.js';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => displayWidth(l.trimEnd())));

/**
 * A short plain session on two questions of one topic (questions with no other topic, so the
 * topic in progress is plain to see), skipped: as a learner would have had yesterday.
 */
function sessionOn(h: string, topic: string): void {
  const listed = JSON.parse(runCli(['list', '--json', '-t', topic], { home: h }).stdout) as { id: string; topics: string[] }[];
  const ids = listed.filter((q) => q.topics.length === 1).map((q) => q.id).slice(0, 2);
  expect(ids).toHaveLength(2);
  const r = runCli(['drill', ...ids, '--plain'], { home: h, input: ':s\n:s\n' });
  expect(r.code).toBe(0);
}

describeInTerminal('the start menu', () => {
  it('at 80x24: no topic in progress before any session; after one, Enter continues its topic', async () => {
    const h = home();
    const before = startInTmux(h, ['--seed', '2'], { width: 80, height: 24 });
    const first = await waitForScreen(before, /What to practise\?[\s\S]*q quit/);
    expect(first).toMatch(/^❯ all difficulties \(\d+ new\)$/m);
    expect(first).not.toContain('continue');
    expect(first).toMatch(/^ {2}api +░+ +0\/\d+ mastered$/m);
    keys(before, 'q');
    await waitForScreen(before, /EXIT=0/);

    sessionOn(h, 'containers');
    const name = startInTmux(h, ['--seed', '2', '-n', '2'], { width: 80, height: 24 });
    const menu = await waitForScreen(name, /What to practise\?[\s\S]*q quit/);
    expect(menu).toMatch(/^❯ continue containers \(\d+ new\)$/m);
    expect(menu).toMatch(/c continue/);
    expect(widest(history(name))).toBeLessThanOrEqual(80);
    keys(name, 'Enter');
    const started = await waitForScreen(name, /Question 1 of 2[\s\S]*q quit/, 10_000, history);
    expect(started).toMatch(/2 question\(s\) on containers: 0 due for review, 2 new/);
    expect(widest(started)).toBeLessThanOrEqual(80);
  });

  it('at 40x10: every row fits, the list scrolls within the prompt, and c continues the topic', async () => {
    const h = home();
    sessionOn(h, 'testing');
    const name = startInTmux(h, ['--seed', '2', '-n', '1'], { width: 40, height: 10 });
    await waitForScreen(name, /❯ continue testing[\s\S]*q quit/);
    for (let i = 0; i < 12; i++) keys(name, 'Down');
    const scrolled = await waitForScreen(name, /^❯ \S+ +█*░+ +\d+\/\d+/m);
    // The list scrolled inside the prompt: its title and key bar are still on the screen.
    expect(scrolled).toContain('? What to practise?');
    expect(scrolled).toMatch(/q quit\s*$/);
    const all = history(name);
    // Drawn in place: the title appears once, however often the list moved.
    expect(all.split('What to practise?').length - 1).toBe(1);
    expect(widest(all)).toBeLessThanOrEqual(40);
    keys(name, 'c');
    const started = await waitForScreen(name, /1 question\(s\) on testing[\s\S]*Question 1 of 1[\s\S]*q quit/, 10_000, history);
    expect(widest(started)).toBeLessThanOrEqual(40);
  });
});

/**
 * A bare `mlops-drill` is answered without the command-line parser (src/main.ts): it must do
 * exactly what `mlops-drill drill` does, from the output and exit code to what is saved.
 */
describe('a bare mlops-drill', () => {
  function oneQuestionDeck(h: string): string {
    const deck = path.join(h, 'deck');
    fs.mkdirSync(deck);
    fs.copyFileSync(path.join(MINI_BANK, 'mini-open.md'), path.join(deck, 'mini-open.md'));
    return deck;
  }
  const saved = (h: string) => readJsonLines(progressFileOf(h)).map(({ id, result, grade, mode }) => ({ id, result, grade, mode }));

  it.each([
    ['plain', { TERM: 'dumb' }],
    ['plain, colour forced', { TERM: 'dumb', FORCE_COLOR: '1' }],
    ['plain, colour forced and NO_COLOR', { TERM: 'dumb', FORCE_COLOR: '1', NO_COLOR: '1' }],
  ])('does what `drill` does: %s', (_name, env) => {
    const [a, b] = [home(), home()];
    const run = (h: string, args: string[]) => runCli(args, { home: h, input: 'my answer\n\n3\n', env: { ...env, MLOPS_DRILL_BANK: oneQuestionDeck(h) } });
    const bare = run(a, []);
    const drill = run(b, ['drill']);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('Question 1 of 1');
    const same = (r: { stdout: string; stderr: string }, h: string) => (r.stdout + r.stderr).replaceAll(h, '<home>');
    expect(same(bare, a)).toBe(same(drill, b));
    expect(saved(a)).toEqual(saved(b));
    expect(saved(a)).toEqual([{ id: 'mini-open', result: 'correct', grade: 'good', mode: 'drill' }]);
  });

  it('stops at SIGTERM with its exit code, and a deck that is not one is one line and exit 2', async () => {
    const h = home();
    const s = startSession([], { home: h, env: { TERM: 'dumb', MLOPS_DRILL_BANK: oneQuestionDeck(h) } });
    await s.waitFor('Question 1 of 1');
    s.kill('SIGTERM');
    expect((await s.exited).code).toBe(143);
    const missing = runCli([], { home: h, env: { MLOPS_DRILL_BANK: path.join(h, 'nowhere') } });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')[0]).toMatch(/^error: /);
    expect(missing.stderr).not.toMatch(/^\s+at /m);
  });
});

describeInTerminal('a bare mlops-drill in a terminal', () => {
  it('shows the start menu; q leaves with 0, and Ctrl-C with 130', async () => {
    const h = home();
    const name = startInTmux(h, [], { width: 80, height: 24 });
    await waitForScreen(name, /What to practise\?[\s\S]*q quit/);
    keys(name, 'q');
    await waitForScreen(name, /EXIT=0/);
    const again = startInTmux(h, [], { width: 80, height: 24 });
    await waitForScreen(again, /What to practise\?[\s\S]*q quit/);
    keys(again, 'C-c');
    await waitForScreen(again, /EXIT=130/);
  });
});
