import { ID_PATTERN, type Difficulty, type QuestionType } from './bank/question.js';

/**
 * The text of a new question file (`mlops-drill new`): ids from titles, topics from a comma
 * list, the front matter and a body with TODO text per type. Pure: the command reads the
 * folder and writes the file.
 */

export interface Scaffold {
  id: string;
  title: string;
  difficulty: Difficulty;
  type: QuestionType;
  topics: string[];
}

const MAX_ID_LENGTH = 60;

/** A title to an id-shaped slug ('' when nothing of it fits [a-z0-9-]). */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_ID_LENGTH) return slug;
  const cut = slug.slice(0, MAX_ID_LENGTH);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 20 ? cut.slice(0, lastDash) : cut).replace(/-+$/g, '');
}

/** The first of base, base-2, base-3, … (or question-1, question-2, … without a base) not taken. */
export function freshId(base: string, taken: (id: string) => boolean): string {
  if (base !== '' && !taken(base)) return base;
  const stem = base === '' ? 'question' : base;
  for (let n = base === '' ? 1 : 2; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken(id)) return id;
  }
}

export function isId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** A YAML double-quoted string with every character outside printable ASCII written as an escape. */
export function yamlString(text: string): string {
  return `"${[...text]
    .map((c) => {
      if (c === '"' || c === '\\') return `\\${c}`;
      const code = c.codePointAt(0)!;
      if (code >= 0x20 && code < 0x7f) return c;
      // Letters, marks, digits, punctuation and symbols of any script are fine in a UTF-8 file;
      // controls, format characters (U+202E, U+200B) and separators (U+2028) are escaped.
      if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(c)) return c;
      return code > 0xffff ? `\\U${code.toString(16).toUpperCase().padStart(8, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    })
    .join('')}"`;
}

const BODY: Record<QuestionType, string> = {
  // print("hello") really prints hello, so the placeholder passes `validate --run` too.
  output: `What does this print?

TODO: say what the learner should think about. Replace the snippet below with your own:
keep exactly one fenced code block in the prompt, with its language.

\`\`\`python
print("hello")
\`\`\`

## Hint
TODO: a nudge that does not give the answer away. Add another \`## Hint\` section for a
second, stronger hint; hints are shown one at a time, in order.

## Answer
\`\`\`text
hello
\`\`\`

## Explanation
TODO: why the code prints this. Paste the exact output of your snippet into the Answer block
above (run it with python3): it is compared with what the learner types.
`,
  choice: `TODO: the question. Which of these is true?

## Choices
- [ ] TODO: a plausible wrong option
- [x] TODO: the correct option (exactly one is marked [x])
- [ ] TODO: another plausible wrong option
- [ ] TODO: a third plausible wrong option (3 to 6 options in all)

## Hint
TODO: a nudge that does not give the answer away. Add another \`## Hint\` section for a
second, stronger hint; hints are shown one at a time, in order.

## Explanation
TODO: why the marked option is right and why each of the others is wrong.
`,
  open: `TODO: the question, for example: How would you roll out a new model version without downtime?

## Hint
TODO: a nudge that does not give the answer away. Add another \`## Hint\` section for a
second, stronger hint; hints are shown one at a time, in order.

## Answer
TODO: the model answer: the points a good answer makes. The learner compares their own answer
with it and grades themselves.

## Explanation
TODO: the why behind the answer, and the common mistakes.
`,
  cloze: `TODO: a sentence with the part to recall hidden, for example: a canary release sends a {{c1::small share}} of traffic to the new model. Each cloze number is a card of its own, as {{c2::this part::a hint}} is.

## Hint
TODO: a nudge that does not give the answer away (optional: a cloze's own hint comes first).

## Explanation
TODO: why, shown after the answer.
`,
};

/** The text of a new question file. */
export function renderQuestion(s: Scaffold): string {
  const front = [
    '---',
    `id: ${s.id}`,
    `title: ${yamlString(s.title)}`,
    `difficulty: ${s.difficulty}`,
    `type: ${s.type}`,
    `topics: [${s.topics.join(', ')}]`,
    '---',
  ];
  return `${front.join('\n')}\n${BODY[s.type]}`;
}

