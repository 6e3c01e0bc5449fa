import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { identityOf, settledAt } from '../file-identity.js';
import { CHECKPOINT_FILE, CHECKPOINT_MIN_ANSWERS, RidSet, readCheckpoint, verifyCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { readOwnFile, unsafeFolderReason, writeFileWhole } from './folder.js';
import { stamp } from './location.js';
import { LogReader, READ_LIMIT, scanLines, type LogRead } from './log-read.js';
import { effectiveAnswers, type AnswerRecord, type LogRecord } from './record.js';
import { answersInTimeOrder, emptySummary, foldFlags, foldSuspensions, type Summary } from './summary-data.js';
import { ProgressWriter, type AnswerSink } from './writer.js';

/** The fold needs the FSRS step: load it only when there is something to fold. */
async function foldLazily(summary: Summary, ordered: { answers: AnswerRecord[]; times: number[] }): Promise<Summary> {
  if (ordered.answers.length === 0) return summary;
  return (await import('./summary.js')).foldInOrder(summary, ordered.answers, ordered.times);
}

/**
 * The log's identity for a checkpoint covering it up to `covered`: only when that is the whole
 * file as it was opened (`st`, taken before reading), and it had not changed for a while.
 */
function seenIf(st: fs.Stats, covered: number, now: number): { seen?: string } {
  return covered === st.size && settledAt(Math.max(st.mtimeMs, st.ctimeMs), now) ? { seen: identityOf(st) } : {};
}

/** Remembers which damage the learner was already told about, so it is said once, not at every start. */
export const NOTICES_FILE = 'notices.json';

/** Records of one read, split at the end of the last complete line. */
interface Split {
  read: LogRead;
  /** Records on complete lines: what a checkpoint may cover. */
  settled: LogRecord[];
  /** The time (ms) of each settled record, parsed once as it was read. */
  times: number[];
  /** The ridKey of each settled record's rid, for the checkpoint's RidSet. */
  keys: number[];
  /** A complete record on a last line that has no newline yet. */
  last: LogRecord | null;
  cleanEnd: number;
  lines: number;
}

/**
 * The progress log, and the one way to it: every command reads, appends, exports, imports
 * or resets through here. Reading never changes the log; the only derived files are the
 * replay checkpoint (checkpoint.ts) and the note of damage already reported. Appends go
 * through the writer (writer.ts), which the quiz loop sees only as an AnswerSink.
 */
export class ProgressStore implements AnswerSink {
  readonly writer: ProgressWriter;
  /** The last read found a file that is not a progress log (see setAsideIfForeign). */
  private foreign = false;

  constructor(readonly file: string) {
    this.writer = new ProgressWriter(file);
  }

  get dir(): string {
    return path.dirname(this.file);
  }

  // The quiz loop's view (AnswerSink), and what a command asks before and after it.
  get session(): string {
    return this.writer.session;
  }
  append(...records: LogRecord[]): boolean {
    return this.writer.append(...records);
  }
  takeNotices(): string[] {
    return this.writer.takeNotices();
  }
  checkWritable(): void {
    this.writer.checkWritable();
  }
  get unsaved(): number {
    return this.writer.unsaved;
  }
  get notSavedReason(): string | null {
    return this.writer.notSavedReason;
  }

  /** Open the log for reading without following it into a FIFO or a device. */
  private open(): { fd: number; st: fs.Stats } | null {
    let fd: number;
    try {
      fd = fs.openSync(this.file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code === 'ENOTDIR') this.writer.refuse(`${this.dir} is not a folder (${code})`);
      else this.writer.refuse(`cannot read ${this.file} (${code ?? String(error)})`);
      return null;
    }
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      fs.closeSync(fd);
      this.writer.refuse(`${this.file} is not a regular file`);
      return null;
    }
    if (st.size > READ_LIMIT) {
      fs.closeSync(fd);
      this.writer.refuse(`${this.file} is larger than 512 MiB; it was left as it is`);
      return null;
    }
    return { fd, st };
  }

  /**
   * What the log says: cards, tallies and days, resumed from the replay checkpoint when
   * it checks out, else folded from the whole log (and checkpointed).
   */
  async loadSummary(now = Date.now()): Promise<Summary> {
    this.foreign = false;
    const opened = this.open();
    if (!opened) return emptySummary();
    const { fd, st } = opened;
    try {
      const cp = readCheckpoint(this.file);
      if (cp === 'invalid') this.writer.notice(`${path.join(this.dir, CHECKPOINT_FILE)} is not a valid checkpoint; it was ignored and will be rebuilt from the log`);
      else if (cp !== null) {
        const resumed = await this.resume(fd, st, cp, now);
        if (resumed) return resumed;
      }
      return await this.foldAll(fd, st, now);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Read [start, end) of the log, keeping records on complete lines apart from a last one without its newline. */
  private split(fd: number, start: number, end: number, now: number, firstLine: number, hash?: import('node:crypto').Hash): Split {
    const settled: LogRecord[] = [];
    const times: number[] = [];
    const keys: number[] = [];
    let last: LogRecord | null = null;
    let terminated = true;
    const reader = new LogReader({
      now,
      keep: false,
      firstLine,
      onRecord: (r, _line, t, key) => {
        if (!terminated) last = r;
        else {
          settled.push(r);
          times.push(t);
          keys.push(key);
        }
      },
    });
    const scanned = scanLines(
      fd,
      start,
      end,
      (line, term) => {
        terminated = term;
        reader.line(line, term);
      },
      hash,
    );
    return { read: reader.done(), settled, times, keys, last, cleanEnd: scanned.cleanEnd, lines: scanned.lines };
  }

  /** The checkpoint plus what was appended after it, or null when only a full read is right. */
  private async resume(fd: number, st: fs.Stats, cp: Checkpoint, now: number): Promise<Summary | null> {
    const size = st.size;
    const identity = identityOf(st);
    // Still the very file that was hashed, and no more: the covered part is what it was.
    if (cp.seen === identity && cp.offset === size) return cp.summary;
    const hash = verifyCheckpoint(fd, size, cp);
    if (!hash) return null;
    const tail = this.split(fd, cp.offset, size, now, cp.lines + 1, hash);
    const { read } = tail;
    if (read.newerVersion !== null || read.duplicates > 0 || read.outOfRange > 0) return null;
    const all = tail.last ? [...tail.settled, tail.last] : tail.settled;
    // A record already covered (a repeated write) or an undo of an older answer: fold it all again.
    for (const r of all) if (cp.rids.mayHave(r.rid) || (r.kind === 'undo' && cp.rids.mayHave(r.undoes))) return null;
    const settled = answersInTimeOrder(tail.settled, tail.times);
    if (settled.times.length > 0 && settled.times[0]! < cp.summary.lastTime) return null;
    this.reportDamage(read);
    let summary = foldFlags(foldSuspensions(await foldLazily(cp.summary, settled), tail.settled), tail.settled);
    if (tail.settled.length > 0) {
      const rids = RidSet.ofKeys(tail.keys);
      const keys = new Uint32Array(cp.rids.keys.length + rids.keys.length);
      keys.set(cp.rids.keys);
      keys.set(rids.keys, cp.rids.keys.length);
      this.checkpoint({ offset: tail.cleanEnd, lines: cp.lines + tail.lines, sha256: hash.digest('hex'), rids: new RidSet(keys.sort()), summary, ...seenIf(st, tail.cleanEnd, now) });
    } else if (cp.seen !== identity && cp.offset === size) {
      // Hashed and found unchanged, but not yet remembered as this file (it had changed too recently): remember it now.
      const seen = seenIf(st, size, now);
      if (seen.seen !== undefined) this.checkpoint({ ...cp, ...seen });
    }
    // A last record that changes answers already folded (an undo, an answer out of order) needs the whole log.
    if (tail.last) return await this.foldLast(summary, tail.settled, tail.last, false);
    return summary;
  }

  /** Fold the whole log; checkpoint what is on complete lines. */
  private async foldAll(fd: number, st: fs.Stats, now: number): Promise<Summary> {
    const size = st.size;
    const { createHash } = process.getBuiltinModule('node:crypto');
    const hash = createHash('sha256');
    const tail = this.split(fd, 0, size, now, 1, hash);
    const { read } = tail;
    if (read.newerVersion !== null) {
      this.writer.refuse(`${this.file} was written by a newer version of mlops-drill (log format ${read.newerVersion}); it was left untouched. Update mlops-drill to keep saving progress`);
    }
    if (read.foreign) {
      this.foreign = true;
      return emptySummary();
    }
    this.reportDamage(read);
    let summary = foldFlags(foldSuspensions(await foldLazily(emptySummary(), answersInTimeOrder(tail.settled, tail.times)), tail.settled), tail.settled);
    // Records skipped as dated in the future become readable later: a checkpoint must not freeze that.
    if (read.newerVersion === null && read.outOfRange === 0 && summary.answers >= CHECKPOINT_MIN_ANSWERS) {
      this.checkpoint({ offset: tail.cleanEnd, lines: tail.lines, sha256: hash.digest('hex'), rids: RidSet.ofKeys(tail.keys), summary, ...seenIf(st, tail.cleanEnd, now) });
    }
    if (tail.last) summary = (await this.foldLast(summary, tail.settled, tail.last, true))!;
    return summary;
  }

  /** The checkpoint is written before the last, unterminated record is folded in: it covers only complete lines. */
  private checkpoint(cp: Checkpoint): void {
    if (cp.summary.answers < CHECKPOINT_MIN_ANSWERS || unsafeFolderReason(this.dir) !== null) return;
    writeCheckpoint(this.file, cp);
  }

  /**
   * Fold the last, unterminated record. When it cannot simply be added, everything is folded again
   * from `settled` if that is the whole log (`whole`), else null: the caller must read the whole log.
   */
  private async foldLast(summary: Summary, settled: LogRecord[], last: LogRecord, whole: boolean): Promise<Summary | null> {
    // A record that is not about answers leaves the fold of the answers as it is.
    if (last.kind === 'suspend' || last.kind === 'unsuspend') return foldSuspensions(summary, [last]);
    if (last.kind === 'flag') return settled.some((r) => r.kind === 'undo' && r.undoes === last.rid) ? summary : foldFlags(summary, [last]);
    const { fold, summarise } = await import('./summary.js');
    const t = Date.parse(last.at);
    if (last.kind === 'answer' && t >= summary.lastTime && !settled.some((r) => r.kind === 'undo' && r.undoes === last.rid)) {
      return fold(summary, [{ a: last, t }]);
    }
    if (!whole) return null;
    const all = [...settled, last];
    return foldFlags(foldSuspensions(summarise(effectiveAnswers(all)), all), all);
  }

  /** Bad lines and skipped records are told once (remembered in notices.json); a torn last line every time, until the next answer ends it. */
  private reportDamage(read: LogRead): void {
    if (read.tornTail) this.writer.notice(`the last line of ${this.file} was cut off (an interrupted write) and was skipped`);
    const lines = read.badLines;
    if (lines.length > 0) {
      const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', …' : '');
      this.once(
        `bad:${lines.length}:${lines.slice(0, 50).join(',')}`,
        `${lines.length} unreadable line(s) in ${this.file} were skipped (line ${shown}). This is said once; to clean them out: mlops-drill progress export clean.jsonl && mlops-drill reset --yes && mlops-drill progress import clean.jsonl`,
      );
    }
    if (read.outOfRange > 0) {
      this.once(`dates:${read.outOfRange}`, `${read.outOfRange} record(s) in ${this.file} are dated in the future (or before 2000) and were skipped`);
    }
  }

  private once(key: string, text: string): void {
    const file = path.join(this.dir, NOTICES_FILE);
    let told: string[] = [];
    try {
      const data = JSON.parse(readOwnFile(file, 1024 * 1024) ?? '{}') as { told?: unknown };
      if (Array.isArray(data.told)) told = data.told.filter((k): k is string => typeof k === 'string');
    } catch {
      // none yet, or damaged: tell again
    }
    if (told.includes(key)) return;
    this.writer.notice(text);
    if (unsafeFolderReason(this.dir) !== null) return;
    try {
      writeFileWhole(file, JSON.stringify({ told: [...told.slice(-20), key] }));
    } catch {
      // a read-only folder: the notice comes again next time, which is better than never
    }
  }

  /**
   * A file that is not a progress log is renamed aside (never overwritten or emptied)
   * before anything is written; a command that opens progress calls this after reading.
   */
  setAsideIfForeign(): void {
    if (!this.foreign) return;
    const unsafe = unsafeFolderReason(this.dir);
    if (unsafe) {
      this.writer.refuse(unsafe);
      return;
    }
    const aside = `${this.file}.unreadable-${stamp()}`;
    try {
      fs.renameSync(this.file, aside);
      this.foreign = false;
      this.writer.notice(`${this.file} could not be read as a progress log; it was kept as ${aside} and a new log was started`);
    } catch (error) {
      this.writer.refuse(`${this.file} could not be read as a progress log and could not be set aside (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }

  /**
   * Run `action` holding the log's lock, as the other commands that write more than one
   * answer's line do (import, reset, sync): what it reads cannot change under it. The folder
   * is made (privately) first; a folder that is not safe to write is one line, exit 1.
   */
  async withLock<T>(action: () => Promise<T>): Promise<T> {
    this.checkWritable();
    if (this.notSavedReason !== null) throw new UserError(`nothing was saved: ${this.notSavedReason}`);
    return (await import('./lock.js')).withLock(this.file, action);
  }

  /** Stream the log's records to a new file or standard output (see transfer.ts). */
  async exportTo(target: string | null): Promise<import('./transfer.js').ExportResult> {
    return (await import('./transfer.js')).exportLog(this.file, target);
  }

  /** Is there a log (or a link where it should be)? */
  exists(): boolean {
    try {
      fs.lstatSync(this.file);
      return true;
    } catch {
      return false;
    }
  }

  /** Merge a log from elsewhere (see transfer.ts). */
  async importFrom(source: string): Promise<import('./transfer.js').ImportResult> {
    return (await import('./transfer.js')).importLog(this, source);
  }

  /** Forget progress: the log is renamed to a timestamped backup under the lock. Returns the backup, or null with no log. */
  async reset(): Promise<string | null> {
    return (await import('./transfer.js')).resetLog(this);
  }
}
