import fs from 'node:fs';
import { UserError } from '../errors.js';

/**
 * An exclusive lock beside the log, for rewrites (reset, import). Appends do not take it:
 * each is one O_APPEND write of whole lines.
 *
 * proper-lockfile does the locking: an atomic mkdir, an mtime refreshed every UPDATE_MS
 * while the lock is held (so a long import is never taken for stale), and a lock left by
 * a killed process treated as stale after STALE_MS. It removes a stale lock with a plain
 * rmdir, so two processes that both saw it stale could both go on (the second removing
 * the first one's fresh lock). Here that removal happens only while holding a second,
 * short-lived lock (`.lock.break`), and only after looking again: of two such processes
 * one breaks the stale lock, and the other then finds a fresh one.
 */
const STALE_MS = 10_000;
const UPDATE_MS = 2_000;

type Callback = (err?: NodeJS.ErrnoException | null, ...rest: unknown[]) => void;

function lockedError(lock: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${lock} is held`), { code: 'ELOCKED' });
}

/** fs for proper-lockfile: its rmdir of a lock it does not hold goes through breakStale. */
export function guardedFs(lock: string, held: { now: boolean }, staleMs: number) {
  const stale = (st: fs.Stats) => st.mtimeMs < Date.now() - staleMs;
  const breakStale = (cb: Callback) => {
    const guard = `${lock}.break`;
    fs.mkdir(guard, (err) => {
      if (err) {
        // A breaker killed half-way leaves its guard behind: it goes stale like a lock.
        if (err.code === 'EEXIST') fs.stat(guard, (e2, st) => (!e2 && stale(st) ? fs.rmdir(guard, () => cb(lockedError(lock))) : cb(lockedError(lock))));
        else cb(err);
        return;
      }
      const done = (e?: NodeJS.ErrnoException | null) => fs.rmdir(guard, () => cb(e ?? null));
      fs.lstat(lock, (e3, st) => {
        if (e3) return done(e3.code === 'ENOENT' ? null : e3);
        if (!stale(st)) return done(lockedError(lock));
        // A lock file from an older mlops-drill is a file, not a folder.
        if (st.isDirectory()) fs.rmdir(lock, (e4) => done(e4 && e4.code !== 'ENOENT' ? e4 : null));
        else fs.unlink(lock, (e4) => done(e4 && e4.code !== 'ENOENT' ? e4 : null));
      });
    });
  };
  return {
    ...fs,
    rmdir(p: string, cb: Callback) {
      if (p !== lock || held.now) return fs.rmdir(p, cb);
      breakStale(cb);
    },
  };
}

function describe(code: string | undefined, lock: string, what: string): string {
  if (code === 'ELOCKED') return `${what} is locked by another mlops-drill (${lock}); try again in a moment`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `cannot lock ${lock}: the folder cannot be written (${code})`;
  if (code === 'ENOTEMPTY') return `${lock} is a folder that mlops-drill did not make; remove it if no mlops-drill is running`;
  return `cannot lock ${lock} (${code ?? 'unknown error'})`;
}

export interface LockOptions {
  /** What the lock guards, for the message when it is held (default: progress). */
  what?: string;
  /**
   * How long to wait for a lock held by someone else, in ms (default 0: refuse at once).
   * Settings and sync wait: their holders are other mlops-drill processes that finish soon.
   */
  waitMs?: number;
  /** Called once when the lock is found held and the wait begins (to say so). */
  onWait?: () => void;
}

/** Run `action` holding the lock of `file`; a lock held by someone else is one clear line, exit 1. */
export async function withLock<T>(file: string, action: () => Promise<T>, timing = { staleMs: STALE_MS, updateMs: UPDATE_MS }, opts: LockOptions = {}): Promise<T> {
  const lock = `${file}.lock`;
  try {
    const st = fs.lstatSync(lock);
    // A link is never a lock mlops-drill made, and following it could remove someone else's folder.
    if (st.isSymbolicLink()) throw new UserError(`${lock} is a link, not a lock; remove it if no mlops-drill is running`);
  } catch (error) {
    if (error instanceof UserError) throw error;
  }
  // Loaded here: only the commands that rewrite a file (reset, import, config, sync) take a lock.
  const lockfile = (await import('proper-lockfile')).default;
  const held = { now: false };
  let compromised: Error | null = null;
  let release: () => Promise<void>;
  const take = (waitMs: number) =>
    lockfile.lock(file, {
      lockfilePath: lock,
      realpath: false,
      stale: timing.staleMs,
      update: timing.updateMs,
      retries: retriesFor(waitMs),
      fs: guardedFs(lock, held, timing.staleMs),
      onCompromised: (err) => {
        compromised = err;
      },
    });
  try {
    const waitMs = opts.waitMs ?? 0;
    if (waitMs > 0 && opts.onWait) {
      // One try first, so the wait is announced only when there is one.
      release = await take(0).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ELOCKED') throw error;
        opts.onWait?.();
        return take(waitMs);
      });
    } else {
      release = await take(waitMs);
    }
  } catch (error) {
    throw new UserError(describe((error as NodeJS.ErrnoException).code, lock, opts.what ?? 'progress'));
  }
  held.now = true;
  try {
    const result = await action();
    if (compromised) throw new UserError(`the lock ${lock} was lost while working (${(compromised as Error).message}); check the progress log`);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

/** Retries with short, jittered pauses (25 to 250 ms) that add up to about `waitMs`. */
function retriesFor(waitMs: number): number | { retries: number; factor: number; minTimeout: number; maxTimeout: number; randomize: boolean } {
  if (waitMs <= 0) return 0;
  return { retries: Math.max(1, Math.ceil(waitMs / 150)), factor: 1.3, minTimeout: 25, maxTimeout: 250, randomize: true };
}
