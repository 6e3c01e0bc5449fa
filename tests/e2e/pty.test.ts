/**
 * A real interactive session in a pseudo-terminal (see tmux.ts): tmux runs the binary,
 * send-keys types, capture-pane reads the screen.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { MINI_BANK, home, progressFileOf, readJsonLines } from './support.js';
import { describeInTerminal, history, startInTmux, tmux, waitForScreen } from './tmux.js';
import { displayWidth } from '../../src/ui/width.js';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => displayWidth(l.trimEnd())));

/** Pick the option with this text by its number key, as shown on screen. */
function numberKeyFor(text: string, option: string): string {
  const lines = text.split('\n').filter((l) => /^\s*(?:❯\s*)?[A-F]\) /.test(l));
  const at = lines.findIndex((l) => l.replace(/^\s*(?:❯\s*)?[A-F]\) /, '').trim() === option);
  if (at < 0) throw new Error(`option ${option} not on screen:\n${text}`);
  return String(at + 1);
}

describeInTerminal('in a real terminal (tmux)', () => {
  it('answers a choice by number key and an output by typed lines, then quits at "Ready?"', async () => {
    const h = home();
    const name = startInTmux(h, ['--bank', MINI_BANK, '--seed', '1', '--type', 'choice,output']);

    const first = await waitForScreen(name, /Question 1 of 2[\s\S]*1-3 pick/);
    expect(first).toContain('Which port does the health check use');
    tmux('send-keys', '-t', name, numberKeyFor(first, '8080'));

    await waitForScreen(name, /✔ Correct\.[\s\S]*MINI-CHOICE-EXPLANATION[\s\S]*Ready\?/);
    expect(readJsonLines(progressFileOf(h))).toEqual([expect.objectContaining({ id: 'mini-choice', result: 'correct', grade: 'good' })]);
    tmux('send-keys', '-t', name, 'Enter');

    await waitForScreen(name, /Question 2 of 2[\s\S]*What does it print\?/);
    tmux('send-keys', '-t', name, '-l', 'Model v2');
    tmux('send-keys', '-t', name, 'Enter');
    tmux('send-keys', '-t', name, '-l', 'ready');
    tmux('send-keys', '-t', name, 'Enter');
    await waitForScreen(name, /│ Model v2\n\s*│ ready/);
    tmux('send-keys', '-t', name, 'Enter');

    const after = await waitForScreen(name, /MINI-OUTPUT-EXPLANATION[\s\S]*Ready\?/);
    expect(after).toContain('✔ Correct.');
    tmux('send-keys', '-t', name, 'q');

    const end = await waitForScreen(name, /EXIT=\d+/);
    expect(end).toContain('Session summary');
    expect(end).toMatch(/2 of 2 correct/);
    expect(end).toContain('EXIT=0');
    expect(end).not.toMatch(/^\s+at /m);
    const records = readJsonLines(progressFileOf(h));
    expect(records.map((r) => [r.id, r.result, r.grade, r.hints, r.mode])).toEqual([
      ['mini-choice', 'correct', 'good', 0, 'drill'],
      ['mini-output', 'correct', 'good', 0, 'drill'],
    ]);
  });

  it('Ctrl-C at a prompt exits 130 and keeps the answer given before', async () => {
    const h = home();
    const name = startInTmux(h, ['--bank', MINI_BANK, '--seed', '1', '--type', 'choice,output']);

    const first = await waitForScreen(name, /Question 1 of 2[\s\S]*1-3 pick/);
    // A wrong pick this time: any answer is saved.
    const wrong = numberKeyFor(first, '443');
    tmux('send-keys', '-t', name, wrong);
    await waitForScreen(name, /Not quite[\s\S]*Ready\?/);
    tmux('send-keys', '-t', name, 'Enter');
    await waitForScreen(name, /Question 2 of 2[\s\S]*What does it print\?/);
    tmux('send-keys', '-t', name, '-l', 'half an ans');
    tmux('send-keys', '-t', name, 'C-c');

    const end = await waitForScreen(name, /EXIT=\d+/);
    expect(end).toContain('EXIT=130');
    expect(end).not.toMatch(/^\s+at /m);
    expect(end).not.toMatch(/ExitPromptError|failed unexpectedly/);
    expect(readJsonLines(progressFileOf(h)).map((r) => [r.id, r.result])).toEqual([['mini-choice', 'incorrect']]);
    expect(path.basename(progressFileOf(h))).toBe('progress.jsonl');
  });

  it('a correct output typed, then :h, then handed in is saved as correct; the hint sits one blank line below the prompt text', async () => {
    const h = home();
    const name = startInTmux(h, ['--bank', MINI_BANK, '--type', 'output']);
    await waitForScreen(name, /What does it print\?/);
    tmux('send-keys', '-t', name, '-l', 'Model v2');
    tmux('send-keys', '-t', name, 'Enter');
    tmux('send-keys', '-t', name, '-l', ':h');
    tmux('send-keys', '-t', name, 'Enter');
    const hinted = await waitForScreen(name, /Hint 1 of 2:[\s\S]*│ Model v2\n\s*│\s*\n/);
    expect(hinted).toMatch(/print\("ready"\)\n\nHint 1 of 2:/);
    tmux('send-keys', '-t', name, '-l', 'ready');
    tmux('send-keys', '-t', name, 'Enter');
    tmux('send-keys', '-t', name, 'Enter');
    const done = await waitForScreen(name, /Ready\?/);
    expect(done).toContain('✔ Correct.');
    expect(done).toContain('correct with 1 hint → hard · back in');
    expect(readJsonLines(progressFileOf(h)).map((r) => [r.result, r.grade, r.hints])).toEqual([['correct', 'hard', 1]]);
  });

  it('typed lines can be corrected: a paste lands as lines, ↑ goes back, Backspace at a line start joins', async () => {
    const h = home();
    const name = startInTmux(h, ['--bank', MINI_BANK, '--type', 'output']);
    await waitForScreen(name, /What does it print\?/);
    // A bracketed paste (the prompt asks the terminal for it): its empty line hands nothing in.
    tmux('set-buffer', '--', 'Modle v2\n\nready');
    tmux('paste-buffer', '-p', '-t', name);
    await waitForScreen(name, /│ Modle v2\n\s*│\s*\n\s*│ ready/);
    // Up to the empty line and join it away, then up to the typo and retype the line.
    tmux('send-keys', '-t', name, 'Home', 'Up', 'BSpace');
    await waitForScreen(name, /│ Modle v2\n\s*│ ready\n/);
    tmux('send-keys', '-t', name, 'End', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace');
    tmux('send-keys', '-t', name, '-l', 'Model v2');
    tmux('send-keys', '-t', name, 'Down', 'End', 'Enter');
    await waitForScreen(name, /│ Model v2\n\s*│ ready\n\s*│\s*\n/);
    tmux('send-keys', '-t', name, 'Enter');
    await waitForScreen(name, /✔ Correct\.[\s\S]*Ready\?/);
    expect(readJsonLines(progressFileOf(h)).map((r) => [r.result, r.grade])).toEqual([['correct', 'good']]);
  });

  it('a letter picks an option; u asks the same question again and corrects the score', async () => {
    const h = home();
    const name = startInTmux(h, ['--bank', MINI_BANK, '--type', 'choice']);
    const first = await waitForScreen(name, /a-c 1-3 pick/);
    const wrong = numberKeyFor(first, '443');
    tmux('send-keys', '-t', name, String.fromCharCode(96 + Number(wrong)));
    await waitForScreen(name, /Score so far: 0 of 1[\s\S]*u undo grade/);
    tmux('send-keys', '-t', name, 'u');
    const again = await waitForScreen(name, /answer the question again\.\nScore so far: 0 of 0[\s\S]*Question 1 of 1[\s\S]*a-c 1-3 pick/);
    tmux('send-keys', '-t', name, numberKeyFor(again.slice(again.lastIndexOf('Question 1 of 1')), '8080'));
    await waitForScreen(name, /Score so far: 1 of 1[\s\S]*Ready\?/);
    tmux('send-keys', '-t', name, 'Enter');
    const end = await waitForScreen(name, /EXIT=\d+/);
    expect(end).toContain('EXIT=0');
    expect(readJsonLines(progressFileOf(h)).map((r) => r.kind === 'undo' ? 'undo' : r.result)).toEqual(['incorrect', 'undo', 'correct']);
  });

  it.each([40, 80])('at %d columns no line of the drill screens is wider than the terminal', async (width) => {
    // The first screen: the start menu, one row per difficulty and per topic.
    const menu = startInTmux(home(), ['--seed', '3', '-n', '2'], { width, height: 30 });
    await waitForScreen(menu, /What to practise\?[\s\S]*q quit/);
    const first = history(menu);
    expect(widest(first)).toBeLessThanOrEqual(width);
    expect(first).toMatch(/^❯ all difficulties \(\d+ new\)/m);
    tmux('send-keys', '-t', menu, 'q');
    await waitForScreen(menu, /EXIT=0/);

    // Questions, key bars, the grade line, the summary and the next step.
    const name = startInTmux(home(), ['--seed', '3', '--type', 'choice', '-n', '2'], { width, height: 30 });
    for (let n = 1; n <= 2; n++) {
      // A tall question scrolls its header off a small pane: look in the history.
      await waitForScreen(name, new RegExp(`Question ${n} of 2[\\s\\S]*q quit`), 10_000, history);
      tmux('send-keys', '-t', name, 's');
      await waitForScreen(name, new RegExp(`(Score so far[\\s\\S]*){${n}}Ready\\?`), 10_000, history);
      tmux('send-keys', '-t', name, 'Enter');
    }
    await waitForScreen(name, /EXIT=\d+/);
    const all = history(name);
    expect(all).toContain('Session summary');
    expect(all).toMatch(/^ {2}npx mlops-drill$/m);
    expect(widest(all.slice(0, all.indexOf('EXIT=')))).toBeLessThanOrEqual(width);
  });

  it('at 40x10 a choice list taller than the screen scrolls within the prompt', async () => {
    const h = home();
    const name = startInTmux(h, ['--seed', '3', '-t', 'serving', '--type', 'choice', '-n', '1'], { width: 40, height: 10 });
    await waitForScreen(name, /❯ A\)/);
    for (let i = 0; i < 3; i++) tmux('send-keys', '-t', name, 'Down');
    await waitForScreen(name, /❯ D\)/);
    const all = history(name);
    // The prompt is drawn in place: its title appears once, however often it was redrawn.
    expect(all.split('? Your answer').length - 1).toBe(1);
    expect(widest(all)).toBeLessThanOrEqual(40);
  });

  it('exam --minutes left alone counts down live, then ends by itself with a report', async () => {
    const h = home();
    // 0.1 minutes: six seconds, the same path as --minutes 1 without the wait.
    const name = startInTmux(h, ['exam', '--bank', MINI_BANK, '--type', 'choice,output', '--minutes', '0.1']);
    await waitForScreen(name, /Time left 0:0[56]/);
    // Redrawn in place: a later second replaces the earlier one on the same screen.
    const later = await waitForScreen(name, /Time left 0:0[1-4]/);
    expect(later).not.toMatch(/Time left 0:0[56]/);
    expect(later).toContain('under a minute');
    const end = await waitForScreen(name, /EXIT=\d+/, 15_000);
    expect(end).toContain('Time is up: the answer in progress does not count.');
    expect(end).toContain('Exam report');
    expect(end).toContain('EXIT=0');
    expect(readJsonLines(progressFileOf(h))).toEqual([]);
  });

  it('f flags the question: one line of reason saved in the log', async () => {
    const h = home();
    const name = startInTmux(h, ['--bank', MINI_BANK, '--type', 'choice']);
    const first = await waitForScreen(name, /1-3 pick/);
    tmux('send-keys', '-t', name, numberKeyFor(first, '8080'));
    await waitForScreen(name, /f flag/);
    tmux('send-keys', '-t', name, 'f');
    await waitForScreen(name, /What is wrong with this question\?/);
    tmux('send-keys', '-t', name, '-l', 'port 8080 is not explained');
    tmux('send-keys', '-t', name, 'Enter');
    await waitForScreen(name, /Flagged: saved in your progress log[\s\S]*Ready\?/);
    tmux('send-keys', '-t', name, 'Enter');
    await waitForScreen(name, /EXIT=0/);
    expect(readJsonLines(progressFileOf(h)).map((r) => [r.kind, r.reason ?? null])).toEqual([
      ['answer', null],
      ['flag', 'port 8080 is not explained'],
    ]);
  });
});
