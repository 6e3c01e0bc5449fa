import fs from 'node:fs';
import path from 'node:path';
import type { DueEntry } from '../due.js';
import { packageVersion } from '../package-root.js';
import { schedulerKey } from '../scheduler-settings.js';
import { readOwnFile, unsafeFolderReason, writeFileWhole } from './folder.js';

/**
 * What `mlops-drill due` needs of the folded log (each question's due time and first and
 * latest graded answer), kept beside the log so that a shell prompt calling `due` again and
 * again does not replay the whole log with the scheduler each time. Derived data, like the
 * replay checkpoint: it is used only while the log is the very file it was made from (same
 * size, modification time, inode and last bytes), with the same program version and
 * scheduling settings; anything else, including a damaged file, means the log is folded
 * again and the cache rewritten. It only ever feeds a count: the drill never reads it.
 */
export const DUE_CACHE_FILE = 'due-cache.json';
const FORMAT = 2;
/** The log's last bytes are part of its identity: a rewrite of the same size within one mtime tick is still caught. */
const TAIL_BYTES = 4096;

export interface LogIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
  tail: string;
}

/** Who the log is now, cheaply (a stat and its last 4 KiB); null when there is no readable regular file. */
export function logIdentity(logFile: string): LogIdentity | null {
  let fd: number;
  try {
    fd = fs.openSync(logFile, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return null;
    const length = Math.min(TAIL_BYTES, st.size);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, st.size - length);
    return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, tail: buf.toString('base64') };
  } finally {
    fs.closeSync(fd);
  }
}

export function dueCachePath(logFile: string): string {
  return path.join(path.dirname(logFile), DUE_CACHE_FILE);
}

const sameIdentity = (a: LogIdentity, b: unknown): boolean => {
  if (b === null || typeof b !== 'object') return false;
  const o = b as Record<string, unknown>;
  return o.size === a.size && o.mtimeMs === a.mtimeMs && o.ino === a.ino && o.tail === a.tail;
};

const isTime = (v: unknown): v is string | null => v === null || (typeof v === 'string' && Number.isFinite(Date.parse(v)));

export interface DueCache {
  entries: Map<string, DueEntry>;
  /** Questions suspended (never drilled until unsuspended): not counted. */
  suspended: Set<string>;
}

/** The cached schedule when it was made from this very log with these settings, else null (never a throw). */
export function readDueCache(logFile: string, identity: LogIdentity): DueCache | null {
  let data: Record<string, unknown>;
  try {
    // A cache of 100,000 questions is a few MiB; anything larger is not one.
    const text = readOwnFile(dueCachePath(logFile), 32 * 1024 * 1024);
    if (text === null) return null;
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object' || data.v !== FORMAT || data.program !== packageVersion() || data.scheduler !== schedulerKey()) return null;
  if (!sameIdentity(identity, data.log) || !Array.isArray(data.entries)) return null;
  const map = new Map<string, DueEntry>();
  for (const e of data.entries as unknown[]) {
    if (!Array.isArray(e) || e.length !== 4) return null;
    const [id, due, first, last] = e as unknown[];
    if (typeof id !== 'string' || id === '' || map.has(id) || typeof due !== 'number' || !Number.isFinite(due) || !isTime(first) || !isTime(last)) return null;
    map.set(id, { due, firstGradedAt: first, lastGradedAt: last });
  }
  const suspended = data.suspended;
  if (!Array.isArray(suspended) || !suspended.every((id) => typeof id === 'string')) return null;
  return { entries: map, suspended: new Set(suspended as string[]) };
}

/** Best effort, and only into a folder that is the learner's own: a cache not written only means the next `due` folds again. */
export function writeDueCache(logFile: string, identity: LogIdentity, { entries, suspended }: DueCache): void {
  if (unsafeFolderReason(path.dirname(logFile)) !== null) return;
  const data = {
    v: FORMAT,
    program: packageVersion(),
    scheduler: schedulerKey(),
    log: identity,
    entries: [...entries].map(([id, e]) => [id, e.due, e.firstGradedAt, e.lastGradedAt]),
    suspended: [...suspended],
  };
  try {
    writeFileWhole(dueCachePath(logFile), JSON.stringify(data));
  } catch {
    // read-only folder, full disk: the log itself is what matters
  }
}
