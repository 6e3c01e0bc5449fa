import { loadBankForUse, type GlobalFlags } from '../context.js';
import { EXIT } from '../errors.js';
import { questionsById } from '../question-ids.js';
import type { Question } from '../bank/question.js';
import { out, style, terminalWidth } from '../ui/output.js';
import * as screen from '../ui/screens.js';
import { letter } from '../ui/asker.js';
import { renderInlineText } from '../ui/markdown.js';
import { titleRepeatsPrompt } from '../bank/title.js';

export interface ShowFlags extends GlobalFlags {
  answer?: boolean;
}

export async function show(id: string, flags: ShowFlags): Promise<number> {
  const { bank } = await loadBankForUse(flags);
  // An unknown id is an error naming the closest ids; letter case does not matter. A cloze
  // question's id names all its cards: each is shown in turn.
  const picked = questionsById(bank.questions, [id]);
  picked.forEach((q, i) => {
    if (i > 0) out();
    showOne(q, flags);
  });
  return EXIT.ok;
}

function showOne(q: Question, flags: ShowFlags): void {
  const width = terminalWidth();
  const title = titleRepeatsPrompt(q.title, q.prompt) ? [] : [style.title(q.title)];
  out(screen.questionHeader(q, '', width).split('\n').slice(0, 1).concat(`${style.dim(q.id)}  ${screen.difficultyLabel(q)} · ${q.type} · ${q.topics.join(', ')}`, ...title, '').join('\n'));
  out(screen.questionBody(q, width));
  if (q.choices) {
    out();
    q.choices.forEach((c, i) => out(`  ${letter(i)}) ${renderInlineText(c.text)}${flags.answer && c.correct ? style.good('  ✔') : ''}`));
  }
  out();
  if (!flags.answer) {
    out(style.dim(`${q.hints.length} hint(s). Add --answer to see the answer and the explanation.`));
    return;
  }
  q.hints.forEach((h, i) => out(screen.hintBlock(h, i + 1, q.hints.length, width)));
  out();
  if (q.cloze) {
    out(screen.section('Answer', q.answer, width));
    out(screen.clozeRevealBlock(q, width));
    if (q.answerNotes) out(screen.indent(screen.section('Notes', q.answerNotes, width)));
  } else if (q.type === 'output') {
    out(style.heading('Answer'));
    out(screen.expectedOutputBlock(q.answer));
    if (q.answerNotes) out(screen.indent(screen.section('Notes', q.answerNotes, width)));
  } else if (q.answer) {
    out(screen.section('Answer', q.answer, width));
  }
  out();
  if (q.explanation) out(screen.section('Why', q.explanation, width));
  if (q.references.length > 0) out(screen.referencesBlock(q.references, width));
  if (screen.creditBlock(q)) out(screen.creditBlock(q));
}
