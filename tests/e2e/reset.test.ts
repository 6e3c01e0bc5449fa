import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { home, MINI_BANK, progressFileOf } from './support.js';

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
    fs.writeFileSync(`${file}.lock`, '12345');
    const r = runCli(['reset', '--yes'], { home: h });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/locked by another mlops-drill/);
    expect(fs.readFileSync(file)).toEqual(bytes);
  });

  it('with no progress yet says so and exits 0', () => {
    const h = home();
    const r = runCli(['reset', '--yes'], { home: h });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing to reset');
  });
});
