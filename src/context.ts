import { printableName } from './sanitize.js';
import path from 'node:path';
import fs from 'node:fs';
import { bundledBankDir, type LoadedBank } from './bank/files.js';
import { UsageError } from './errors.js';
import { progressFile } from './progress/location.js';
import { ProgressStore } from './progress/store.js';
import type { Summary } from './progress/summary-data.js';
import { warn, warnAll } from './ui/output.js';

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

/**
 * Load the bank for a command that uses questions; broken files are skipped with one warning.
 * The bundled bank comes from its prebuilt index when that still matches the files.
 */
export async function loadBankForUse(flags: GlobalFlags): Promise<{ bank: LoadedBank; choice: BankChoice }> {
  const choice = chooseBank(flags);
  const bank =
    (choice.name === 'bundled' ? (await import('./bank/prebuilt.js')).loadPrebuilt(choice.dir) : null) ??
    (await import('./bank/load.js')).loadBank([choice.dir]);
  const broken = new Set(bank.problems.filter((p) => p.severity === 'error').map((p) => p.file));
  if (broken.size > 0) {
    warn(`${broken.size} question file(s) have errors and were left out; run: mlops-drill validate${choice.name === 'bundled' ? '' : ` ${printableName(JSON.stringify(choice.dir))}`}`);
  }
  if (bank.files === 0) throw new UsageError(`no question files in ${choice.dir}`);
  return { bank, choice };
}

/**
 * Open the progress log for reading (and, for the drill, writing). Reading changes nothing;
 * a file that is not a progress log is then set aside, so that nothing is ever appended to
 * it. Notices go to stderr.
 */
export async function openProgress(): Promise<{ store: ProgressStore; summary: Summary }> {
  const store = new ProgressStore(progressFile());
  const summary = await store.loadSummary();
  store.setAsideIfForeign();
  warnAll(store.takeNotices());
  return { store, summary };
}
