import fs from 'node:fs';
import { UserError } from '../errors.js';

const STALE_MS = 30_000;

/**
 * An exclusive lock file next to the log, for rewrites (reset, import). Appends
 * do not take it: each is a single O_APPEND write of whole lines.
 */
export function withLock<T>(file: string, action: () => T): T {
  const lock = `${file}.lock`;
  let fd: number | undefined;
  for (let attempt = 0; attempt < 2 && fd === undefined; attempt++) {
    try {
      fd = fs.openSync(lock, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - fs.statSync(lock).mtimeMs;
      if (age < STALE_MS) throw new UserError(`progress is locked by another mlops-drill (${lock}); try again in a moment`);
      fs.rmSync(lock, { force: true });
    }
  }
  if (fd === undefined) throw new UserError(`could not lock ${lock}`);
  try {
    return action();
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}
