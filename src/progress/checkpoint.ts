import fs from 'node:fs';
import path from 'node:path';
import type { Hash } from 'node:crypto';
import { packageVersion } from '../package-root.js';
import { schedulerKey } from '../scheduler-settings.js';
import { writeFileWhole } from './folder.js';
import { ridKey, scanLines } from './log-read.js';
import { summaryFromJson, summaryToJson, type Summary } from './summary-data.js';

/**
 * A checkpoint of the fold over a long log, so a learner with a hundred thousand answers
 * does not wait for all of them to be folded at every start. It is derived data and is
 * trusted only when
 * - its whole shape is valid (every field, every card and tally; counts that add up), and
 * - the SHA-256 of every byte of the log it covers (from the start to a line end) is the
 *   one it recorded.
 * The hash is recomputed from the file as a stream (about 35 ms for 30 MB) at a start that
 * finds the log changed since the checkpoint; anything that does not check out is ignored,
 * and the log is read in full. When the log was, when last hashed, exactly the covered part
 * and had not changed for two seconds, its identity (size, times, inode: file-identity.ts) is
 * kept too (`seen`), and while the log is still exactly that file, it is not hashed again.
 * Delete it and the next run rebuilds the same thing from the log.
 */
export const CHECKPOINT_FILE = 'replay-cache.json';
/** Below this many answers a full fold is quick, and no checkpoint is written. */
export const CHECKPOINT_MIN_ANSWERS = 2_000;
// 4: the summary keeps suspended questions, answers and reviews per quarter hour (instead of a set
// of practised quarter hours) and flags (a checkpoint of 3 is out of date, and rebuilt).
const FORMAT = 4;

export interface Checkpoint {
  /** End of the covered part of the log: just after a newline. */
  offset: number;
  /** Newlines in the covered part. */
  lines: number;
  /** Ids of the records in the covered part (see RidSet), so the rest can be read without reading them again. */
  rids: RidSet;
  summary: Summary;
  sha256: string;
  /** The log's identity (file-identity.ts) when it was last found to be the covered part and no more. */
  seen?: string;
}

/**
 * A compact set of the record ids in the covered part: 32-bit hashes, sorted. A hit may be
 * a false one (about 1 in 40,000 per id for 100,000 records): it only means the log is read in full.
 */
export class RidSet {
  constructor(readonly keys: Uint32Array) {}

  static of(rids: Iterable<string>): RidSet {
    const list: number[] = [];
    for (const rid of rids) list.push(ridKey(rid));
    return RidSet.ofKeys(list);
  }

  /** The set of ids whose ridKeys are given (as the log reader computed them). */
  static ofKeys(keys: readonly number[]): RidSet {
    return new RidSet(Uint32Array.from(keys).sort());
  }

  mayHave(rid: string): boolean {
    const k = ridKey(rid);
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.keys[mid]!;
      if (v === k) return true;
      if (v < k) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  toBase64(): string {
    return Buffer.from(this.keys.buffer, this.keys.byteOffset, this.keys.byteLength).toString('base64');
  }

  static fromBase64(text: string): RidSet | null {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length % 4 !== 0) return null;
    const keys = new Uint32Array(bytes.length / 4);
    Buffer.from(keys.buffer).set(bytes);
    for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return null;
    return new RidSet(keys);
  }
}

export function checkpointPath(logFile: string): string {
  return path.join(path.dirname(logFile), CHECKPOINT_FILE);
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * The checkpoint beside this log, its shape checked (not yet what it covers: see verify).
 * 'invalid' when there is a file that is not a checkpoint this version wrote correctly.
 */
export function readCheckpoint(logFile: string): Checkpoint | 'invalid' | null {
  let text: string;
  try {
    const file = checkpointPath(logFile);
    const st = fs.statSync(file);
    // A checkpoint of 100,000 answers is well under this.
    if (!st.isFile() || st.size > 64 * 1024 * 1024) return 'invalid';
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'invalid';
  }
  if (data === null || typeof data !== 'object') return 'invalid';
  // Written by another version: its fold may differ. Not damage, only out of date.
  if (data.v !== FORMAT || data.program !== packageVersion()) return null;
  // Folded with other scheduling settings (desired retention, fitted parameters): out of date, not damaged.
  if (data.scheduler !== schedulerKey()) return null;
  const { offset, lines, sha256, rids, seen } = data;
  if (!isCount(offset) || !isCount(lines) || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256) || typeof rids !== 'string') return 'invalid';
  if (seen !== undefined && (typeof seen !== 'string' || !/^-?[0-9.]+( -?[0-9.]+){4}$/.test(seen))) return 'invalid';
  const summary = summaryFromJson(data.summary);
  const set = RidSet.fromBase64(rids);
  // Every answer folded is a line of the log, and so is every id in the set.
  if (!summary || !set || set.keys.length > lines || summary.answers > set.keys.length || lines > offset) return 'invalid';
  return { offset, lines, sha256, rids: set, summary, ...(seen === undefined ? {} : { seen }) };
}

/**
 * Hash the covered part of the log again and compare. On success, the running hash is
 * returned, positioned at the checkpoint's offset, to be continued over what follows.
 */
export function verifyCheckpoint(fd: number, size: number, cp: Checkpoint): Hash | null {
  if (cp.offset > size) return null;
  const { createHash } = process.getBuiltinModule('node:crypto');
  const hash = createHash('sha256');
  const scanned = scanLines(fd, 0, cp.offset, null, hash);
  // The same bytes have the same lines: matching the hash is matching the line count too.
  if (scanned.cleanEnd !== cp.offset) return null;
  return hash.copy().digest('hex') === cp.sha256 ? hash : null;
}

/** Best effort: a checkpoint that cannot be written only means the next start reads in full. */
export function writeCheckpoint(logFile: string, cp: Checkpoint): void {
  if (cp.summary.answers < CHECKPOINT_MIN_ANSWERS) return;
  const data = {
    v: FORMAT,
    program: packageVersion(),
    scheduler: schedulerKey(),
    offset: cp.offset,
    lines: cp.lines,
    sha256: cp.sha256,
    rids: cp.rids.toBase64(),
    summary: summaryToJson(cp.summary),
    ...(cp.seen === undefined ? {} : { seen: cp.seen }),
  };
  try {
    writeFileWhole(checkpointPath(logFile), JSON.stringify(data));
  } catch {
    // read-only folder, full disk: the log itself is what matters
  }
}
