import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers.js';
import { home, MINI_BANK, progressFileOf } from './support.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('tmux not found: the reset confirmation in a terminal is not tested');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `reset` in a real terminal of this width; returns a function to read the screen and one to press keys. */
function resetInTmux(h: string, width: number) {
  const socket = `mlops-drill-reset-${process.pid}-${width}-${Date.now()}`;
  const tmux = (...args: string[]) => {
    const r = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const command = `cd ${quote(h)} && env -i PATH=${quote(process.env.PATH ?? '/usr/bin:/bin')} HOME=${quote(h)} TERM=xterm-256color LANG=C.UTF-8 ${quote(process.execPath)} ${quote(BIN)} reset; echo EXIT=$?; sleep 5`;
  tmux('new-session', '-d', '-x', String(width), '-y', '24', '-s', 'reset', command);
  const screen = () => tmux('capture-pane', '-p', '-J', '-t', 'reset');
  return {
    screen,
    press: (key: string) => tmux('send-keys', '-t', 'reset', key),
    async waitFor(pattern: RegExp): Promise<string> {
      const until = Date.now() + 10_000;
      let last = '';
      while (Date.now() < until) {
        last = screen();
        if (pattern.test(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${pattern}:\n${last}`);
    },
    close: () => spawnSync('tmux', ['-L', socket, 'kill-server']),
  };
}

/** reset forgets progress by renaming the log to a timestamped backup, under a lock. */
describe('reset', () => {
  function withAnswer(): { h: string; file: string; bytes: Buffer } {
    const h = home();
    const r = runCli(['drill', '--plain', '--bank', MINI_BANK, '--type', 'choice'], { home: h, input: 'B\n' });
    expect(r.code).toBe(0);
    const file = progressFileOf(h);
    return { h, file, bytes: fs.readFileSync(file) };
  }

  it('--yes keeps the old log byte for byte as a backup, and list then shows no history', () => {
    const { h, file, bytes } = withAnswer();
    const r = runCli(['reset', '--yes'], { home: h });
    expect(r.code).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    const backups = fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('progress.jsonl.bak-'));
    expect(backups).toHaveLength(1);
    expect(r.stdout).toContain(backups[0]);
    expect(fs.readFileSync(path.join(path.dirname(file), backups[0]!))).toEqual(bytes);
    const rows = JSON.parse(runCli(['list', '--json', '--bank', MINI_BANK], { home: h }).stdout) as { history: { attempts: number } }[];
    expect(rows.every((q) => q.history.attempts === 0)).toBe(true);
  });

  it('asks first: without a terminal and without --yes it changes nothing and exits 2', () => {
    const { h, file, bytes } = withAnswer();
    const r = runCli(['reset'], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(fs.readFileSync(file)).toEqual(bytes);
  });

  it('refuses while another process holds the lock, and changes nothing', () => {
    const { h, file, bytes } = withAnswer();
    fs.mkdirSync(`${file}.lock`);
    const r = runCli(['reset', '--yes'], { home: h });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/locked by another mlops-drill/);
    expect(fs.readFileSync(file)).toEqual(bytes);
  });

  it.skipIf(!hasTmux).each([80, 40])('in a terminal %i columns wide: one key answers, n keeps the log, y resets it', async (width) => {
    const { h, file, bytes } = withAnswer();
    const no = resetInTmux(h, width);
    try {
      const asked = await no.waitFor(/Forget all progress/);
      expect(asked).toMatch(/y yes/);
      expect(asked).toMatch(/n no/);
      no.press('n');
      expect(await no.waitFor(/EXIT=\d+/)).toMatch(/Nothing was changed\.[\s\S]*EXIT=0/);
    } finally {
      no.close();
    }
    expect(fs.readFileSync(file)).toEqual(bytes);
    const yes = resetInTmux(h, width);
    try {
      await yes.waitFor(/Forget all progress/);
      yes.press('y');
      expect(await yes.waitFor(/EXIT=\d+/)).toMatch(/Progress reset\.[\s\S]*EXIT=0/);
    } finally {
      yes.close();
    }
    expect(fs.existsSync(file)).toBe(false);
  });

  it('with no progress yet says so and exits 0', () => {
    const h = home();
    const r = runCli(['reset', '--yes'], { home: h });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing to reset');
  });
});
