import { loadBankForUse, openProgress, type GlobalFlags } from '../context.js';
import { EXIT, UserError } from '../errors.js';
import { commandName } from '../package-root.js';
import { progressFile } from '../progress/location.js';
import { ProgressStore } from '../progress/store.js';
import { questionsById } from '../question-ids.js';
import { planSuspension, suspendRecord, type SuspendKind } from '../suspension.js';
import { out, style, warnAll } from '../ui/output.js';

/**
 * `suspend <id...>` and `unsuspend <id...>`: one record per question whose state changes,
 * written in one append while holding the log's lock. An unknown id changes nothing (exit 2,
 * the closest ids named); a question already in the state asked for is said, and is not an error.
 */
export async function changeSuspension(kind: SuspendKind, ids: string[], flags: GlobalFlags): Promise<number> {
  const { bank, choice } = await loadBankForUse(flags);
  return new ProgressStore(progressFile()).withLock(async () => {
    const { store, summary } = await openProgress();
    const inBank = new Set(bank.questions.map((q) => q.id));
    // A question suspended and then removed from the bank can still be brought back.
    const gone = kind === 'suspend' ? [] : [...summary.suspensions].filter(([id, s]) => s.suspended && !inBank.has(id)).map(([id]) => id);
    const named = ids.flatMap((id) => {
      const left = gone.find((g) => g === id) ?? gone.find((g) => g.toLowerCase() === id.toLowerCase());
      // A cloze question's id names every one of its cards.
      return left !== undefined ? [left] : questionsById(bank.questions, [id]).map((q) => q.id);
    });
    const plan = planSuspension(kind, [...new Set(named)], summary);
    const at = new Date();
    const records = plan.change.map((id) => suspendRecord(kind, { session: store.session, bank: choice.name, id, at }));
    if (records.length > 0 && !store.append(...records)) {
      throw new UserError(`nothing was saved: ${store.takeNotices().join('; ') || `cannot write ${store.file}`}`);
    }
    warnAll(store.takeNotices());
    const cmd = commandName();
    for (const id of plan.change) out(kind === 'suspend' ? `${style.warn('suspended')} ${id}` : `${style.good('unsuspended')} ${id}`);
    for (const id of plan.already) out(style.dim(kind === 'suspend' ? `already suspended: ${id}` : `not suspended: ${id}`));
    const all = [...plan.change, ...plan.already];
    if (kind === 'suspend') out(style.dim(`Not asked in drill, review or exam until: ${cmd} unsuspend ${all.join(' ')}`));
    else if (plan.change.length > 0) out(style.dim('Back in the drill, on its schedule.'));
    return EXIT.ok;
  });
}
