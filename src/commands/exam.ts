import { applyFilters, parseFilters, positiveInt, type FilterFlags } from '../filters.js';
import { loadBankForUse, openProgress, type GlobalFlags } from '../context.js';
import { EXIT, UsageError, UserError } from '../errors.js';
import { drawExam, examEligible, examReport, type ExamReport, type GroupScore } from '../exam.js';
import { seededRandom } from '../random.js';
import { runSession } from '../session.js';
import { out, style, terminalWidth, warnAll } from '../ui/output.js';
import { expectedOutputBlock, formatDuration, indent, section } from '../ui/screens.js';
import { finish, makeAsker, wantsPlain } from './drill.js';

export interface ExamFlags extends FilterFlags, GlobalFlags {
  minutes?: string;
  pass?: string;
  plain?: boolean;
}

export const DEFAULT_EXAM_SIZE = 20;

function parsePass(value: string | undefined): number {
  if (value === undefined) return 70;
  const n = Number(value.replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--pass must be a percentage from 0 to 100, got '${value}'`);
  return n;
}

function scoreRows(groups: GroupScore[]): string[] {
  const w = Math.max(...groups.map((g) => g.name.length), 6);
  return groups.map((g) => {
    const pct = g.total ? Math.round((100 * g.correct) / g.total) : 0;
    const colour = pct >= 70 ? style.good : pct >= 50 ? style.warn : style.bad;
    return `  ${g.name.padEnd(w)}  ${`${g.correct}/${g.total}`.padStart(5)}  ${colour(`${pct}%`.padStart(4))}`;
  });
}

export function formatReport(r: ExamReport, width: number): string {
  const lines = [
    style.heading('Exam report'),
    `  Score: ${style.strong(`${r.correct} of ${r.total}`)} (${r.percent}%) · pass mark ${r.passMark}% · ${r.passed ? style.good(style.strong('PASS')) : style.bad(style.strong('FAIL'))}`,
    `  Time taken: ${formatDuration(r.elapsedMs)}${r.timeUp ? style.warn(' (time ran out)') : ''} · answered ${r.answered} of ${r.total}`,
    '',
    style.heading('By difficulty'),
    ...scoreRows(r.byDifficulty),
    '',
    style.heading('By topic'),
    ...scoreRows(r.byTopic),
  ];
  if (r.missed.length) {
    lines.push('', style.heading(`Missed (${r.missed.length})`));
    for (const m of r.missed) {
      lines.push('', `${style.bad('✘')} ${style.strong(m.title)} ${style.dim(`(${m.id})`)}`);
      if (m.given !== null) lines.push(indent(`${style.dim('You answered:')} ${m.given.split('\n').join(' / ')}`));
      else lines.push(indent(style.dim('Not answered.')));
      if (m.type === 'output') lines.push(indent(style.dim('The code prints:')), expectedOutputBlock(m.answer));
      else lines.push(indent(`${style.dim('Right answer:')} ${m.answer}`));
      if (m.explanation) lines.push(indent(section('Why', m.explanation, width - 2)));
    }
  }
  return lines.join('\n');
}

export async function exam(flags: ExamFlags): Promise<number> {
  const filters = parseFilters(flags);
  const n = filters.limit ?? DEFAULT_EXAM_SIZE;
  const minutes = flags.minutes === undefined ? null : positiveInt('--minutes', flags.minutes);
  const passMark = parsePass(flags.pass);
  const asker = await makeAsker(wantsPlain(flags));
  const { bank, choice } = await loadBankForUse(flags);
  const selected = applyFilters(bank.questions, filters).filter(examEligible);
  if (selected.length === 0) throw new UserError('no question that grades itself (choice or exact output) matches those filters.', EXIT.usage);
  const { store } = await openProgress();
  store.checkWritable();
  warnAll(store.takeNotices());

  const random = seededRandom(filters.seed ?? (Date.now() ^ (process.pid << 8)));
  const drawn = drawExam(selected, n, random);
  out(style.title('mlops-drill exam') + style.dim(` · ${drawn.length} question(s)${minutes ? ` · ${minutes} min` : ''} · pass mark ${passMark}% · no hints, results at the end`));
  out();
  const deadline = minutes ? Date.now() + minutes * 60_000 : undefined;
  const result = await runSession({ questions: drawn, asker, store, bank: choice.name, mode: 'exam', exam: true, random, deadline });
  asker.close();
  out();
  out(formatReport(examReport(drawn, result.asked, passMark, result.elapsedMs, result.timeUp), terminalWidth()));
  return finish(store);
}
