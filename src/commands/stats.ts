import { loadBankForUse, openProgress, type GlobalFlags } from '../context.js';
import { EXIT } from '../errors.js';
import { progressFile } from '../progress/location.js';
import { computeStats } from '../stats.js';
import { out, terminalWidth } from '../ui/output.js';
import { statsScreen } from '../ui/stats-screen.js';

export interface StatsFlags extends GlobalFlags {
  json?: boolean;
}

export async function stats(flags: StatsFlags): Promise<number> {
  const { bank } = await loadBankForUse(flags);
  const { summary } = await openProgress();
  const s = computeStats(bank.questions, summary, new Date());
  const file = progressFile();
  if (flags.json) {
    out(JSON.stringify({ progressFile: file, ...s }, null, 2));
    return EXIT.ok;
  }
  out(statsScreen(s, file, terminalWidth()).join('\n'));
  return EXIT.ok;
}
