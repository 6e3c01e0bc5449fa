import { EXIT } from '../errors.js';
import { progressFile } from '../progress/location.js';
import { ProgressStore } from '../progress/store.js';
import { STDIO } from '../progress/transfer.js';
import { err, out, style, warnAll } from '../ui/output.js';

export async function progressPath(_flags: Record<string, unknown>): Promise<number> {
  out(progressFile());
  return EXIT.ok;
}

/** Write the log's records (torn and unreadable lines left out) as JSON Lines to a new file or stdout. */
export async function progressExport(file: string | undefined, _flags: Record<string, unknown>): Promise<number> {
  const toStdout = file === undefined || file === STDIO;
  const { records, skipped } = await new ProgressStore(progressFile()).exportTo(toStdout ? null : file);
  const summary = `exported ${records} records${skipped > 0 ? `, ${skipped} unreadable lines skipped` : ''}`;
  // With the data on stdout, the summary goes to stderr.
  if (toStdout) err(style.dim(summary));
  else out(`${summary} to ${file}`);
  return EXIT.ok;
}

/** Merge a log exported on another machine: each answer once, unreadable lines reported, newer formats refused. */
export async function progressImport(file: string, _flags: Record<string, unknown>): Promise<number> {
  const store = new ProgressStore(progressFile());
  const r = await store.importFrom(file);
  warnAll(store.takeNotices());
  const refused = [
    r.future > 0 ? `${r.future} dated in the future refused` : '',
    r.foreignUndos > 0 ? `${r.foreignUndos} undo records refused (they would take back answers that are not in this file)` : '',
    r.newer > 0 ? `${r.newer} records of a newer mlops-drill left out` : '',
  ].filter((s) => s !== '');
  const besides = [r.undos > 0 ? `${r.undos} undo records` : '', r.suspensions > 0 ? `${r.suspensions} suspend or unsuspend records` : ''].filter((s) => s !== '');
  out(
    `imported ${r.answers} answers${besides.length > 0 ? ` (and ${besides.join(' and ')})` : ''}, ${r.alreadyHere} already here, ${r.skipped} unreadable lines skipped${refused.map((s) => `, ${s}`).join('')}`,
  );
  return EXIT.ok;
}
