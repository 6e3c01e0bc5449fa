/** The question file written for an imported note, and the text helpers it needs. Pure. */

export interface ImportedQuestion {
  id: string;
  key: string;
  title: string;
  /** The title is the question's own (written by export), not one made from the prompt. */
  ownTitle: boolean;
  type: 'open' | 'choice' | 'output' | 'cloze';
  difficulty: string | null;
  /** Output questions graded by the learner (a `grading::self` tag, as export writes it). */
  selfGraded: boolean;
  topics: string[];
  source: string | null;
  license: string | null;
  prompt: string;
  choices: { text: string; correct: boolean }[] | null;
  hints: string[];
  answer: string;
  explanation: string;
  /** Media file names the note refers to. */
  media: string[];
  /** What was changed or left out on the way, for the report. */
  notes: string[];
}

/** A title from the prompt's first sentence, shortened. */
export function titleFrom(promptText: string): string {
  const text = promptText.replace(/\$\$?([^$]*)\$\$?/g, '$1').replace(/\s+/g, ' ').trim();
  // A front that is only a picture still needs a title.
  if (text === '') return 'Question shown as a picture';
  const sentence = /^(.{12,}?[.?!:])(\s|$)/.exec(text)?.[1] ?? text;
  if (sentence.length <= 80) return sentence;
  const cut = sentence.slice(0, 78);
  return `${cut.slice(0, Math.max(40, cut.lastIndexOf(' ')))}…`;
}

export function shorten(text: string, n = 60): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

const yamlString = (s: string) => JSON.stringify(s);

/** The question file for an imported question, in the documented format. */
export function questionFile(q: ImportedQuestion): string {
  const front = [
    '---',
    `id: ${q.id}`,
    // Without a title the question is titled by its prompt's first sentence (a cloze question's
    // with its clozes hidden: a title written from the text would give the answers away).
    ...(q.ownTitle ? [`title: ${yamlString(q.title)}`] : []),
    ...(q.difficulty ? [`difficulty: ${q.difficulty}`] : []),
    `type: ${q.type}`,
    ...(q.type === 'output' && q.selfGraded ? ['grading: self'] : []),
    `topics: [${q.topics.join(', ')}]`,
    ...(q.source ? [`source: ${yamlString(q.source)}`] : []),
    ...(q.license ? [`license: ${yamlString(q.license)}`] : []),
    '---',
  ];
  const body: string[] = [q.prompt, ''];
  if (q.choices) body.push('## Choices', ...q.choices.map((c) => `- [${c.correct ? 'x' : ' '}] ${c.text}`), '');
  for (const h of q.hints) body.push('## Hint', h, '');
  if (q.answer !== '') body.push('## Answer', q.answer, '');
  if (q.explanation !== '') body.push('## Explanation', q.explanation, '');
  return `${front.join('\n')}\n${body.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
