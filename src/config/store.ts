/**
 * Where settings live and how they are read and written. The file is small and rarely written,
 * so a write replaces it whole: a new file created exclusively beside it, then renamed over it,
 * so a reader never sees half a file and a crash never leaves an empty one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { homeDir } from '../progress/location.js';
import { withLock } from '../progress/lock.js';
import { fromJson, type ReadResult, type SettingValue } from './settings.js';

const MAX_BYTES = 64 * 1024;

/**
 * $MLOPS_DRILL_CONFIG (a file), else $XDG_CONFIG_HOME/mlops-drill/config.json when that is
 * absolute, else ~/.config/mlops-drill/config.json. As for progress, an unset HOME never means
 * the current folder.
 */
export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  const own = env.MLOPS_DRILL_CONFIG;
  if (own && own.trim() !== '') return path.resolve(own);
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'mlops-drill', 'config.json');
  return path.join(homeDir(env, 'cannot tell where settings live: HOME is not set. Set HOME or MLOPS_DRILL_CONFIG to an absolute path.'), '.config', 'mlops-drill', 'config.json');
}

/** The raw object in the file ({} when there is no file). Refuses what is not a small regular file. */
export function readRaw(file: string): Record<string, unknown> {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UserError(`cannot read settings ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new UserError(`settings ${file} is not a regular file`);
    if (st.size > MAX_BYTES) throw new UserError(`settings ${file} is larger than ${MAX_BYTES / 1024} KiB; it cannot be a settings file`);
    const text = fs.readFileSync(fd, 'utf8').replace(/^\uFEFF/, '');
    if (text.trim() === '') return {};
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UserError(`settings ${file} is not valid JSON (${(e as Error).message}); fix it or remove it`);
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new UserError(`settings ${file} must hold a JSON object such as {"new-per-day": 10}`);
    }
    return data as Record<string, unknown>;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The settings in force. A damaged file is not fatal for a drill: its problem becomes a notice
 * and the defaults apply. (`config` itself reports the same problem as an error.)
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): ReadResult & { file: string } {
  const file = configFile(env);
  try {
    return { ...fromJson(readRaw(file), file), file };
  } catch (e) {
    if (e instanceof UserError) return { ...fromJson({}, file), notices: [`${e.message}; using the default settings`], file };
    throw e;
  }
}

/**
 * Read, change and write the file under its lock (`config.json.lock`, a folder beside it), so
 * two `config set` of different keys at the same moment both land: without the lock each
 * reads the same old file and the second rename drops the first one's key. A taker waits for
 * the lock a few seconds, since its holder is another mlops-drill that is about to finish.
 * `change` edits the object in place and says whether to write it.
 */
export async function updateRaw<T>(file: string, change: (raw: Record<string, unknown>) => { write: boolean; result: T }): Promise<T> {
  makeFolder(path.dirname(file));
  return withLock(
    file,
    async () => {
      const raw = readRaw(file);
      const { write, result } = change(raw);
      if (write) writeRaw(file, raw);
      return result;
    },
    undefined,
    { what: 'the settings file', waitMs: 10_000 },
  );
}

function makeFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new UserError(`cannot create the settings folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Replace the file with `data` (keys in a stable order), creating its folder 0700 and the file 0600.
 * Callers that read the file first go through updateRaw, which holds the lock.
 */
export function writeRaw(file: string, data: Record<string, SettingValue | unknown>): void {
  const dir = path.dirname(file);
  makeFolder(dir);
  const sorted = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
  const text = `${JSON.stringify(sorted, null, 2)}\n`;
  const tmp = path.join(dir, `.config.json.${process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': created here and now, never through a link someone left at that name.
    fs.writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never created
    }
    throw new UserError(`cannot save settings to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
