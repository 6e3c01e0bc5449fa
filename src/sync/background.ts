/**
 * `sync-on-exit`: a sync started in the background after a session, so the learner's shell
 * prompt comes back at once. The session's process starts `mlops-drill sync --background`
 * detached, with no terminal: its output goes to `sync/last.log` in the progress folder, and
 * it leaves a one-line status (`sync/last-background.json`) that the next `sync` and the next
 * session read, so a failure is heard about once the learner is back, and nothing is lost
 * meanwhile (the log is only ever appended to; the next sync sends what this one did not).
 */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { sanitizeLine } from '../sanitize.js';
import { isSetUp, syncDir } from './folder.js';
import { readOwnFile } from '../progress/folder.js';

export const LAST_LOG = 'last.log';
const STATUS = 'last-background.json';

export interface BackgroundStatus {
  ok: boolean;
  /** When the background sync ended (ISO 8601). */
  at: string;
  /** Why it failed, in one line. */
  error?: string;
}

export function lastLogFile(progressDir: string): string {
  return path.join(syncDir(progressDir), LAST_LOG);
}

/**
 * Start a background sync, detached, and return at once; false (and nothing started) when
 * sync is not set up. Node and the binary are named as an array, never through a shell, so
 * this runs the same on Windows, where `detached` gives the child its own hidden console.
 */
export function startBackgroundSync(progressDir: string, entry: string = path.join(packageRoot(), 'bin', 'mlops-drill.js')): boolean {
  if (!isSetUp(progressDir)) return false;
  // Appended to, never truncated here: a sync still running from an earlier session writes
  // into the same file, and the one that takes the sync lock starts the file afresh.
  const fd = fs.openSync(lastLogFile(progressDir), 'a', 0o600);
  try {
    // node:child_process is loaded here, not with the module: every drill's start reads this
    // module (failureNotice), and the built-in costs it about 10 ms.
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(process.execPath, [entry, 'sync', '--background'], {
      detached: true,
      stdio: ['ignore', fd, fd],
      // Not the learner's current folder: on Windows a process keeps its folder from being removed.
      cwd: progressDir,
      windowsHide: true,
    });
    child.on('error', () => undefined);
    child.unref();
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** The background sync, once it holds the sync lock: its log starts afresh. */
export function restartLastLog(progressDir: string): void {
  try {
    fs.truncateSync(lastLogFile(progressDir), 0);
  } catch {
    // no log yet, or (Windows) open elsewhere: appending is fine too
  }
}

export function writeStatus(progressDir: string, status: BackgroundStatus): void {
  if (status.error !== undefined) status = { ...status, error: oneLine(status.error) };
  const file = path.join(syncDir(progressDir), STATUS);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(status)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // the sync folder is gone or cannot be written: the log file already says what happened
    fs.rmSync(tmp, { force: true });
  }
}

/** After a sync that worked, an old failure is no longer news. */
export function clearStatus(progressDir: string): void {
  fs.rmSync(path.join(syncDir(progressDir), STATUS), { force: true });
}

export function readStatus(progressDir: string): BackgroundStatus | null {
  try {
    const data = JSON.parse(readOwnFile(path.join(syncDir(progressDir), STATUS), 1024 * 1024) ?? 'null') as Partial<BackgroundStatus> | null;
    if (data === null) return null;
    if (typeof data.ok !== 'boolean' || typeof data.at !== 'string') return null;
    return { ok: data.ok, at: data.at, ...(typeof data.error === 'string' ? { error: data.error } : {}) };
  } catch {
    return null;
  }
}

/** One line when the last background sync failed, saying where to read why; else nothing. */
export function failureNotice(progressDir: string): string[] {
  const status = readStatus(progressDir);
  if (!status || status.ok) return [];
  const when = status.at.slice(0, 16).replace('T', ' ');
  return [`the last background sync (${when} UTC) failed${status.error ? `: ${oneLine(status.error)}` : ''}; nothing was lost. Details: ${lastLogFile(progressDir)}`];
}

/** git's messages (and a remote's, through it) may hold newlines and escape sequences: one short, inert line. */
export function oneLine(text: string, max = 200): string {
  const flat = sanitizeLine(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
