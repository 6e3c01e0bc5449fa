import { applyFilters, parseFilters, type FilterFlags } from '../filters.js';
import { loadBankForUse, openProgress, type GlobalFlags } from '../context.js';
import { historyView } from '../history.js';
import { leechLapses, viewCard } from '../schedule.js';
import { listScreen } from '../ui/list-screen.js';
import { out, terminalWidth } from '../ui/output.js';
import { EXIT } from '../errors.js';
import { isSuspended } from '../progress/summary-data.js';

export interface ListFlags extends FilterFlags, GlobalFlags {
  json?: boolean;
}

export async function list(flags: ListFlags): Promise<number> {
  const filters = parseFilters(flags);
  const { bank } = await loadBankForUse(flags);
  let questions = applyFilters(bank.questions, filters);
  if (filters.limit !== null) questions = questions.slice(0, filters.limit);
  const { summary } = await openProgress();
  const history = summary.tallies;
  const cards = summary.cards;
  const now = Date.now();

  if (flags.json) {
    const rows = questions.map((q) => {
      const { answerNotes, ...rest } = q;
      return {
        ...rest,
        answerNotes,
        history: historyView(history.get(q.id)),
        schedule: viewCard(cards.get(q.id)),
        suspended: isSuspended(summary, q.id),
      };
    });
    out(JSON.stringify(rows, null, 2));
    return EXIT.ok;
  }
  const rows = questions.map((q) => {
    const card = cards.get(q.id);
    return {
      id: q.id,
      title: q.title,
      difficulty: q.difficulty,
      ...(q.unrated ? { unrated: true } : {}),
      type: q.type,
      last: history.get(q.id)?.lastResult ?? null,
      due: card !== undefined && card.due.getTime() <= now,
      leech: card !== undefined && card.lapses >= leechLapses(),
      suspended: isSuspended(summary, q.id),
    };
  });
  out(listScreen(rows, terminalWidth(), leechLapses()).join('\n'));
  return EXIT.ok;
}
