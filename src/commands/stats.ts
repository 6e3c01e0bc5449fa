import { loadBankForUse, openProgress, type GlobalFlags } from '../context.js';
import { EXIT } from '../errors.js';
import { progressFile } from '../progress/location.js';
import { computeStats, type GroupStats } from '../stats.js';
import { out, style, terminalWidth } from '../ui/output.js';

export interface StatsFlags extends GlobalFlags {
  json?: boolean;
}

const pct = (x: number | null) => (x === null ? '  –' : `${Math.round(x * 100)}%`.padStart(4));

function bar(fraction: number, width: number): string {
  const full = Math.round(fraction * width);
  return style.good('█'.repeat(full)) + style.dim('░'.repeat(Math.max(0, width - full)));
}

function rows(groups: GroupStats[], width: number): string[] {
  const nameWidth = Math.max(...groups.map((g) => g.name.length), 6);
  const barWidth = Math.max(8, Math.min(30, width - nameWidth - 40));
  return groups.map(
    (g) =>
      `  ${g.name.padEnd(nameWidth)}  ${bar(g.total ? g.seen / g.total : 0, barWidth)}  ${`${g.seen}/${g.total}`.padStart(7)} seen  ${pct(g.accuracy)} right  ${String(g.mastered).padStart(3)} mastered`,
  );
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
  const width = terminalWidth();
  out(style.heading('Overall'));
  out(`  ${s.seen} of ${s.questions} questions seen · ${s.answered} answers · ${pct(s.accuracy).trim()} right · ${s.mastered} mastered · streak ${s.streakDays} day(s)`);
  out();
  out(style.heading('By difficulty'));
  out(rows(s.byDifficulty, width).join('\n'));
  out();
  out(style.heading('By topic'));
  out(rows(s.byTopic, width).join('\n'));
  out();
  out(style.heading('Reviews'));
  out(`  due now: ${s.dueNow}`);
  out('  next 7 days: ' + s.forecast.map((f, i) => `${i === 0 ? 'today' : f.date.slice(5)} ${f.due}`).join(style.dim(' · ')));
  if (s.weakest.length) {
    out();
    out(style.heading('Weakest questions'));
    for (const w of s.weakest) out(`  ${w.id}  ${style.dim(`${w.correct}/${w.attempts} right`)}${w.leech ? style.bad(' leech') : ''}  ${w.title}`);
  }
  out();
  out(style.dim(`Progress file: ${file}`));
  return EXIT.ok;
}
