/** Exit codes are part of the CLI contract (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  sighup: 129,
  interrupted: 130,
  sigterm: 143,
} as const;

/** Bad flags or arguments: the user can fix the command line. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A problem the user should read, not a bug: printed without a stack trace. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}
