/**
 * The "more" pager and cloze cards in a real terminal (tmux), at 80x24 and 40x10; and the
 * same long answer printed whole when the output is not a terminal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers.js';
import { home, progressFileOf, readJsonLines } from './support.js';
import { describeInTerminal, history, startInTmux, tmux, waitForScreen } from './tmux.js';
import { displayWidth } from '../../src/ui/width.js';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => displayWidth(l.trimEnd())));

/** A bank of one open question whose model answer is 60 lines long. */
function longAnswerBank(h: string): string {
  const dir = path.join(h, 'deck');
  fs.mkdirSync(dir);
  const points = Array.from({ length: 60 }, (_, i) => `- POINT-${String(i + 1).padStart(2, '0')}: item ${i + 1} of the runbook`);
  const text = ['---', 'id: long-answer', 'difficulty: hard', 'type: open', 'topics: [monitoring]', '---', 'What should a model monitoring runbook cover?', '', '## Answer', ...points, '', '## Explanation', 'WHY-START of the explanation.', ''];
  fs.writeFileSync(path.join(dir, 'long-answer.md'), text.join('\n'));
  return dir;
}

it('prints a long answer whole when the output is not a terminal (--plain)', () => {
  const h = home();
  const r = runCli(['--bank', longAnswerBank(h), 'drill', '--plain'], { home: h, input: '\n3\n' });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('POINT-01');
  expect(r.stdout).toContain('POINT-60');
  expect(r.stdout).toContain('WHY-START');
  expect(r.stdout).not.toMatch(/more \(\d+%\)/);
});

describeInTerminal('the pager in a real terminal (tmux)', () => {
  for (const size of [
    { width: 80, height: 24 },
    { width: 40, height: 10 },
  ]) {
    it(`pauses a long answer with "more" at ${size.width}x${size.height}: space for a screenful, enter for a line, q to stop`, async () => {
      const h = home();
      const name = startInTmux(h, ['--bank', longAnswerBank(h), '--type', 'open'], size);
      await waitForScreen(name, /hand in/);
      tmux('send-keys', '-t', name, 'Enter');
      const first = await waitForScreen(name, /more \(\d+%\)/);
      // The start of the answer is on screen, not scrolled away, and nothing is wider than the terminal.
      expect(first).toContain('POINT-01');
      expect(first).not.toContain('POINT-60');
      expect(widest(first)).toBeLessThanOrEqual(size.width);
      const room = size.height - 2;
      tmux('send-keys', '-t', name, 'Space');
      // The page and then its "more" line: waiting for both, as a busy machine may show the screen between the two.
      const second = await waitForScreen(name, new RegExp(`POINT-${String(room * 2 - 1).padStart(2, '0')}[\\s\\S]*more \\(\\d+%\\)`));
      expect(second).toContain(`POINT-${String(room + 1).padStart(2, '0')}`);
      tmux('send-keys', '-t', name, 'Enter');
      await waitForScreen(name, `POINT-${String(room * 2).padStart(2, '0')}`);
      tmux('send-keys', '-t', name, 'q');
      const stopped = await waitForScreen(name, /more line\(s\) not shown[\s\S]*How did you do\?/);
      expect(stopped).not.toContain('POINT-60');
      tmux('send-keys', '-t', name, '3');
      await waitForScreen(name, /WHY-START[\s\S]*Ready\?/);
      tmux('send-keys', '-t', name, 'q');
      const end = await waitForScreen(name, /EXIT=\d+/);
      expect(end).toContain('EXIT=0');
      expect(readJsonLines(progressFileOf(h)).map((r) => [r.id, r.grade])).toEqual([['long-answer', 'good']]);
    });
  }

  it('pages show --answer of a long answer at 80x24, and prints it whole through a pipe', async () => {
    const h = home();
    const bank = longAnswerBank(h);
    const name = startInTmux(h, ['--bank', bank, 'show', 'long-answer', '--answer'], { width: 80, height: 24 });
    const first = await waitForScreen(name, /more \(\d+%\)/);
    expect(first).toContain('What should a model monitoring runbook cover?');
    expect(first).not.toContain('POINT-60');
    tmux('send-keys', '-t', name, 'q');
    const end = await waitForScreen(name, /EXIT=\d+/);
    expect(end).toMatch(/more line\(s\) not shown/);
    expect(end).toContain('EXIT=0');
    const piped = runCli(['--bank', bank, 'show', 'long-answer', '--answer'], { home: h });
    expect(piped.stdout).toContain('POINT-60');
    expect(piped.stdout).not.toMatch(/more \(\d+%\)/);
  });

  it('asks a cloze card on one line and shows the whole text with the answer marked, at 40 columns', async () => {
    const h = home();
    const name = startInTmux(h, ['--bank', path.join(FIXTURES, 'cloze-deck'), 'drill', 'canary-release#c2'], { width: 40, height: 24 });
    const asked = await waitForScreen(name, /What is hidden at \[\.\.\.\]\?[\s\S]*hand in/);
    expect(asked).toContain('[...]');
    expect(asked).not.toContain('error rate');
    tmux('send-keys', '-t', name, '-l', 'Error Rate');
    tmux('send-keys', '-t', name, 'Enter');
    const after = await waitForScreen(name, /✔ Correct\.[\s\S]*Ready\?/);
    expect(history(name)).toContain('[error rate]');
    expect(widest(after)).toBeLessThanOrEqual(40);
    tmux('send-keys', '-t', name, 'q');
    await waitForScreen(name, /EXIT=0/);
    expect(readJsonLines(progressFileOf(h)).map((r) => [r.id, r.result, r.grade])).toEqual([['canary-release#c2', 'correct', 'good']]);
  });
});
