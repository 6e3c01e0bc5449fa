/**
 * A real interactive session in a pseudo-terminal (see tmux.ts): tmux runs the binary,
 * send-keys types, capture-pane reads the screen.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { MINI_BANK, home, progressFileOf, readJsonLines } from './support.js';
import { describeInTerminal, startInTmux, tmux, waitForScreen } from './tmux.js';

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
});
