import { EXIT, UsageError } from '../errors.js';
import { progressFile } from '../progress/location.js';
import { ProgressStore } from '../progress/store.js';
import { out, warnAll } from '../ui/output.js';

export interface ResetFlags {
  yes?: boolean;
}

/** Forget progress: the log is renamed to a timestamped backup under a lock, never deleted. */
export async function reset(flags: ResetFlags): Promise<number> {
  const store = new ProgressStore(progressFile());
  if (!store.exists()) {
    out(`Nothing to reset: no progress at ${store.file}.`);
    return EXIT.ok;
  }
  if (!flags.yes) {
    if (!process.stdin.isTTY) throw new UsageError('reset asks for confirmation; without a terminal, pass --yes');
    // One key, y or n (Enter: no), like every confirmation in the drill.
    const ok = await (await import('../ui/prompts.js')).inquirerAsker().confirm(`Forget all progress in ${store.file}? A backup copy is kept.`, false);
    if (!ok) {
      out('Nothing was changed.');
      return EXIT.ok;
    }
  }
  const backup = await store.reset();
  warnAll(store.takeNotices());
  out(backup === null ? `Nothing to reset: no progress at ${store.file}.` : `Progress reset. The old log is kept as ${backup}`);
  return EXIT.ok;
}
