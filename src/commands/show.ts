import { loadBankForUse, type GlobalFlags } from '../context.js';
import { EXIT, UserError } from '../errors.js';
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
  const q = bank.questions.find((x) => x.id === id);
  if (!q) {
    const near = bank.questions.filter((x) => x.id.includes(id) || id.includes(x.id)).slice(0, 5);
    throw new UserError(`no question with id '${id}'.${near.length ? ` Did you mean: ${near.map((x) => x.id).join(', ')}?` : ' See: mlops-drill list'}`, EXIT.usage);
  }
  const width = terminalWidth();
  const title = titleRepeatsPrompt(q.title, q.prompt) ? [] : [style.title(q.title)];
  out(screen.questionHeader(q, 1, 1, width).split('\n').slice(0, 1).concat(`${style.dim(q.id)}  ${screen.difficultyLabel(q)} · ${q.type} · ${q.topics.join(', ')}`, ...title, '').join('\n'));
  out(screen.questionBody(q, width));
  if (q.choices) {
    out();
    q.choices.forEach((c, i) => out(`  ${letter(i)}) ${renderInlineText(c.text)}${flags.answer && c.correct ? style.good('  ✔') : ''}`));
  }
  out();
  if (!flags.answer) {
    out(style.dim(`${q.hints.length} hint(s). Add --answer to see the answer and the explanation.`));
    return EXIT.ok;
  }
  q.hints.forEach((h, i) => out(screen.hintBlock(h, i + 1, q.hints.length, width)));
  out();
  if (q.type === 'output') {
    out(style.heading('Answer'));
    out(screen.expectedOutputBlock(q.answer));
    if (q.answerNotes) out(screen.indent(screen.section('Notes', q.answerNotes, width)));
  } else if (q.answer) {
    out(screen.section('Answer', q.answer, width));
  }
  out();
  if (q.explanation) out(screen.section('Why', q.explanation, width));
  if (q.references.length > 0) out(screen.referencesBlock(q.references));
  if (screen.creditBlock(q)) out(screen.creditBlock(q));
  return EXIT.ok;
}
