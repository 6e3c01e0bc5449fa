import { loadBankForUse, openProgress, type GlobalFlags } from '../context.js';
import { EXIT } from '../errors.js';
import { progressFile } from '../progress/location.js';
import { computeStats } from '../stats.js';
import { configureColor, configurePlain, out, terminalWidth } from '../ui/output.js';
import { statsScreen } from '../ui/stats-screen.js';

export interface StatsFlags extends GlobalFlags {
  json?: boolean;
  plain?: boolean;
}

export async function stats(flags: StatsFlags): Promise<number> {
  const { bank } = await loadBankForUse(flags);
  const { summary, settings } = await openProgress();
  const s = computeStats(bank.questions, summary, new Date(), settings['day-starts-at']);
  const file = progressFile();
  if (flags.json) {
    out(JSON.stringify({ progressFile: file, ...s }, null, 2));
    return EXIT.ok;
  }
  if (flags.plain) {
    // Characters instead of colour and drawing, as in the drill's plain mode.
    configureColor(false);
    configurePlain(true);
  }
  out(statsScreen(s, file, terminalWidth()).join('\n'));
  return EXIT.ok;
}
