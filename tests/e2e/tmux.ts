/**
 * Real pseudo-terminals for the end-to-end tests: tmux runs the built binary, send-keys
 * types, capture-pane reads the screen, and every wait polls the screen for text (never
 * a fixed sleep). Each test file gets a private tmux server (-L) with no user config
 * (-f /dev/null), so the learner's own tmux is never touched.
 *
 * Without tmux (Windows, a bare container) these tests are skipped, and say so; when CI
 * is set a missing tmux is a failure (except on Windows), so a runner that should have it
 * cannot pass quietly.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, it } from 'vitest';
import { BIN } from '../helpers.js';

export const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
// Windows has no tmux to install, so there a missing tmux is never a failure.
const onCI = process.platform !== 'win32' && process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
const MISSING = 'tmux was not found, so the pseudo-terminal tests were skipped';

if (!hasTmux && !onCI) process.stderr.write(`note: ${MISSING} (install tmux to run them)\n`);

const server = `mlops-drill-test-${process.pid}`;
let counter = 0;

/** Run a tmux command on this file's server; its output, or an error with tmux's message. */
export function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', server, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function stopServer(): void {
  spawnSync('tmux', ['-L', server, 'kill-server'], { encoding: 'utf8' });
  // tmux leaves the socket file of a killed server behind.
  const dir = path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
  fs.rmSync(path.join(dir, server), { force: true });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TerminalOptions {
  /** Extra environment, beside PATH, HOME, TERM=xterm-256color and LANG=C.UTF-8. */
  env?: Record<string, string>;
  /** Seconds the pane stays open after the program ends, so its last screen can be read. */
  keep?: number;
}

/**
 * Start the binary in a terminal of this size (120x40 unless said), in a clean environment
 * with HOME at `home`. After the program ends the pane shows EXIT=<code>. Returns the name.
 */
export function startInTmux(home: string, args: string[], size = { width: 120, height: 40 }, opts: TerminalOptions = {}): string {
  const name = `t${++counter}`;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8', ...opts.env };
  const command = ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`), quote(process.execPath), quote(BIN), ...args.map(quote)].join(' ');
  tmux('new-session', '-d', '-x', String(size.width), '-y', String(size.height), '-s', name, `cd ${quote(home)} && ${command}; echo EXIT=$?; sleep ${opts.keep ?? 30}`);
  return name;
}

/** What the pane shows now. */
export const screen = (name: string) => tmux('capture-pane', '-p', '-t', name);

/** The pane with its history, lines the terminal wrapped joined back (-J): a line wider than the pane shows as one. */
export const history = (name: string) => tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', name);

/** Type keys (tmux key names such as Enter, Down, C-c) or, with `literal`, text. */
export function keys(name: string, ...k: string[]): void {
  tmux('send-keys', '-t', name, ...k);
}

export function type(name: string, text: string): void {
  tmux('send-keys', '-t', name, '-l', text);
}

/** Poll the screen until it matches; the screen, or an error that shows the last one. */
export async function waitForScreen(name: string, pattern: RegExp | string, timeoutMs = 10_000, capture: (name: string) => string = screen): Promise<string> {
  const matches = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = capture(name);
    if (matches(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${String(pattern)} on screen:\n${last}`);
}

/** A describe block of terminal tests: run with tmux, skipped (and named so) without, failed on CI without. */
export function describeInTerminal(name: string, fn: () => void): void {
  if (hasTmux) {
    describe(name, () => {
      afterEach(stopServer);
      afterAll(stopServer);
      fn();
    });
  } else if (onCI) {
    describe(name, () => {
      it('runs in tmux, which CI must provide', () => {
        throw new Error(`${MISSING}, and CI is set: install tmux on this runner`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: tmux not found)`, fn);
  }
}

/** One terminal test, with the same rules as describeInTerminal. */
export function itInTerminal(name: string, fn: () => Promise<void>, timeout?: number): void {
  describeInTerminal('in a real terminal (tmux)', () => {
    it(name, fn, timeout);
  });
}
