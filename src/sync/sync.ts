/**
 * `mlops-drill sync`: keep the progress log the same on every machine through a git remote.
 *
 * A private clone lives in the progress folder (`sync/`), holding one file, `progress.jsonl`,
 * on the branch `progress`. A sync fetches that branch, takes the union of the remote file and
 * the local log (merge.ts), appends to the local log only the records it lacks (the log stays
 * append-only, so a drill running at the same time loses nothing), commits the union and pushes.
 * A push that loses a race with another machine fetches and merges again. With settings
 * (`--with-config`), `settings.json` beside it carries them (settings-sync.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { GitError, runGit } from './git.js';
import { joinLog, missingFrom, splitLog, unionLogs } from './merge.js';
import { SETTINGS_FILE } from './settings-sync.js';
import { isSetUp, syncDir } from './folder.js';

export { isSetUp, SYNC_DIR, syncDir } from './folder.js';

export const SYNC_BRANCH = 'progress';
const SYNC_FILE = 'progress.jsonl';
const MAX_ATTEMPTS = 5;
// Commits are made by this name, whatever the learner's own git identity, so none of it is needed or shared.
const IDENTITY = ['-c', 'user.name=mlops-drill', '-c', 'user.email=mlops-drill@localhost', '-c', 'commit.gpgsign=false'];

/** What the sync needs from the progress log. */
export interface LogAccess {
  read(): Promise<string>;
  /**
   * Add the records of `text` that the log lacks (by record id), under the log's lock, with
   * the same checks as `progress import`; returns how many were added.
   */
  merge(text: string): Promise<number>;
}

export interface SyncResult {
  /** Records this machine received from the remote. */
  received: number;
  /** Records the remote received from this machine. */
  sent: number;
  /** Lines of the local log that were not records and so were not shared. */
  skipped: number;
  attempts: number;
  /** With settings: the keys changed here, and those whose value from elsewhere this version refused. */
  settings?: { changed: string[]; refused: string[] };
}


/** First-time set-up, or a change of remote. Nothing is fetched or pushed yet. */
export async function setRemote(progressDir: string, url: string): Promise<void> {
  const dir = syncDir(progressDir);
  if (!isSetUp(progressDir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    await runGit(['init', '-q'], { cwd: dir });
    await runGit(['symbolic-ref', 'HEAD', `refs/heads/${SYNC_BRANCH}`], { cwd: dir });
    await runGit(['remote', 'add', 'origin', url], { cwd: dir });
  } else {
    await runGit(['remote', 'set-url', 'origin', url], { cwd: dir });
  }
}

export async function remoteUrl(progressDir: string): Promise<string | null> {
  if (!isSetUp(progressDir)) return null;
  try {
    return (await runGit(['remote', 'get-url', 'origin'], { cwd: syncDir(progressDir) })).trim();
  } catch {
    return null;
  }
}

/**
 * With `sync --with-config`: merge the branch's settings file (null when it has none) with the
 * settings here, write the result here, and give the branch's new file (settings-sync.ts).
 */
export type SettingsSync = (remoteText: string | null) => Promise<{ text: string; changed: string[]; refused: string[] }>;

export interface SyncOptions {
  background?: boolean;
  settings?: SettingsSync;
}

export async function sync(progressDir: string, log: LogAccess, opts: SyncOptions = {}): Promise<SyncResult> {
  if (!isSetUp(progressDir)) throw new UserError('sync is not set up yet: run mlops-drill sync --remote <url> once (a private repository you can push to)', 2);
  const cwd = syncDir(progressDir);
  const git = (args: string[]) => runGit(args, { cwd, background: opts.background });
  let received = 0;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const remoteText = await fetchRemote(git);
    const remote = remoteText === null ? [] : splitLog(remoteText).lines;
    if (remoteText !== null && remoteText.trim() !== '' && remote.every((l) => l.rid === null)) {
      throw new UserError(`the remote's '${SYNC_BRANCH}' branch holds something that is not a progress log; nothing was changed. Use another remote.`);
    }
    if (missingFrom(splitLog(await log.read()).lines, remote).length > 0) received += await log.merge(joinLog(remote));
    const local = splitLog(await log.read());
    const merged = unionLogs(local.lines, remote);
    const sent = missingFrom(remote, local.lines).length;

    // Start from exactly what the remote has (or nothing), then write the union on top.
    // Any other file there (settings.json) is carried as it is unless settings are synced.
    if (remoteText !== null) await git(['checkout', '-q', '-B', SYNC_BRANCH, 'FETCH_HEAD']);
    writeFileAtomic(path.join(cwd, SYNC_FILE), joinLog(merged));
    await git(['add', SYNC_FILE]);
    let settings: SyncResult['settings'];
    if (opts.settings) {
      const remoteSettings = remoteText === null ? null : await showOrNull(git, `FETCH_HEAD:${SETTINGS_FILE}`);
      const m = await opts.settings(remoteSettings);
      settings = { changed: m.changed, refused: m.refused };
      writeFileAtomic(path.join(cwd, SETTINGS_FILE), m.text);
      await git(['add', SETTINGS_FILE]);
    }
    const changed = await hasStagedChanges(git);
    const done = (sentNow: number): SyncResult => ({ received, sent: sentNow, skipped: local.skipped, attempts: attempt, ...(settings ? { settings } : {}) });
    if (!changed && remoteText !== null) return done(0);
    if (changed) await git([...IDENTITY, 'commit', '-q', '-m', `progress from ${os.hostname()}: ${merged.length} records`]);
    try {
      await git(['push', '-q', 'origin', `HEAD:refs/heads/${SYNC_BRANCH}`]);
      return done(sent);
    } catch (e) {
      if (e instanceof GitError && e.failure === 'race' && attempt < MAX_ATTEMPTS) continue;
      throw e;
    }
  }
  throw new UserError(`sync gave up after ${MAX_ATTEMPTS} attempts: other machines kept pushing at the same time. Try again.`);
}

/** The remote's file, or null when the remote has no progress branch yet. */
async function fetchRemote(git: (args: string[]) => Promise<string>): Promise<string | null> {
  try {
    await git(['fetch', '-q', 'origin', SYNC_BRANCH]);
  } catch (e) {
    if (e instanceof GitError && e.failure === 'no-branch') return null;
    throw e;
  }
  try {
    return await git(['show', `FETCH_HEAD:${SYNC_FILE}`]);
  } catch {
    throw new UserError(`the remote's '${SYNC_BRANCH}' branch has no ${SYNC_FILE}: it holds something else. Use another remote.`);
  }
}

async function showOrNull(git: (args: string[]) => Promise<string>, spec: string): Promise<string | null> {
  try {
    return await git(['show', spec]);
  } catch (e) {
    if (e instanceof GitError) return null;
    throw e;
  }
}

async function hasStagedChanges(git: (args: string[]) => Promise<string>): Promise<boolean> {
  try {
    await git(['diff', '--cached', '--quiet']);
    return false;
  } catch (e) {
    if (e instanceof GitError && e.failure === 'other') return true;
    throw e;
  }
}

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
  fs.renameSync(tmp, file);
}
