/** Where sync works: a git clone in the progress folder. Kept apart so a session can check it without loading git. */
import fs from 'node:fs';
import path from 'node:path';

export const SYNC_DIR = 'sync';

export function syncDir(progressDir: string): string {
  return path.join(progressDir, SYNC_DIR);
}

export function isSetUp(progressDir: string): boolean {
  return fs.existsSync(path.join(syncDir(progressDir), '.git'));
}
