import { DEFAULT_LIMIT } from '../filters.js';
import { finish, startQuiz, syncOnExit, type QuizFlags } from '../quiz-start.js';
import { drawExam, examEligible, examReport, type ExamReport, type GroupScore } from '../exam.js';
import { gradeLater, runSession } from '../session.js';
import { out, stdoutPort, style, terminalWidth } from '../ui/output.js';
import { diffBlock, expectedOutputBlock, formatDuration, hardWrap, indent, section } from '../ui/screens.js';
import { diffLines, normaliseOutput } from '../grade.js';
import { displayWidth, padEndCells } from '../ui/width.js';

export interface ExamFlags extends QuizFlags {
  /** May be fractional (0.5 is thirty seconds). */
  minutes?: number;
  pass?: number;
}

function scoreRows(groups: GroupScore[]): string[] {
  const w = Math.max(...groups.map((g) => displayWidth(g.name)), 6);
  return groups.map((g) => {
    const pct = g.total ? Math.round((100 * g.correct) / g.total) : 0;
    const colour = pct >= 70 ? style.good : pct >= 50 ? style.warn : style.bad;
    return `  ${padEndCells(g.name, w)}  ${`${g.correct}/${g.total}`.padStart(5)}  ${colour(`${pct}%`.padStart(4))}`;
  });
}

/** A label, then text wrapped under itself (a hanging indent), never back at column 0. */
function hanging(label: string, text: string, width: number, indentBy = '  '): string[] {
  const lead = indentBy + label + ' ';
  const room = Math.max(10, width - displayWidth(lead));
  const lines = text.split('\n').flatMap((l) => hardWrap(l, room));
  return lines.map((l, i) => (i === 0 ? `${indentBy}${style.dim(label)} ${l}` : ' '.repeat(displayWidth(lead)) + l));
}

export function formatReport(r: ExamReport, width: number): string {
  const lines = [
    style.heading('Exam report'),
    ...hardWrap(`Score: ${r.correct} of ${r.total} (${r.percent}%) · pass mark ${r.passMark}% · ${r.passed ? 'PASS' : 'FAIL'}`, width - 2).map((l) =>
      `  ${l.replace(/\b(PASS|FAIL)\b/, (m) => (m === 'PASS' ? style.good(style.strong(m)) : style.bad(style.strong(m))))}`,
    ),
    ...hardWrap(`Time taken: ${formatDuration(r.elapsedMs)}${r.timeUp ? ' (time ran out)' : ''} · answered ${r.answered} of ${r.total}`, width - 2).map((l) => `  ${l}`),
  ];
  if (r.cutOff) lines.push(...hardWrap(`Time ran out during "${r.cutOff.title}": the answer in progress was not counted.`, width - 2).map((l) => `  ${style.warn(l)}`));
  lines.push('', style.heading('By difficulty'), ...scoreRows(r.byDifficulty), '', style.heading('By topic'), ...scoreRows(r.byTopic));
  if (r.missed.length) {
    lines.push('', style.heading(`Missed (${r.missed.length})`));
    for (const m of r.missed) {
      lines.push('', ...hardWrap(`✘ ${m.title} (${m.id})`, width).map((l) => style.strong(l)));
      if (m.type === 'output' && m.given !== null) {
        lines.push(indent(style.dim('Where your answer differs:')), diffBlock(diffLines(normaliseOutput(m.answer), normaliseOutput(m.given)), width - 2).split('\n').map((l) => '  ' + l).join('\n'));
      } else if (m.type === 'output') {
        lines.push(indent(style.dim('Not answered. The code prints:')), expectedOutputBlock(m.answer, width));
      } else if (m.type === 'open') {
        lines.push(...(m.given ? hanging('You answered:', m.given, width) : [indent(style.dim('Not answered.'))]));
        lines.push(indent(section('Model answer', m.answer, width - 2)));
      } else {
        lines.push(...(m.given !== null ? hanging('You answered:', m.given, width) : [indent(style.dim('Not answered.'))]));
        lines.push(...hanging('Right answer:', m.answer, width));
      }
      if (m.explanation) lines.push(indent(section('Why', m.explanation, width - 2)));
    }
  }
  return lines.join('\n');
}

export async function exam(flags: ExamFlags): Promise<number> {
  const minutes = flags.minutes ?? null;
  const passMark = flags.pass ?? 70;
  const { filters, plain, asker, choice, selected, store, random, settings } = await startQuiz(flags, {
    eligible: examEligible,
    noneMessage: 'no question an exam can ask (choice, exact output, cloze or open) matches those filters.',
  });
  const n = filters.limit ?? DEFAULT_LIMIT.exam;
  const drawn = drawExam(selected, n, random);
  const output = stdoutPort();
  const width = terminalWidth();
  const facts = `${drawn.length} question(s)${minutes ? ` · ${formatDuration(minutes * 60_000)}` : ''} · pass mark ${passMark}%`;
  out(displayWidth(`mlops-drill exam · ${facts}`) <= width ? style.title('mlops-drill exam') + style.dim(` · ${facts}`) : `${style.title('mlops-drill exam')}\n${style.dim(facts)}`);
  const rules = `No hints and no feedback: results at the end.${minutes ? ' At the time limit the question on screen closes and its answer does not count.' : ''}`;
  out(hardWrap(rules, width).map((l) => style.dim(l)).join('\n'));
  out();
  const deadline = minutes ? Date.now() + minutes * 60_000 : undefined;
  const result = await runSession({ questions: drawn, asker, output, store, bank: choice.name, mode: 'exam', exam: true, plain, random, ...(deadline !== undefined ? { deadline } : {}) });
  const asked = [...result.asked];
  if (result.ungraded.length > 0) {
    out();
    out(style.heading('Grade your open answers against the model answers'));
    const { graded } = await gradeLater(result.ungraded, { asker, output, store, bank: choice.name });
    asked.push(...graded);
  }
  asker.close();
  out();
  out(formatReport(examReport(drawn, asked, passMark, result.elapsedMs, result.timeUp, result.cutOff), terminalWidth()));
  return syncOnExit(finish(store), asked.length > 0, settings, store.dir);
}
