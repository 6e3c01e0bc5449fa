import fs from 'node:fs';
import type { Hash } from 'node:crypto';
import { classifyAt, LOG_VERSION, timeOf, UNKNOWN, type LogRecord } from './record.js';

/**
 * Reading the log, line by line, without side effects: what is in it and what is wrong
 * with it. The same reader serves a whole file read at once (tests), a file read in
 * chunks (every command), and the file given to `progress import`.
 */

/** A log larger than this is left as it is, never read whole. */
export const READ_LIMIT = 512 * 1024 * 1024;

export interface LogRead {
  records: LogRecord[];
  /** 1-based line numbers of lines that are not records (torn tail excluded). */
  badLines: number[];
  /** The last line was cut off mid-write (no newline and not a record). */
  tornTail: boolean;
  /** Some record carries a version newer than this program knows. */
  newerVersion: number | null;
  /** Nothing in the file is a record, yet it is not empty: not our file, or destroyed. */
  foreign: boolean;
  /** Records of this version with a kind or value a newer mlops-drill added: kept in the file, skipped. */
  unknown: number;
  /** Records whose rid was seen earlier in the file (a retried write, a file joined twice): skipped. */
  duplicates: number;
  /** Records dated after now (beyond a day of clock skew) or before 2000: skipped, never folded. */
  outOfRange: number;
}

export function emptyRead(): LogRead {
  return { records: [], badLines: [], tornTail: false, newerVersion: null, foreign: false, unknown: 0, duplicates: 0, outOfRange: 0 };
}

/** Clocks of two machines may disagree a little; a record later than this is not believed. */
export const CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;
/** mlops-drill did not exist before this: an earlier date is a damaged or made-up record. */
const EARLIEST = Date.UTC(2000, 0, 1);

/** Can a record dated `at` be folded at `now`? The fold and the scheduler need a sane time. */
export function datedSanely(at: string, now: number): boolean {
  return timedSanely(Date.parse(at), now);
}
/** datedSanely for a time already parsed. */
const timedSanely = (t: number, now: number): boolean => t >= EARLIEST && t <= now + CLOCK_SKEW_MS;

const BOM = '\uFEFF';

/** FNV-1a over the UTF-16 code units of a record id: fast, and a collision only costs a string comparison (or, in a checkpoint, a full read). */
export function ridKey(rid: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < rid.length; i++) {
    h ^= rid.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The record ids read so far, to find a repeated one: a hash table over ridKey, each hit checked
 * against the id itself, so it answers exactly what a Set of the ids would. Quicker than a Set
 * for the fresh strings of a long log, and the key it computes is the one a checkpoint keeps.
 */
class SeenRids {
  private slots = new Int32Array(1 << 12);
  private keys = new Uint32Array(1 << 11);
  private readonly rids: string[] = [];

  /** Is `rid` here? `key` is its ridKey. Returns the free slot to put it in, or -1 when it is here. */
  private find(rid: string, key: number): number {
    const mask = this.slots.length - 1;
    let slot = key & mask;
    for (let at = this.slots[slot]!; at !== 0; at = this.slots[slot]!) {
      if (this.keys[at - 1] === key && this.rids[at - 1] === rid) return -1;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  has(rid: string): boolean {
    return this.find(rid, ridKey(rid)) < 0;
  }

  /** Add `rid` (with its ridKey); false when it was already here. */
  add(rid: string, key: number): boolean {
    const slot = this.find(rid, key);
    if (slot < 0) return false;
    const n = this.rids.push(rid);
    if (n > this.keys.length) {
      const keys = new Uint32Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    this.keys[n - 1] = key;
    this.slots[slot] = n;
    // At most half full, so a search ends soon on a free slot.
    if (n * 2 > this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      const mask = slots.length - 1;
      for (let i = 0; i < n; i++) {
        let at = this.keys[i]! & mask;
        while (slots[at] !== 0) at = (at + 1) & mask;
        slots[at] = i + 1;
      }
      this.slots = slots;
    }
    return true;
  }
}

export interface ReaderOptions {
  now?: number;
  /** Keep the records in `records` (the fold); an import or export passes them on instead. */
  keep?: boolean;
  /** Each usable record, with its line as it was in the file, the time of its `at` (ms) and the ridKey of its rid. */
  onRecord?: (record: LogRecord, line: string, t: number, ridKey: number) => void;
  /** The line number of the first line fed (a read that starts after a checkpoint). */
  firstLine?: number;
}

export class LogReader {
  private readonly read = emptyRead();
  private readonly seen = new SeenRids();
  private readonly now: number;
  private lineNo: number;
  private nonEmpty = 0;
  private recordLike = 0;
  private tornText = '';

  private readonly keep: boolean;
  private readonly onRecord: ReaderOptions['onRecord'];

  constructor(opts: ReaderOptions = {}) {
    this.now = opts.now ?? Date.now();
    this.keep = opts.keep !== false;
    this.onRecord = opts.onRecord;
    this.lineNo = (opts.firstLine ?? 1) - 1;
  }

  /** Has this rid been read already (in this reader)? */
  has(rid: string): boolean {
    return this.seen.has(rid);
  }

  /** Feed one line (without its newline); `terminated` is false only for a last line with no newline. */
  line(raw: string, terminated: boolean): void {
    this.lineNo++;
    const text = this.lineNo === 1 && raw.startsWith(BOM) ? raw.slice(1) : raw;
    // A line that starts with a brace is not blank: only other lines are trimmed to find out.
    if (text.charCodeAt(0) !== 0x7b && text.trim() === '') return;
    this.nonEmpty++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      if (!terminated) {
        this.read.tornTail = true;
        this.tornText = text;
      } else this.read.badLines.push(this.lineNo);
      return;
    }
    const v = (parsed as { v?: unknown } | null)?.v;
    if (typeof v === 'number' && v > LOG_VERSION) {
      this.read.newerVersion = Math.max(this.read.newerVersion ?? 0, v);
      return;
    }
    // A line that parses is complete, so it was not torn: a cut-off record is never valid JSON.
    // Its time is parsed once, for the record's check and the date check below.
    const t = timeOf(parsed);
    const record = classifyAt(parsed, t);
    if (record === null) {
      this.read.badLines.push(this.lineNo);
      return;
    }
    this.recordLike++;
    if (record === UNKNOWN) {
      this.read.unknown++;
      return;
    }
    const key = ridKey(record.rid);
    if (!this.seen.add(record.rid, key)) {
      this.read.duplicates++;
      return;
    }
    if (!timedSanely(t, this.now)) {
      this.read.outOfRange++;
      return;
    }
    if (this.keep) this.read.records.push(record);
    this.onRecord?.(record, text, t, key);
  }

  done(): LogRead {
    // A lone unparsable line with no newline is only a torn write if it starts like one of ours;
    // otherwise (random bytes, another program's file) the file must be set aside, not appended to.
    const tornOnlyForeign = this.read.tornTail && !this.tornText.startsWith('{"v":');
    this.read.foreign =
      this.nonEmpty > 0 && this.recordLike === 0 && this.read.newerVersion === null && (this.read.badLines.length > 0 || tornOnlyForeign);
    return this.read;
  }
}

/** Pure: the text of a log file to its records and what was wrong with it. */
export function readLogText(text: string, opts: ReaderOptions = {}): LogRead {
  const reader = new LogReader(opts);
  const lines = text.split('\n');
  const endsClean = text.endsWith('\n') || text === '';
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    if (last && line === '') return;
    reader.line(line, !last || endsClean);
  });
  return reader.done();
}

const CHUNK = 1 << 20;
/** No record comes near this; a longer line is not kept in memory, only counted as unreadable. */
const MAX_LINE = 1 << 20;
const OVERLONG = Buffer.from('\u0000');

export interface Scanned {
  /** Offset just after the last newline seen (the end of the last complete line). */
  cleanEnd: number;
  /** Newlines between start and cleanEnd (not counted when only hashing). */
  lines: number;
}

/**
 * Read bytes [start, end) of an open file in bounded chunks, line by line. Every byte up
 * to the last newline goes through `hash` as it is read (the checkpoint's fingerprint).
 */
export function scanLines(
  src: number | Buffer,
  start: number,
  end: number,
  onLine: ((line: string, terminated: boolean, at: number) => void) | null,
  hash?: Hash,
): Scanned {
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer = Buffer.alloc(0);
  let carryAt = start;
  let overlong = false;
  let pos = start;
  let lines = 0;
  let cleanEnd = start;
  while (pos < end) {
    const want = Math.min(CHUNK, end - pos);
    const n = typeof src === 'number' ? fs.readSync(src, buf, 0, want, pos) : src.copy(buf, 0, pos, pos + want);
    if (n === 0) break;
    pos += n;
    const chunk = buf.subarray(0, n);
    const lastNl = chunk.lastIndexOf(0x0a);
    if (lastNl < 0) {
      if (overlong || carry.length + n > MAX_LINE) {
        // Hashed now, since it is not kept: a checkpoint over such a file will not verify, which is safe.
        if (hash) hash.update(carry.length > 0 && !overlong ? Buffer.concat([carry, chunk]) : chunk);
        overlong = true;
        carry = OVERLONG;
      } else carry = Buffer.concat([carry, chunk]);
      continue;
    }
    if (hash) {
      if (carry.length > 0 && !overlong) hash.update(carry);
      hash.update(chunk.subarray(0, lastNl + 1));
    }
    cleanEnd = pos - n + lastNl + 1;
    // Only hashing (checking a checkpoint): the lines themselves are not needed.
    if (!onLine) {
      overlong = false;
      carry = Buffer.from(chunk.subarray(lastNl + 1));
      continue;
    }
    let from = 0;
    let nl = chunk.indexOf(0x0a);
    if (carry.length > 0) {
      lines++;
      onLine(Buffer.concat([carry, chunk.subarray(0, nl)]).toString('utf8'), true, carryAt);
      from = nl + 1;
    }
    // The rest of the chunk's complete lines decoded at once, then split: no UTF-8 sequence holds a
    // newline byte, so the lines are the ones decoding each line alone gives (a broken sequence
    // before a newline becomes the same replacement character), without a decode per line.
    if (from <= lastNl) {
      const text = chunk.toString('utf8', from, lastNl + 1);
      let i = 0;
      for (nl = chunk.indexOf(0x0a, from); nl >= 0 && nl <= lastNl; nl = chunk.indexOf(0x0a, nl + 1)) {
        lines++;
        const end = text.indexOf('\n', i);
        onLine(text.slice(i, end), true, pos - n + from);
        i = end + 1;
        from = nl + 1;
      }
    }
    overlong = false;
    carry = Buffer.from(chunk.subarray(lastNl + 1));
    carryAt = pos - n + lastNl + 1;
  }
  if (carry.length > 0 && onLine) onLine(carry.toString('utf8'), false, carryAt);
  return { cleanEnd, lines };
}
