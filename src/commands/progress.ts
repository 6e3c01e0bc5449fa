import fs from 'node:fs';
import path from 'node:path';
import { EXIT, UsageError, UserError } from '../errors.js';
import { withLock } from '../progress/lock.js';
import { progressFile } from '../progress/location.js';
import { readLogText, serialise, type LogRead, type LogRecord } from '../progress/record.js';
import { ProgressStore } from '../progress/store.js';
import { out, style, warnAll } from '../ui/output.js';

/** `-` stands for standard input or output, as in most command-line tools. */
const STDIO = '-';

export async function progressPath(_flags: Record<string, unknown>): Promise<number> {
  out(progressFile());
  return EXIT.ok;
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file === STDIO ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? String(error));
    throw new UserError(`cannot read ${what} ${file}: ${why}`);
  }
}

const unreadable = (read: LogRead) => read.badLines.length + (read.tornTail ? 1 : 0);

/** The records of the local log, read without the side effects of ProgressStore.load (which may set a file aside). */
function readLocalLog(file: string): LogRead {
  if (!fs.existsSync(file)) return { records: [], badLines: [], tornTail: false, newerVersion: null, foreign: false };
  return readLogText(readText(file, 'the progress log'));
}

/** Write the log's records (torn and unreadable lines left out) as JSON Lines to a new file or stdout. */
export async function progressExport(file: string | undefined, _flags: Record<string, unknown>): Promise<number> {
  const log = progressFile();
  const read = readLocalLog(log);
  if (read.newerVersion !== null) {
    throw new UserError(`${log} was written by a newer version of mlops-drill (log format ${read.newerVersion}); update mlops-drill to export it`);
  }
  const skipped = unreadable(read);
  const text = read.records.map(serialise).join('');
  const summary = `exported ${read.records.length} records${skipped > 0 ? `, ${skipped} unreadable lines skipped` : ''}`;
  if (file === undefined || file === STDIO) {
    process.stdout.write(text);
    // stdout holds the data: the summary goes to stderr.
    process.stderr.write(style.dim(summary) + '\n');
    return EXIT.ok;
  }
  try {
    fs.writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists; export to a new file (nothing is ever overwritten)`);
    throw new UserError(`cannot write ${file}: ${code ?? String(error)}`);
  }
  out(`${summary} to ${file}`);
  return EXIT.ok;
}

/** Pure: the imported records not yet in the local log (nor repeated in the import), in time order. */
export function recordsToImport(local: readonly LogRecord[], incoming: readonly LogRecord[]): { fresh: LogRecord[]; alreadyHere: number } {
  const known = new Set(local.map((r) => r.rid));
  const fresh: { r: LogRecord; i: number; t: number }[] = [];
  let alreadyHere = 0;
  incoming.forEach((r, i) => {
    if (known.has(r.rid)) {
      alreadyHere++;
      return;
    }
    known.add(r.rid);
    fresh.push({ r, i, t: Date.parse(r.at) });
  });
  fresh.sort((a, b) => a.t - b.t || a.i - b.i);
  return { fresh: fresh.map((x) => x.r), alreadyHere };
}

/** Merge a log exported on another machine: each answer once, unreadable lines reported, newer formats refused. */
export async function progressImport(file: string, _flags: Record<string, unknown>): Promise<number> {
  const incoming = readLogText(readText(file, 'the file'));
  if (incoming.newerVersion !== null) {
    throw new UserError(
      `${file} was written by a newer version of mlops-drill (log format ${incoming.newerVersion}); nothing was imported. Update mlops-drill, then import again`,
    );
  }
  const skipped = unreadable(incoming);
  if (incoming.records.length === 0 && skipped > 0) {
    throw new UserError(`${file} holds no progress records (${skipped} unreadable lines); nothing was imported. Is it a file from mlops-drill progress export?`);
  }

  const log = progressFile();
  fs.mkdirSync(path.dirname(log), { recursive: true, mode: 0o700 });
  const { fresh, alreadyHere } = withLock(log, () => {
    const store = new ProgressStore(log);
    const local = store.load();
    warnAll(store.takeNotices());
    if (store.notSavedReason !== null) throw new UserError(`nothing was imported: ${store.notSavedReason}`);
    const merge = recordsToImport(local.records, incoming.records);
    // One append: a single O_APPEND write, so a drill running meanwhile cannot interleave with it.
    if (merge.fresh.length > 0 && !store.append(...merge.fresh)) {
      throw new UserError(`nothing was imported: ${store.takeNotices().join('; ') || `cannot write ${log}`}`);
    }
    return merge;
  });

  const answers = fresh.filter((r) => r.kind === 'answer').length;
  const undos = fresh.length - answers;
  out(
    `imported ${answers} answers${undos > 0 ? ` (and ${undos} undo records)` : ''}, ${alreadyHere} already here, ${skipped} unreadable lines skipped`,
  );
  return EXIT.ok;
}
