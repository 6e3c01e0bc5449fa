import fs from 'node:fs';
import path from 'node:path';
import { EXIT } from '../errors.js';
import { unsafeFolderReason } from './folder.js';
import { serialise, type LogRecord } from './record.js';

/** What the quiz loop needs to save answers: nothing about files. */
export interface AnswerSink {
  /** The id written in every record of this run. */
  readonly session: string;
  /** Save a record now; false when it could not be (it is kept and retried with the next). */
  append(record: LogRecord): boolean;
  /** What should be told to the learner, once each. */
  takeNotices(): string[];
}

/** The file calls the writer makes: a test replaces them to simulate a short write or a full disk. */
export interface WriteIo {
  openSync(file: string, flags: string, mode: number): number;
  writeSync(fd: number, buf: Buffer, offset: number, length: number): number;
  readSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  fstatSync(fd: number): { size: number };
  closeSync(fd: number): void;
}

const nodeIo: WriteIo = {
  openSync: (f, flags, mode) => fs.openSync(f, flags, mode),
  writeSync: (fd, buf, offset, length) => fs.writeSync(fd, buf, offset, length),
  readSync: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  fstatSync: (fd) => fs.fstatSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
};

/** For a short synchronous pause (Atomics.wait on a private buffer never wakes early). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

interface Pending {
  line: Buffer;
}

/**
 * Appends to the progress log. Each append is one O_APPEND write of whole lines. When a
 * write fails, the records that did not land stay in memory and go out with the next
 * append; the count of bytes that did land decides which, so a record is never written
 * twice (a record cut by a full disk is written again whole, on a fresh line).
 * When the process ends with records still in memory (a signal, Ctrl-C), one last write
 * is tried and the learner is told how many answers could not be saved.
 */
export class ProgressWriter implements AnswerSink {
  /** Why progress is not being saved, when it is not. */
  notSavedReason: string | null = null;
  private sessionId: string | null = null;
  private pending: Pending[] = [];
  private writeFailed = false;
  private folderChecked = false;
  private exitHook = false;
  private readonly notices: string[] = [];
  /** The file's size just after a write of ours was cut short (a full disk): a tail we know is ours and torn. */
  private cutAt: number | null = null;

  constructor(
    readonly file: string,
    private readonly io: WriteIo = nodeIo,
  ) {}

  /** Made on first use: commands that only read never load the crypto module. */
  get session(): string {
    this.sessionId ??= globalThis.crypto.randomUUID();
    return this.sessionId;
  }

  takeNotices(): string[] {
    return this.notices.splice(0);
  }

  notice(text: string): void {
    this.notices.push(text);
  }

  refuse(reason: string): void {
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
      return;
    }
    this.checkFolder();
  }

  private checkFolder(): boolean {
    if (!this.folderChecked) {
      this.folderChecked = true;
      const unsafe = unsafeFolderReason(path.dirname(this.file));
      if (unsafe) this.refuse(unsafe);
    }
    return this.notSavedReason === null;
  }

  get unsaved(): number {
    return this.pending.length;
  }

  append(...records: LogRecord[]): boolean {
    return this.appendAll(records);
  }

  /** Many records as one write (an import's batch): never spread into arguments. */
  appendAll(records: readonly LogRecord[]): boolean {
    for (const r of records) this.pending.push({ line: Buffer.from(serialise(r)) });
    this.watchExit();
    return this.flush();
  }

  /** Write what is in memory. True when nothing is left unsaved. */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    // Nothing is written while the file must be left untouched (newer version, unreadable, not a folder).
    if (this.notSavedReason !== null) return false;
    let fd: number | undefined;
    let landed = 0;
    let prefix = 0;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      if (!this.checkFolder()) return false;
      fd = this.io.openSync(this.file, 'a+', 0o600);
      // A torn last line (a kill mid-write) must not swallow this record: start on a fresh line.
      prefix = this.endsWithoutNewline(fd) ? 1 : 0;
      const data = Buffer.concat([Buffer.from(prefix ? '\n' : ''), ...this.pending.map((p) => p.line)]);
      while (landed < data.length) {
        const n = this.io.writeSync(fd, data, landed, data.length - landed);
        if (n <= 0) throw Object.assign(new Error('nothing was written'), { code: 'EIO' });
        landed += n;
      }
      this.pending = [];
      this.cutAt = null;
      if (this.writeFailed) {
        this.writeFailed = false;
        this.notices.push('progress is being saved again; the answers kept in memory were written');
      }
      return true;
    } catch (error) {
      this.dropLanded(landed - prefix);
      this.cutAt = landed > 0 && fd !== undefined ? this.sizeOf(fd) : this.cutAt;
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (!this.writeFailed) {
        this.writeFailed = true;
        this.notices.push(`could not save this answer (${code}); it is kept in memory and will be written with the next one`);
      }
      return false;
    } finally {
      if (fd !== undefined) this.io.closeSync(fd);
    }
  }

  /** After a short write: forget the records that landed whole; one cut short is written again whole. */
  private dropLanded(bytes: number): void {
    let whole = 0;
    let used = 0;
    for (const p of this.pending) {
      if (used + p.line.length > bytes) break;
      used += p.line.length;
      whole++;
    }
    if (whole > 0) this.pending = this.pending.slice(whole);
  }

  /**
   * Does the log end in a torn line (a kill mid-write)? A reader can also catch another
   * session's append half-way through copying (the size grows before the last byte lands),
   * and on a busy machine that write can stall for a while; taking its tail for a torn line
   * would leave a blank line in the log. So a missing newline counts as torn only once the
   * file has stayed unchanged for half a second (looks at growing intervals; a truly torn
   * line costs that pause once, since the record written after it ends the line).
   */
  private endsWithoutNewline(fd: number): boolean {
    try {
      const buf = Buffer.alloc(1);
      // Our own write, cut short, and nobody has written since: torn for sure, no need to wait and see.
      if (this.cutAt !== null && this.io.fstatSync(fd).size === this.cutAt) {
        this.io.readSync(fd, buf, 0, 1, this.cutAt - 1);
        if (buf[0] !== 0x0a) return true;
      }
      let size = -1;
      let still = 0;
      let pause = 0;
      for (let waited = 0; waited < 3_000; waited += pause) {
        const now = this.io.fstatSync(fd).size;
        if (now === 0) return false;
        this.io.readSync(fd, buf, 0, 1, now - 1);
        if (buf[0] === 0x0a) return false;
        still = now === size ? still + pause : 0;
        if (still >= 500) return true;
        size = now;
        pause = Math.min(pause * 2 || 10, 160);
        Atomics.wait(PAUSE, 0, 0, pause);
      }
      return true;
    } catch {
      return false;
    }
  }

  private sizeOf(fd: number): number | null {
    try {
      return this.io.fstatSync(fd).size;
    } catch {
      return null;
    }
  }

  /** On the way out with answers in memory: one last write, and say what is lost. */
  private watchExit(): void {
    if (this.exitHook) return;
    this.exitHook = true;
    process.once('exit', (code) => this.lastWord(code, (text) => process.stderr.write(text)));
  }

  /** Called as the process exits with this code: one more write of what is in memory, and what could not be saved. */
  lastWord(code: number, say: (text: string) => void): void {
    if (this.pending.length > 0) this.flush();
    // Exit 1 is the drill's own ending, which has already said how many were not saved.
    if (this.pending.length > 0 && code !== EXIT.failed) say(`${this.pending.length} answer(s) could not be saved.\n`);
  }
}
