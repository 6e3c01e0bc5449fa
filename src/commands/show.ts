import { loadBankForUse, type GlobalFlags } from '../context.js';
import { EXIT } from '../errors.js';
import { questionsById } from '../question-ids.js';
import type { Question } from '../bank/question.js';
import { out, style, terminalRows, terminalWidth } from '../ui/output.js';
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
  const lines: string[] = [];
  const print = (text = '') => void lines.push(text);
  picked.forEach((q, i) => {
    if (i > 0) print();
    showOne(q, flags, print);
  });
  await pageOut(lines.join('\n'));
  return EXIT.ok;
}

/**
 * On a terminal, text taller than the screen (a long answer) pauses with the pager's "more"
 * prompt; the prompts module is loaded only then. Piped, it is printed whole.
 */
async function pageOut(text: string): Promise<void> {
  const rows = terminalRows();
  if (rows === null || !process.stdin.isTTY || text.split('\n').length <= rows - 2) {
    out(text);
    return;
  }
  const [{ inquirerAsker }, { pageText }] = await Promise.all([import('../ui/prompts.js'), import('../ui/pager.js')]);
  const asker = inquirerAsker();
  await pageText(text, { print: out, rows, more: asker.more?.bind(asker) });
}

function showOne(q: Question, flags: ShowFlags, print: (text?: string) => void): void {
  const width = terminalWidth();
  const title = titleRepeatsPrompt(q.title, q.prompt) ? [] : [style.title(q.title)];
  print(screen.questionHeader(q, '', width).split('\n').slice(0, 1).concat(`${style.dim(q.id)}  ${screen.difficultyLabel(q)} · ${q.type} · ${q.topics.join(', ')}`, ...title, '').join('\n'));
  print(screen.questionBody(q, width));
  if (q.choices) {
    print();
    q.choices.forEach((c, i) => print(`  ${letter(i)}) ${renderInlineText(c.text)}${flags.answer && c.correct ? style.good('  ✔') : ''}`));
  }
  print();
  if (!flags.answer) {
    print(style.dim(`${q.hints.length} hint(s). Add --answer to see the answer and the explanation.`));
    return;
  }
  q.hints.forEach((h, i) => print(screen.hintBlock(h, i + 1, q.hints.length, width)));
  print();
  if (q.cloze) {
    print(screen.section('Answer', q.answer, width));
    print(screen.clozeRevealBlock(q, width));
    if (q.answerNotes) print(screen.indent(screen.section('Notes', q.answerNotes, width)));
  } else if (q.type === 'output') {
    print(style.heading('Answer'));
    print(screen.expectedOutputBlock(q.answer));
    if (q.answerNotes) print(screen.indent(screen.section('Notes', q.answerNotes, width)));
  } else if (q.answer) {
    print(screen.section('Answer', q.answer, width));
  }
  print();
  if (q.explanation) print(screen.section('Why', q.explanation, width));
  if (q.references.length > 0) print(screen.referencesBlock(q.references, width));
  if (screen.creditBlock(q)) print(screen.creditBlock(q));
}
