import fs from 'node:fs';
import { UsageError, UserError } from '../errors.js';
import { unsafeFolderReason } from './folder.js';
import { withLock } from './lock.js';
import { LogReader, READ_LIMIT, scanLines, type LogRead } from './log-read.js';
import { classify, serialise, type LogRecord } from './record.js';
import { stamp } from './location.js';
import type { ProgressWriter } from './writer.js';

/**
 * Moving progress between machines, as streams: a log of a million records is exported
 * and imported a megabyte at a time, never held whole in memory, never spread into a
 * function call. What an import may add is limited: records dated after now (beyond a
 * day of clock skew) are refused, and an undo record may only take back an answer that
 * comes from the same import, never one already here.
 */

/** What an import or a reset needs of the store (store.ts loads this module, so it is named here, not imported). */
interface LogOwner {
  readonly file: string;
  readonly dir: string;
  readonly writer: ProgressWriter;
  takeNotices(): string[];
}

/** `-` stands for standard input or output, as in most command-line tools. */
export const STDIO = '-';
/** An import file larger than this is refused: about four million answers. */
export const IMPORT_LIMIT = 1024 * 1024 * 1024;

export interface ExportResult {
  records: number;
  skipped: number;
}

export interface ImportResult {
  answers: number;
  undos: number;
  /** Suspend and unsuspend records. */
  suspensions: number;
  alreadyHere: number;
  skipped: number;
  future: number;
  foreignUndos: number;
  newer: number;
}

const why = (code: string | undefined, error: unknown) =>
  code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? String(error));

/** Open a file to read only if it is a regular file; a FIFO or a device is refused without waiting on it. */
function openRegular(file: string, what: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${what} ${file}: ${why(code, error)}`);
  }
  const st = fs.fstatSync(fd);
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw new UserError(`cannot read ${what} ${file}: ${st.isDirectory() ? 'it is a folder' : 'not a regular file'}`);
  }
  if (st.size > IMPORT_LIMIT) {
    fs.closeSync(fd);
    throw new UserError(`cannot read ${what} ${file}: larger than ${IMPORT_LIMIT / 1024 ** 3} GiB`);
  }
  return { fd, size: st.size };
}

const unreadable = (read: LogRead) => read.badLines.length + (read.tornTail ? 1 : 0);

/** For a short synchronous pause (Atomics.wait on a private buffer never wakes early). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Write all of text to a file or a pipe, synchronously: memory stays at one batch. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  let done = 0;
  while (done < buf.length) {
    try {
      done += fs.writeSync(fd, buf, done, buf.length - done);
    } catch (error) {
      // A pipe left non-blocking by whoever made it: wait for the reader.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(PAUSE, 0, 0, 5);
    }
  }
}

class Batches {
  private parts: string[] = [];
  private bytes = 0;
  written = 0;
  constructor(private readonly fd: number) {}
  add(line: string): void {
    this.parts.push(line);
    this.bytes += line.length;
    this.written++;
    if (this.bytes >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.bytes = 0;
    writeAll(this.fd, text);
  }
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Write the log's records (torn and unreadable lines left out) as JSON Lines to a new file or stdout. */
export function exportLog(log: string, target: string | null): ExportResult {
  const source = fs.existsSync(log) || isLink(log) ? openRegular(log, 'the progress log') : null;
  const toFile = target !== null && target !== STDIO;
  let out = 1;
  if (toFile) {
    try {
      // 'wx': a new file only. Nothing is overwritten, and no link, FIFO or device is followed.
      out = fs.openSync(target, 'wx', 0o600);
    } catch (error) {
      if (source) fs.closeSync(source.fd);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new UsageError(`${target} already exists; export to a new file (nothing is ever overwritten)`);
      throw new UserError(`cannot write ${target}: ${code ?? String(error)}`);
    }
  }
  const batches = new Batches(out);
  const reader = new LogReader({ keep: false, onRecord: (r) => batches.add(serialise(r)) });
  try {
    if (source) scanLines(source.fd, 0, source.size, (line, term) => reader.line(line, term));
    const read = reader.done();
    if (read.newerVersion !== null) {
      throw new UserError(`${log} was written by a newer version of mlops-drill (log format ${read.newerVersion}); update mlops-drill to export it`);
    }
    batches.flush();
    return { records: batches.written, skipped: unreadable(read) };
  } catch (error) {
    if (toFile) {
      fs.closeSync(out);
      fs.rmSync(target, { force: true });
    }
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // The reader of standard output went away (`| head`): not an error of ours.
    if (!toFile && code === 'EPIPE') return { records: batches.written, skipped: 0 };
    throw new UserError(`cannot export to ${toFile ? target : 'standard output'}: ${code ?? String(error)}`);
  } finally {
    if (source) fs.closeSync(source.fd);
    if (toFile) {
      try {
        fs.closeSync(out);
      } catch {
        // closed above
      }
    }
  }
}

/** Standard input, read whole but never past the limit. */
function readStdin(): Buffer {
  const parts: Buffer[] = [];
  const buf = Buffer.allocUnsafe(1 << 20);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(PAUSE, 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw new UserError(`cannot read standard input: ${code ?? String(error)}`);
    }
    if (n === 0) break;
    total += n;
    if (total > IMPORT_LIMIT) throw new UserError(`standard input is larger than ${IMPORT_LIMIT / 1024 ** 3} GiB; nothing was imported`);
    parts.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(parts);
}

/** A record of the import file, by where it is: the records themselves are read again when written. */
interface Candidate {
  at: number[];
  length: number[];
  time: number[];
  rid: string[];
  /** rid of the answer an undo takes back; '' for an answer. */
  undoes: string[];
}

function folderReady(store: LogOwner): void {
  const dir = store.dir;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new UserError(`${dir} is not a folder (${code}); check MLOPS_DRILL_HOME`);
    throw new UserError(`${dir} cannot be written (${code ?? String(error)})`);
  }
  const unsafe = unsafeFolderReason(dir);
  if (unsafe) throw new UserError(unsafe);
}

/** Merge a log exported elsewhere: each answer once, in time order, after what is here. */
export async function importLog(store: LogOwner, file: string): Promise<ImportResult> {
  const input = file === STDIO ? { src: readStdin() as number | Buffer, close: () => undefined } : (() => {
    const opened = openRegular(file, 'the file');
    return { src: opened.fd as number | Buffer, size: opened.size, close: () => fs.closeSync(opened.fd) };
  })();
  try {
    const size = typeof input.src === 'number' ? fs.fstatSync(input.src).size : input.src.length;
    const found: Candidate = { at: [], length: [], time: [], rid: [], undoes: [] };
    let lineAt = 0;
    let lineLength = 0;
    const incoming = new LogReader({
      keep: false,
      onRecord: (r) => {
        found.at.push(lineAt);
        found.length.push(lineLength);
        found.time.push(Date.parse(r.at));
        found.rid.push(r.rid);
        found.undoes.push(r.kind === 'undo' ? r.undoes : '');
      },
    });
    scanLines(input.src, 0, size, (line, term, at) => {
      lineAt = at;
      lineLength = Buffer.byteLength(line);
      incoming.line(line, term);
    });
    const read = incoming.done();
    if (read.newerVersion !== null) {
      throw new UserError(`${file} was written by a newer version of mlops-drill (log format ${read.newerVersion}); nothing was imported. Update mlops-drill, then import again`);
    }
    const skipped = unreadable(read);
    if (found.at.length === 0 && read.duplicates + read.outOfRange + read.unknown === 0 && skipped > 0) {
      throw new UserError(`${file} holds no progress records (${skipped} unreadable lines); nothing was imported. Is it a file from mlops-drill progress export?`);
    }
    const recordAt = (i: number): LogRecord => {
      const buf = Buffer.alloc(found.length[i]!);
      if (typeof input.src === 'number') fs.readSync(input.src, buf, 0, buf.length, found.at[i]!);
      else input.src.copy(buf, 0, found.at[i]!, found.at[i]! + buf.length);
      const text = buf.toString('utf8');
      return classify(JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text)) as LogRecord;
    };
    // An undo in this file may only take back an answer of this file, never one already here.
    const undoRids = new Set<string>();
    for (let i = 0; i < found.at.length; i++) if (found.undoes[i] !== '') undoRids.add(found.rid[i]!);
    const answerInFile = (rid: string) => incoming.has(rid) && !undoRids.has(rid);

    folderReady(store);
    return await withLock(store.file, async () => {
      const local = readLocal(store);
      let alreadyHere = 0;
      let foreignUndos = 0;
      const fresh: number[] = [];
      for (let i = 0; i < found.at.length; i++) {
        const undoes = found.undoes[i]!;
        if (undoes !== '' && !answerInFile(undoes)) {
          foreignUndos++;
          continue;
        }
        fresh.push(i);
      }
      const toWrite: number[] = [];
      for (const i of fresh) {
        if (local.has(found.rid[i]!)) alreadyHere++;
        else toWrite.push(i);
      }
      toWrite.sort((a, b) => found.time[a]! - found.time[b]! || a - b);
      let answers = 0;
      let undos = 0;
      let suspensions = 0;
      for (let from = 0; from < toWrite.length; from += 5_000) {
        const batch = toWrite.slice(from, from + 5_000).map(recordAt);
        // Each batch is one O_APPEND write of whole lines: a drill running meanwhile cannot interleave with it.
        if (!store.writer.appendAll(batch)) {
          const why = store.takeNotices().join('; ') || `cannot write ${store.file}`;
          throw new UserError(
            from === 0 ? `nothing was imported: ${why}` : `the import stopped after ${from} of ${toWrite.length} records: ${why}. Import the same file again to add the rest`,
          );
        }
        for (const r of batch) {
          if (r.kind === 'answer') answers++;
          else if (r.kind === 'undo') undos++;
          else if (r.kind === 'suspend' || r.kind === 'unsuspend') suspensions++;
        }
      }
      return { answers, undos, suspensions, alreadyHere: alreadyHere + read.duplicates, skipped, future: read.outOfRange, foreignUndos, newer: read.unknown };
    });
  } finally {
    input.close();
  }
}

/** The rids of the local log, read under the lock; a file that is not a log is set aside first, as before any write. */
function readLocal(store: LogOwner): LogReader {
  const reader = new LogReader({ keep: false });
  const log = store.file;
  if (!fs.existsSync(log) && !isLink(log)) return reader;
  const { fd, size } = openRegular(log, 'the progress log');
  try {
    if (size > READ_LIMIT) throw new UserError(`nothing was imported: ${log} is larger than 512 MiB`);
    scanLines(fd, 0, size, (line, term) => reader.line(line, term));
  } finally {
    fs.closeSync(fd);
  }
  const read = reader.done();
  if (read.newerVersion !== null) {
    throw new UserError(`nothing was imported: ${log} was written by a newer version of mlops-drill (log format ${read.newerVersion}); update mlops-drill first`);
  }
  if (read.foreign) {
    const aside = `${log}.unreadable-${stamp()}`;
    try {
      fs.renameSync(log, aside);
    } catch (error) {
      throw new UserError(`nothing was imported: ${log} is not a progress log and could not be set aside (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    store.writer.notice(`${log} could not be read as a progress log; it was kept as ${aside} and a new log was started`);
    return new LogReader({ keep: false });
  }
  return reader;
}

/** Rename the log to a timestamped backup under the lock; null when there is no log. */
export async function resetLog(store: LogOwner): Promise<string | null> {
  const file = store.file;
  const dir = store.dir;
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(dir);
  } catch {
    // no folder: nothing to reset
  }
  if (st && !st.isDirectory()) throw new UserError(`${dir} is not a folder; check MLOPS_DRILL_HOME`);
  if (!fs.existsSync(file) && !isLink(file)) return null;
  const unsafe = unsafeFolderReason(dir);
  if (unsafe) throw new UserError(unsafe);
  const backup = `${file}.bak-${stamp()}`;
  await withLock(file, async () => {
    try {
      fs.renameSync(file, backup);
    } catch (error) {
      throw new UserError(`cannot reset: ${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  });
  return backup;
}


