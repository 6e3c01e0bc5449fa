/**
 * The start menu in a real terminal: mastery per topic, one row each, within the pane at 80x24
 * and 40x10, and, after a session, the topic of that session offered first and started by Enter.
 */
import { expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { home } from './support.js';
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
