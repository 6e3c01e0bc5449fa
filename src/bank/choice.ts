import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { packageRoot } from '../package-root.js';

/**
 * Which bank a command uses: `--bank`, else MLOPS_DRILL_BANK, else the bundled one. Apart from
 * context.ts so that `due`, which must start as fast as `--version`, can use it without
 * loading the progress store and the output module.
 */
/** The bank that ships with the package. */
export function bundledBankDir(): string {
  return path.join(packageRoot(), 'questions');
}

export interface GlobalFlags {
  bank?: string;
}

export interface BankChoice {
  dir: string;
  /** Recorded in the progress log: "bundled" for the bank that ships with mlops-drill. */
  name: string;
}

export function chooseBank(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): BankChoice {
  const given = flags.bank ?? (env.MLOPS_DRILL_BANK && env.MLOPS_DRILL_BANK !== '' ? env.MLOPS_DRILL_BANK : undefined);
  if (given === undefined) return { dir: bundledBankDir(), name: 'bundled' };
  const dir = path.resolve(given);
  let isDir = false;
  try {
    isDir = fs.statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  const from = flags.bank !== undefined ? '--bank' : 'MLOPS_DRILL_BANK';
  if (!isDir) throw new UsageError(`${from}: ${given} is not a folder of question files`);
  return { dir, name: dir };
}
