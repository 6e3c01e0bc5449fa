/**
 * Running the learner's own git: its credentials (ssh keys, credential helpers) are used as
 * they are, and mlops-drill stores no secret. Arguments are passed as an array, never through
 * a shell, so a remote URL or a path can hold any character.
 */
import { execFile } from 'node:child_process';
import { sanitizeLine } from '../sanitize.js';

export type GitFailure = 'missing' | 'auth' | 'network' | 'race' | 'rejected' | 'no-branch' | 'other';

export class GitError extends Error {
  override name = 'GitError';
  constructor(
    message: string,
    readonly failure: GitFailure,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export interface GitOptions {
  cwd: string;
  /** In the background nothing may wait for a password: prompts are turned off. */
  background?: boolean;
  timeoutMs?: number;
}

export function runGit(args: string[], opts: GitOptions): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
  if (opts.background) {
    env.GIT_TERMINAL_PROMPT = '0';
    env.GIT_SSH_COMMAND = env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes';
  }
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: opts.cwd, env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(new GitError('git is not installed (or not on PATH): sync needs it', 'missing', ''));
        return;
      }
      reject(classify(args, String(stderr), error));
    });
  });
}

/** What a failed git command means for the learner, from its arguments and what it printed. */
export function classify(args: string[], stderr: string, error: Error): GitError {
  // The line shown to the learner comes from git, and through git from the remote: no escape
  // sequence or control character of it may reach the terminal.
  const last = sanitizeLine(stderr.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? error.message);
  const text = stderr.toLowerCase();
  if (/couldn't find remote ref|could not find remote ref/.test(text)) return new GitError(last, 'no-branch', stderr);
  // A push that lost a race says so before anything else is read into it (its object ids can hold '403').
  if (args[0] === 'push' && /non-fast-forward|fetch first|stale info|cannot lock ref/.test(text)) {
    return new GitError('another machine pushed first', 'race', stderr);
  }
  if (/authentication failed|permission denied|could not read username|access denied|\b40[13]\b/.test(text)) {
    return new GitError(`the remote refused the credentials (${last.replace(/^fatal: /, '')})`, 'auth', stderr);
  }
  if (/could not resolve host|connection refused|connection timed out|network is unreachable|unable to access|could not read from remote repository|does not appear to be a git repository|not found/.test(text)) {
    return new GitError(`the remote cannot be reached (${last.replace(/^fatal: /, '')})`, 'network', stderr);
  }
  if (args[0] === 'push' && /\[rejected\]|\[remote rejected\]|declined|failed to push/.test(text)) {
    return new GitError(`the remote rejected the push (${last.replace(/^(fatal|error): /, '')})`, 'rejected', stderr);
  }
  return new GitError(`git ${args[0]} failed: ${last.replace(/^(fatal|error): /, '')}`, 'other', stderr);
}
