import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { unsafeFolderReason } from '../progress/folder.js';
import { progressDir, progressFile } from '../progress/location.js';
import { ProgressStore } from '../progress/store.js';
import { GitError } from '../sync/git.js';
import { configFile } from '../config/store.js';
import { withLock } from '../progress/lock.js';
import { clearStatus, failureNotice, restartLastLog, writeStatus } from '../sync/background.js';
import { mergeSettings } from '../sync/settings-sync.js';
import { isSetUp, remoteUrl, setRemote, sync, syncDir, type LogAccess, type SettingsSync } from '../sync/sync.js';
import { out, style, warnAll } from '../ui/output.js';

export interface SyncFlags {
  remote?: string;
  withConfig?: boolean;
  /** Started by a session with sync-on-exit: no terminal, output to sync/last.log. */
  background?: boolean;
}

/** Only one sync at a time works in the clone: `sync/run.lock`, waited for (a sync ends soon). */
const runLock = (dir: string) => path.join(syncDir(dir), 'run');

/** `mlops-drill sync [--remote <url>] [--with-config]`: the same progress on every machine, through git. */
export async function syncCommand(flags: SyncFlags): Promise<number> {
  const dir = progressDir();
  if (flags.background) return backgroundSync(dir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unsafe = unsafeFolderReason(dir);
  if (unsafe) throw new UserError(unsafe);
  warnAll(failureNotice(dir));
  const store = new ProgressStore(progressFile());
  try {
    const remote = flags.remote;
    if (remote !== undefined) {
      if (remote.trim() === '') throw new UserError('--remote needs the address of a git repository you can push to', EXIT.usage);
      // The folder first, so that even a change of remote waits for a sync that is running.
      fs.mkdirSync(syncDir(dir), { recursive: true, mode: 0o700 });
    } else if (!isSetUp(dir)) {
      throw new UserError('sync is not set up yet: run mlops-drill sync --remote <url> once (a private repository you can push to)', EXIT.usage);
    }
    const config = configFile();
    const settings: SettingsSync | undefined = flags.withConfig ? (remoteText) => mergeSettings(config, syncDir(dir), remoteText) : undefined;
    let url: string | null = null;
    const result = await withLock(
      runLock(dir),
      async () => {
        if (remote !== undefined) {
          await setRemote(dir, remote);
          out(`progress will sync with ${remote}`);
        }
        url = await remoteUrl(dir);
        const done = await sync(dir, logAccess(store), settings ? { settings } : {});
        // Inside the lock: a background sync that fails after this one is news again.
        clearStatus(dir);
        return done;
      },
      undefined,
      { what: 'sync', waitMs: 120_000, onWait: () => out(style.dim('another sync is running (from the last session); waiting for it to finish')) },
    );
    warnAll(store.takeNotices());
    out(`synced with ${url ?? 'the remote'}: ${result.received} record(s) received, ${result.sent} sent`);
    if (result.skipped > 0) out(style.dim(`${result.skipped} unreadable line(s) of the local log were not shared`));
    if (result.settings) {
      const { changed, refused } = result.settings;
      out(changed.length > 0 ? `settings taken from the remote: ${changed.join(', ')}` : 'settings: nothing changed here');
      if (refused.length > 0) warnAll([`settings from the remote that this version does not accept were left as they are here: ${refused.join(', ')}`]);
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof GitError) throw new UserError(`sync failed: ${e.message}; nothing local was lost`);
    throw e;
  }
}

/**
 * `sync --background`, as started after a session: it waits its turn for the sync lock, writes
 * what it did to sync/last.log (its standard output), and leaves its outcome for the next
 * `sync` and session to report. The log only, never the settings.
 */
async function backgroundSync(dir: string): Promise<number> {
  if (!isSetUp(dir)) return EXIT.ok;
  const failed = (e: unknown): number => {
    const message = e instanceof Error ? e.message : String(e);
    out(`error: ${message}`);
    if (!(e instanceof GitError || e instanceof UserError) && e instanceof Error && e.stack) out(e.stack);
    writeStatus(dir, { ok: false, at: new Date().toISOString(), error: message });
    return EXIT.failed;
  };
  try {
    const unsafe = unsafeFolderReason(dir);
    if (unsafe) throw new UserError(unsafe);
    const store = new ProgressStore(progressFile());
    // Every git command and the outcome inside the lock: nothing of this sync runs between
    // another's commands, and a later sync's outcome is never overwritten by this one's.
    return await withLock(
      runLock(dir),
      async () => {
        restartLastLog(dir);
        out(`background sync started ${new Date().toISOString()}`);
        try {
          const url = await remoteUrl(dir);
          const result = await sync(dir, logAccess(store), { background: true });
          for (const n of store.takeNotices()) out(`warning: ${n}`);
          out(`synced with ${url ?? 'the remote'}: ${result.received} record(s) received, ${result.sent} sent`);
          writeStatus(dir, { ok: true, at: new Date().toISOString() });
          return EXIT.ok;
        } catch (e) {
          return failed(e);
        }
      },
      undefined,
      { what: 'sync', waitMs: 120_000 },
    );
  } catch (e) {
    return failed(e);
  }
}

function logAccess(store: ProgressStore): LogAccess {
  return {
    read: async () => {
      try {
        return fs.readFileSync(store.file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
        throw e;
      }
    },
    merge: async (text) => {
      // Through the log's own import: its lock, its checks of every record, its append.
      const incoming = path.join(syncDir(path.dirname(store.file)), `.incoming-${crypto.randomBytes(6).toString('hex')}.jsonl`);
      fs.writeFileSync(incoming, text, { flag: 'wx', mode: 0o600 });
      try {
        const r = await store.importFrom(incoming);
        return r.answers + r.undos;
      } finally {
        fs.rmSync(incoming, { force: true });
      }
    },
  };
}
