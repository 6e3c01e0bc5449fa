import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guardedFs, withLock } from '../../src/progress/lock.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function logFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
  dirs.push(dir);
  return path.join(dir, 'progress.jsonl');
}

const ageBy = (p: string, ms: number) => {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(p, t, t);
};

/** Resolves when `flag()` is true; checked on each turn of the event loop (no fixed sleep). */
const until = (flag: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => (flag() ? resolve() : setImmediate(check));
    check();
  });

describe('withLock', () => {
  it('runs the action holding the lock, and removes it after', async () => {
    const file = logFile();
    const seen = await withLock(file, async () => fs.statSync(`${file}.lock`).isDirectory());
    expect(seen).toBe(true);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a lock held by someone else with one clear line', async () => {
    const file = logFile();
    fs.mkdirSync(`${file}.lock`);
    await expect(withLock(file, async () => 'ran')).rejects.toThrow(/locked by another mlops-drill/);
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
  });

  it('two takers that both find the same stale lock: exactly one gets it', async () => {
    const file = logFile();
    fs.mkdirSync(`${file}.lock`);
    ageBy(`${file}.lock`, 60_000);
    let inside = 0;
    let most = 0;
    const take = () =>
      withLock(file, async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 50));
        inside--;
        return 'took it';
      }).catch((e: Error) => e.message);
    const results = await Promise.all([take(), take(), take()]);
    expect(results.filter((r) => r === 'took it')).toHaveLength(1);
    expect(results.filter((r) => /locked by another/.test(r))).toHaveLength(2);
    expect(most).toBe(1);
  });

  it('a taker that saw the lock stale, when another has since taken it fresh, does not remove the fresh lock', async () => {
    const file = logFile();
    const lock = `${file}.lock`;
    // B looked and saw a stale lock; meanwhile A broke it and made its own, fresh one.
    fs.mkdirSync(lock);
    const code = await new Promise<string | undefined>((resolve) => guardedFs(lock, { now: false }, 10_000).rmdir(lock, (e) => resolve(e?.code)));
    expect(code).toBe('ELOCKED');
    expect(fs.statSync(lock).isDirectory()).toBe(true);
    // A genuinely stale one is removed, and so is the guard used to remove it.
    ageBy(lock, 60_000);
    const again = await new Promise<string | undefined>((resolve) => guardedFs(lock, { now: false }, 10_000).rmdir(lock, (e) => resolve(e?.code ?? 'ok')));
    expect(again).toBe('ok');
    expect(fs.readdirSync(path.dirname(lock))).toEqual([]);
  });

  it('a lock held longer than the stale time is refreshed, so nobody takes it meanwhile', async () => {
    const file = logFile();
    const timing = { staleMs: 2_000, updateMs: 1_000 };
    let other: string | null = null;
    await withLock(
      file,
      async () => {
        // Wait until the lock is older than the stale time would allow without refreshing.
        const start = Date.now();
        await until(() => Date.now() - start > 2_600);
        other = await withLock(file, async () => 'taken', timing).catch((e: Error) => e.message);
      },
      timing,
    );
    expect(other).toMatch(/locked by another mlops-drill/);
  }, 10_000);

  it('a taker that may wait says so once, waits for the holder to finish, then takes the lock', async () => {
    const file = logFile();
    const order: string[] = [];
    let waiting = 0;
    let release: (() => void) | null = null;
    const holder = withLock(file, () => new Promise<void>((r) => (release = () => (order.push('holder done'), r()))));
    await until(() => release !== null);
    const waiter = withLock(file, async () => order.push('waiter ran'), undefined, {
      what: 'the settings file',
      waitMs: 10_000,
      onWait: () => {
        waiting++;
        order.push('waiter waits');
      },
    });
    await until(() => waiting > 0);
    release!();
    await Promise.all([holder, waiter]);
    expect(order).toEqual(['waiter waits', 'holder done', 'waiter ran']);
    expect(waiting).toBe(1);
  });

  it('names what is locked when it will not wait', async () => {
    const file = logFile();
    fs.mkdirSync(`${file}.lock`);
    await expect(withLock(file, async () => 'ran', undefined, { what: 'sync' })).rejects.toThrow(/^sync is locked by another mlops-drill/);
  });

  it.each([
    ['a dangling link', (lock: string) => fs.symlinkSync(path.join(path.dirname(lock), 'nowhere'), lock), /is a link, not a lock/],
    ['a stale folder with files in it', (lock: string) => (fs.mkdirSync(lock), fs.writeFileSync(path.join(lock, 'x'), 'x'), ageBy(lock, 60_000)), /did not make/],
  ])('a lock path that is %s: one clear line, nothing removed', async (_what, make, message) => {
    const file = logFile();
    const lock = `${file}.lock`;
    make(lock);
    await expect(withLock(file, async () => 'ran')).rejects.toThrow(message);
    expect(fs.lstatSync(lock)).toBeTruthy();
  });
});
