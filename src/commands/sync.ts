import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { unsafeFolderReason } from '../progress/folder.js';
import { progressDir, progressFile } from '../progress/location.js';
import { ProgressStore } from '../progress/store.js';
import { GitError } from '../sync/git.js';
import { remoteUrl, setRemote, sync, syncDir, type LogAccess } from '../sync/sync.js';
import { out, style, warnAll } from '../ui/output.js';

export interface SyncFlags {
  remote?: string;
}

/** `mlops-drill sync [--remote <url>]`: the same progress on every machine, through git. */
export async function syncCommand(flags: SyncFlags): Promise<number> {
  const dir = progressDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unsafe = unsafeFolderReason(dir);
  if (unsafe) throw new UserError(unsafe);
  const store = new ProgressStore(progressFile());
  try {
    if (flags.remote !== undefined) {
      if (flags.remote.trim() === '') throw new UserError('--remote needs the address of a git repository you can push to', EXIT.usage);
      await setRemote(dir, flags.remote);
      out(`progress will sync with ${flags.remote}`);
    }
    const url = await remoteUrl(dir);
    const result = await sync(dir, logAccess(store));
    warnAll(store.takeNotices());
    out(`synced with ${url ?? 'the remote'}: ${result.received} record(s) received, ${result.sent} sent`);
    if (result.skipped > 0) out(style.dim(`${result.skipped} unreadable line(s) of the local log were not shared`));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof GitError) throw new UserError(`sync failed: ${e.message}; nothing local was lost`);
    throw e;
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
