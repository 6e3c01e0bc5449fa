import path from 'node:path';
import { loadSettings } from './config/store.js';
import type { Settings } from './config/settings.js';
import { useSchedulerSettings } from './scheduler-settings.js';
import { useLeechThreshold } from './schedule.js';
import { printableName } from './sanitize.js';
import type { LoadedBank } from './bank/files.js';
import { chooseBank, type BankChoice, type GlobalFlags } from './bank/choice.js';
import { UsageError } from './errors.js';
import { progressDir, progressFile } from './progress/location.js';
import { ProgressStore } from './progress/store.js';
import type { Summary } from './progress/summary-data.js';
import { warn, warnAll } from './ui/output.js';

export { chooseBank, type BankChoice, type GlobalFlags };

/**
 * Load the bank for a command that uses questions; broken files are skipped with one warning.
 * The bundled bank comes from its prebuilt index when that still matches the files.
 */
export async function loadBankForUse(flags: GlobalFlags): Promise<{ bank: LoadedBank; choice: BankChoice }> {
  const choice = chooseBank(flags);
  const bank = await loadChosenBank(choice);
  const broken = new Set(bank.problems.filter((p) => p.severity === 'error').map((p) => p.file));
  if (broken.size > 0) {
    warn(`${broken.size} question file(s) have errors and were left out; run: mlops-drill validate${choice.name === 'bundled' ? '' : ` ${printableName(JSON.stringify(choice.dir))}`}`);
  }
  if (bank.files === 0) throw new UsageError(`no question files in ${choice.dir}`);
  return { bank, choice };
}

/** The chosen bank, without a word about broken files: the bundled one from its prebuilt index while that matches the files. */
export async function loadChosenBank(choice: BankChoice): Promise<LoadedBank> {
  return (choice.name === 'bundled' ? await loadBundled(choice.dir) : null) ?? (await (await import('./bank/load.js')).loadBankAsync([choice.dir]));
}

/** The bundled bank from its prebuilt index, its last good check remembered in the progress folder. */
async function loadBundled(dir: string): Promise<LoadedBank | null> {
  const { loadPrebuilt, indexPath, CHECK_FILE } = await import('./bank/prebuilt.js');
  let checkCache: string | null;
  try {
    checkCache = path.join(progressDir(), CHECK_FILE);
  } catch {
    checkCache = null;
  }
  return loadPrebuilt(dir, indexPath(), checkCache);
}

/**
 * Open the progress log for reading (and, for the drill, writing). Reading changes nothing;
 * a file that is not a progress log is then set aside, so that nothing is ever appended to
 * it. Notices go to stderr.
 */
export async function openProgress(): Promise<{ store: ProgressStore; summary: Summary; settings: Settings }> {
  // The schedule depends on the learner's settings (desired retention, fitted parameters): read them first.
  const { settings, notices } = loadSettings();
  warnAll(notices);
  useSchedulerSettings({ requestRetention: settings['desired-retention'], weights: settings['fsrs-parameters'] });
  useLeechThreshold(settings['leech-threshold']);
  const store = new ProgressStore(progressFile());
  const summary = await store.loadSummary();
  store.setAsideIfForeign();
  warnAll(store.takeNotices());
  return { store, summary, settings };
}
