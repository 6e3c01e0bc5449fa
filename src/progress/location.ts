import path from 'node:path';
import { UserError } from '../errors.js';

export const LOG_FILE = 'progress.jsonl';

/**
 * Where progress lives (a contract, see README "Your progress is safe"):
 * $MLOPS_DRILL_HOME, else $XDG_STATE_HOME/mlops-drill when that is absolute,
 * else ~/.mlops-drill. An empty or unset HOME never means the current folder:
 * the system user's home is used instead, or the command refuses.
 */
export function progressDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env.MLOPS_DRILL_HOME;
  if (own && own.trim() !== '') {
    return path.resolve(own);
  }
  const xdg = env.XDG_STATE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'mlops-drill');
  return path.join(homeDir(env, 'cannot tell where to keep progress: HOME is not set. Set HOME or MLOPS_DRILL_HOME to an absolute path.'), '.mlops-drill');
}

/** The learner's home folder: HOME, else the system's record of the user; `unset` is the one-line error when neither is there. */
export function homeDir(env: NodeJS.ProcessEnv, unset: string): string {
  const home = env.HOME;
  if (home && path.isAbsolute(home)) return home;
  try {
    // Loaded only when HOME is unset: node:os costs start-up time, and `due` runs at every prompt.
    const fromSystem = process.getBuiltinModule('node:os').userInfo().homedir;
    if (fromSystem && path.isAbsolute(fromSystem)) return fromSystem;
  } catch {
    // no passwd entry for this user
  }
  throw new UserError(unset, 2);
}

export function progressFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(progressDir(env), LOG_FILE);
}

/** The time in a file name (backups, files set aside): ISO 8601 with ':' and '.' made '-', valid on every system. */
export function stamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
