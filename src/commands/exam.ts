import { drawExam, examEligible, examReport, type ExamReport, type GroupScore } from '../exam.js';
import { DEFAULT_LIMIT } from '../filters.js';
import { finish, startQuiz, type QuizFlags } from '../quiz-start.js';
import { runSession } from '../session.js';
import { out, style, terminalWidth } from '../ui/output.js';
import { expectedOutputBlock, formatDuration, indent, section } from '../ui/screens.js';

export interface ExamFlags extends QuizFlags {
  minutes?: number;
  pass?: number;
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
  const minutes = flags.minutes ?? null;
  const passMark = flags.pass ?? 70;
  const { filters, asker, choice, selected, store, random } = await startQuiz(flags, {
    eligible: examEligible,
    noneMessage: 'no question that grades itself (choice or exact output) matches those filters.',
  });
  const n = filters.limit ?? DEFAULT_LIMIT.exam;
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
