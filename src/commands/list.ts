import { applyFilters, parseFilters, type FilterFlags } from '../filters.js';
import { loadBankForUse, openProgress, type GlobalFlags } from '../context.js';
import { historyView } from '../history.js';
import { LEECH_LAPSES, viewCard } from '../schedule.js';
import { out, style } from '../ui/output.js';
import { EXIT } from '../errors.js';

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
      };
    });
    out(JSON.stringify(rows, null, 2));
    return EXIT.ok;
  }
  const idWidth = Math.max(2, ...questions.map((q) => q.id.length));
  for (const q of questions) {
    const h = history.get(q.id);
    const card = cards.get(q.id);
    const last = h?.lastResult ? (h.lastResult === 'correct' ? style.good('✔') : h.lastResult === 'skipped' ? style.dim('–') : style.bad('✘')) : style.dim('·');
    const due = card ? (card.due.getTime() <= now ? style.warn(' due') : '') : '';
    const leech = card && card.lapses >= LEECH_LAPSES ? style.bad(' leech') : '';
    out(`${last} ${q.id.padEnd(idWidth)}  ${style.difficulty(q.difficulty.padEnd(6))}  ${q.type.padEnd(6)}  ${q.title}${due}${leech}`);
  }
  return EXIT.ok;
}
