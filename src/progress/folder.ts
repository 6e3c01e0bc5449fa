import fs from 'node:fs';
import path from 'node:path';

/**
 * The progress folder must be the learner's own: if anyone else can write into it, they
 * can plant a link named progress.jsonl (or like a temporary file) and make a run write
 * wherever the link points. So a folder owned by someone else, or writable by group or
 * others, is refused for writing, with the one command that fixes it. Links the learner
 * made inside their own private folder are theirs, and are followed.
 *
 * Returns why the folder cannot be written to safely, or null. A folder that does not
 * exist yet is fine: it is made 0700.
 */
export function unsafeFolderReason(dir: string): string | null {
  // Windows has no such mode bits; its folders under the profile are private by ACL.
  if (process.platform === 'win32') return null;
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    return null;
  }
  if (!st.isDirectory()) return null;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    return `${dir} belongs to another user (uid ${st.uid}); keep progress in a folder of your own (set MLOPS_DRILL_HOME)`;
  }
  if ((st.mode & 0o022) !== 0) {
    return `${dir} can be written by other users (mode ${(st.mode & 0o777).toString(8)}); make it private with: chmod 700 ${JSON.stringify(dir).slice(1, -1)}`;
  }
  return null;
}

/**
 * Write a small file whole, or not at all: into a temporary file created exclusively
 * (O_EXCL never follows or reuses an existing name or link) under an unpredictable name,
 * then renamed over the target.
 */
export function writeFileWhole(target: string, data: string): void {
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(9).toString('base64url')}.tmp`);
  let fd: number | undefined;
  let made = false;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600);
    made = true;
    fs.writeFileSync(fd, data);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    if (made) fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * The text of a small file of our own beside the log (a cache, a status, a list of notices),
 * or null when there is none or it is not a regular file within `maxBytes`. Opened without
 * blocking and checked before reading, so a FIFO or a device in its place cannot hang a command.
 */
export function readOwnFile(file: string, maxBytes: number): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return null;
    return fs.readFileSync(fd, 'utf8');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
