import fs from 'node:fs';
import path from 'node:path';
import { packageVersion } from '../package-root.js';
import { summaryFromJson, summaryToJson, type Summary } from './summary-data.js';

/**
 * A checkpoint of the fold over a long log, so a learner with a hundred thousand answers
 * does not wait for all of them to be replayed at every start. It is derived data: it
 * records how far into the log it got (a byte offset at a line end), and is trusted only
 * while the log is the same file with the same bytes at its start and before that offset.
 * Delete it and the next run rebuilds the same thing from the log.
 */
export const CACHE_FILE = 'replay-cache.json';
/** Below this many answers a full replay is quick, and no cache file is written. */
export const CACHE_MIN_ANSWERS = 2_000;
const PROBE = 4096;

interface CacheFile {
  v: 1;
  program: string;
  ino: number;
  offset: number;
  head: string;
  before: string;
  summary: unknown;
}

function hashRange(fd: number, start: number, end: number): string {
  const len = Math.max(0, end - start);
  const buf = Buffer.alloc(len);
  if (len > 0) fs.readSync(fd, buf, 0, len, start);
  // Loaded here, not at start-up: only a long log has a checkpoint to check.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha1').update(buf).digest('hex');
}

export function cachePath(logFile: string): string {
  return path.join(path.dirname(logFile), CACHE_FILE);
}

/** The checkpoint, if it still describes a prefix of this log; otherwise null. */
export function readCache(logFile: string, fd: number, st: fs.Stats): { summary: Summary; offset: number } | null {
  let cache: CacheFile;
  try {
    cache = JSON.parse(fs.readFileSync(cachePath(logFile), 'utf8')) as CacheFile;
  } catch {
    return null;
  }
  if (cache.v !== 1 || cache.program !== packageVersion() || cache.ino !== st.ino || st.size < cache.offset) return null;
  if (hashRange(fd, 0, Math.min(PROBE, cache.offset)) !== cache.head) return null;
  if (hashRange(fd, Math.max(0, cache.offset - PROBE), cache.offset) !== cache.before) return null;
  const summary = summaryFromJson(cache.summary);
  return summary ? { summary, offset: cache.offset } : null;
}

/** Best effort: a cache that cannot be written only means the next start replays in full. */
export function writeCache(logFile: string, fd: number, st: fs.Stats, offset: number, summary: Summary): void {
  if (summary.answers < CACHE_MIN_ANSWERS) return;
  const data: CacheFile = {
    v: 1,
    program: packageVersion(),
    ino: st.ino,
    offset,
    head: hashRange(fd, 0, Math.min(PROBE, offset)),
    before: hashRange(fd, Math.max(0, offset - PROBE), offset),
    summary: summaryToJson(summary),
  };
  const target = cachePath(logFile);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, target);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
