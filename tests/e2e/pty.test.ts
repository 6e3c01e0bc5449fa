/**
 * A real interactive session in a pseudo-terminal: tmux runs the binary, send-keys types,
 * capture-pane reads the screen. Every wait polls the screen for text; nothing sleeps blind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers.js';
import { MINI_BANK, home, progressFileOf, readJsonLines } from './support.js';

const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
// A private server per test (-L) with no user config (-f /dev/null): the learner's own tmux is never touched.
let counter = 0;
let socket = '';

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Start the binary in a 120x40 terminal; the shell prints its exit code and keeps the pane a while. */
function startInTmux(h: string, args: string[]): string {
  const name = `drill-${process.pid}-${++counter}`;
  socket = `mlops-drill-test-${name}`;
  const command = [
    'env',
    '-i',
    `PATH=${quote(process.env.PATH ?? '/usr/bin:/bin')}`,
    `HOME=${quote(h)}`,
    'TERM=xterm-256color',
    'LANG=C.UTF-8',
    quote(process.execPath),
    quote(BIN),
    ...args.map(quote),
  ].join(' ');
  tmux('new-session', '-d', '-x', '120', '-y', '40', '-s', name, `cd ${quote(h)} && ${command}; echo EXIT=$?; sleep 5`);
  return name;
}

const screen = (name: string) => tmux('capture-pane', '-p', '-t', name);

async function waitForScreen(name: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = screen(name);
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${pattern} on screen:\n${last}`);
}

/** Pick the option with this text by its number key, as shown on screen. */
function numberKeyFor(text: string, option: string): string {
  const lines = text.split('\n').filter((l) => /^\s*(?:❯\s*)?[A-F]\) /.test(l));
  const at = lines.findIndex((l) => l.replace(/^\s*(?:❯\s*)?[A-F]\) /, '').trim() === option);
  if (at < 0) throw new Error(`option ${option} not on screen:\n${text}`);
  return String(at + 1);
}

describe.skipIf(!hasTmux)('in a real terminal (tmux)', () => {
  afterEach(() => {
    if (!socket) return;
    spawnSync('tmux', ['-L', socket, 'kill-server'], { encoding: 'utf8' });
    // tmux leaves the socket file of a killed server behind.
    const dir = path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
    fs.rmSync(path.join(dir, socket), { force: true });
    socket = '';
  });

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
