import type fs from 'node:fs';

/**
 * What a file is, short of reading it: size, modification and change times, inode and device.
 * While all of them are unchanged the bytes are the ones seen before. The change time (ctime)
 * cannot be set back by tools that copy modification times, and a rename or a rewrite through
 * a new file changes the inode.
 */
export function identityOf(st: fs.Stats): string {
  return `${st.size} ${st.mtimeMs} ${st.ctimeMs} ${st.ino} ${st.dev}`;
}

/**
 * A file changed this recently is never remembered by its identity: a file system's clock may
 * not yet show a second change made within the same tick (the "racy timestamp" rule).
 */
export const RACY_MS = 2_000;

/** Whether a file last changed at `newest` (ms) may be remembered by its identity at `now`. */
export function settledAt(newest: number, now: number): boolean {
  return newest <= now - RACY_MS;
}
