import fs from 'node:fs';
import path from 'node:path';
import { effectiveAnswers, readLogText, serialise, type AnswerRecord, type LogRead, type LogRecord } from './record.js';
import { readCache, writeCache } from './cache.js';
import { emptySummary, inTimeOrder, type Summary } from './summary-data.js';

/** The fold needs the FSRS scheduler: load it only when there is something to fold. */
async function summariseLazily(answers: AnswerRecord[]): Promise<Summary> {
  if (answers.length === 0) return emptySummary();
  return (await import('./summary.js')).summarise(answers);
}

/** For a short synchronous pause (Atomics.wait on a private buffer never wakes early). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Larger logs are read anyway; this only guards against reading a runaway file whole into a string twice. */
const READ_LIMIT = 512 * 1024 * 1024;

function stamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * The progress log on disk. Reads never modify it; writes are single appends of
 * whole lines. A file that cannot be read as a log is set aside, never overwritten.
 * When saving is impossible the session goes on and the reason is kept for the end.
 */
export class ProgressStore {
  /** Why progress is not being saved, when it is not. */
  notSavedReason: string | null = null;
  private sessionId: string | null = null;
  /** Serialised records not yet written (a failed write keeps them for the next one). */
  private pending: string[] = [];
  private writeFailed = false;
  private readonly notices: string[] = [];
  /** Bytes of the log up to its last complete line, as of the last load(). */
  private cleanBytes = 0;

  constructor(readonly file: string) {}

  /** Made on first use: commands that only read never load the crypto module. */
  get session(): string {
    this.sessionId ??= globalThis.crypto.randomUUID();
    return this.sessionId;
  }

  /** What the store wants the learner told, once each. */
  takeNotices(): string[] {
    return this.notices.splice(0);
  }

  /**
   * What the log says: cards, tallies and days, resumed from the replay checkpoint
   * when it still matches the log, else folded from the whole log (and checkpointed).
   */
  async loadSummary(): Promise<Summary> {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      return this.foldWholeLog();
    }
    if (!st.isFile() || st.size > READ_LIMIT) return this.foldWholeLog();
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return this.foldWholeLog();
    }
    try {
      const cached = readCache(this.file, fd, st);
      if (cached) {
        const tailBuf = Buffer.alloc(st.size - cached.offset);
        fs.readSync(fd, tailBuf, 0, tailBuf.length, cached.offset);
        const read = readLogText(tailBuf.toString('utf8'));
        const tailRids = new Set(read.records.filter((r) => r.kind === 'answer').map((r) => r.rid));
        const undoesOlder = read.records.some((r) => r.kind === 'undo' && !tailRids.has(r.undoes));
        const ordered = inTimeOrder(effectiveAnswers(read.records));
        const inOrder = ordered.length === 0 || ordered[0]!.t >= cached.summary.lastTime;
        if (read.newerVersion === null && !read.foreign && !undoesOlder && inOrder) {
          this.reportDamage(read);
          const summary = ordered.length > 0 ? (await import('./summary.js')).fold(cached.summary, ordered) : cached.summary;
          if (ordered.length > 0) {
            const end = tailBuf.lastIndexOf(0x0a);
            writeCache(this.file, fd, st, cached.offset + end + 1, summary);
          }
          return summary;
        }
      }
      const read = this.load();
      const summary = await summariseLazily(effectiveAnswers(read.records));
      if (this.notSavedReason === null && !read.foreign && read.newerVersion === null) {
        writeCache(this.file, fd, st, this.cleanBytes, summary);
      }
      return summary;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Without a checkpoint: read the whole log (load() reports what is wrong with it) and fold it. */
  private foldWholeLog(): Promise<Summary> {
    return summariseLazily(effectiveAnswers(this.load().records));
  }

  private reportDamage(read: LogRead): void {
    if (read.tornTail) this.notices.push(`the last line of ${this.file} was cut off (an interrupted write) and was skipped`);
    if (read.badLines.length > 0) {
      const shown = read.badLines.slice(0, 5).join(', ') + (read.badLines.length > 5 ? ', …' : '');
      this.notices.push(`${read.badLines.length} unreadable line(s) in ${this.file} were skipped (line ${shown})`);
    }
  }

  /** Read the log. Never throws for file problems: they become notices. */
  load(): LogRead {
    const empty: LogRead = { records: [], badLines: [], tornTail: false, newerVersion: null, foreign: false };
    let text: string;
    try {
      const st = fs.statSync(this.file);
      if (!st.isFile()) {
        this.refuse(`${this.file} is not a regular file`);
        return empty;
      }
      if (st.size > READ_LIMIT) {
        this.refuse(`${this.file} is larger than 512 MiB; it was left as it is`);
        return empty;
      }
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return empty;
      if (code === 'ENOTDIR') {
        this.refuse(`${path.dirname(this.file)} is not a folder (${code})`);
        return empty;
      }
      this.refuse(`cannot read ${this.file} (${code ?? String(error)})`);
      return empty;
    }
    const read = readLogText(text);
    this.cleanBytes = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1));
    if (read.newerVersion !== null) {
      this.refuse(`${this.file} was written by a newer version of mlops-drill (log format ${read.newerVersion}); it was left untouched. Update mlops-drill to keep saving progress`);
      return read;
    }
    if (read.foreign) {
      const aside = `${this.file}.unreadable-${stamp()}`;
      try {
        fs.renameSync(this.file, aside);
        this.notices.push(`${this.file} could not be read as a progress log; it was kept as ${aside} and a new log was started`);
      } catch (error) {
        this.refuse(`${this.file} could not be read as a progress log and could not be set aside (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      return empty;
    }
    this.reportDamage(read);
    return read;
  }

  private refuse(reason: string): void {
    if (this.notSavedReason === null) {
      this.notSavedReason = reason;
      this.notices.push(`progress is not saved: ${reason}`);
    }
  }

  /** Check once, before the first question, that an answer could be saved. */
  checkWritable(): void {
    if (this.notSavedReason !== null) return;
    const dir = path.dirname(this.file);
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.accessSync(dir, fs.constants.W_OK);
      if (fs.existsSync(this.file)) fs.accessSync(this.file, fs.constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      this.refuse(code === 'ENOTDIR' || code === 'EEXIST' ? `${dir} is not a folder (${code})` : `${dir} cannot be written (${code})`);
    }
  }

  /**
   * Append records as one write. On failure they stay in memory and go out with the
   * next append, so a full disk loses nothing that a later write can still save.
   */
  append(...records: LogRecord[]): boolean {
    this.pending.push(...records.map(serialise));
    // Nothing is written while the file must be left untouched (newer version, unreadable, not a folder).
    if (this.notSavedReason !== null) return false;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const data = this.pending.join('');
      // A torn last line (a kill mid-write) must not swallow this record: start on a fresh line.
      const prefix = this.endsWithoutNewline() ? '\n' : '';
      fs.appendFileSync(this.file, prefix + data, { mode: 0o600 });
      this.pending = [];
      if (this.writeFailed) {
        this.writeFailed = false;
        this.notices.push('progress is being saved again; the answers kept in memory were written');
      }
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (!this.writeFailed) {
        this.writeFailed = true;
        this.notices.push(`could not save this answer (${code}); it is kept in memory and will be written with the next one`);
      }
      return false;
    }
  }

  get unsaved(): number {
    return this.pending.length;
  }

  /**
   * Does the log end in a torn line (a kill mid-write)? A reader can also catch another
   * session's append half-way through copying (the size grows before the last byte lands),
   * so a missing newline counts as torn only if the file stays unchanged for a moment.
   */
  private endsWithoutNewline(): boolean {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.file, 'r');
      const buf = Buffer.alloc(1);
      let size = -1;
      for (let look = 0; look < 3; look++) {
        const now = fs.fstatSync(fd).size;
        if (now === 0) return false;
        fs.readSync(fd, buf, 0, 1, now - 1);
        if (buf[0] === 0x0a) return false;
        if (now === size) return true;
        size = now;
        Atomics.wait(PAUSE, 0, 0, 20);
      }
      return true;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}
