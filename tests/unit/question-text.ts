/**
 * Builders for question files used by the unit tests. Lines are joined explicitly so a
 * test can count them: line 1 is the opening ---, the front matter follows from line 2.
 */
export const FENCE = '```';

export interface FrontMatter {
  id?: string;
  title?: string;
  difficulty?: string;
  type?: string;
  topics?: string;
  extra?: string[];
}

/** Front matter lines (without the --- lines), in a fixed order so line numbers are known. */
export function frontLines(f: FrontMatter = {}): string[] {
  const out: string[] = [];
  if (f.id !== '') out.push(`id: ${f.id ?? 'sample-question'}`);
  if (f.title !== '') out.push(`title: ${f.title ?? 'A sample question'}`);
  if (f.difficulty !== '') out.push(`difficulty: ${f.difficulty ?? 'easy'}`);
  if (f.type !== '') out.push(`type: ${f.type ?? 'open'}`);
  if (f.topics !== '') out.push(`topics: ${f.topics ?? '[serving]'}`);
  out.push(...(f.extra ?? []));
  return out;
}

export function file(front: string[], body: string[]): string {
  return ['---', ...front, '---', ...body].join('\n') + '\n';
}

export const OPEN_BODY = ['Why canary a model?', '', '## Hint', 'Think about risk.', '', '## Answer', 'To limit the blast radius.'];

export const OUTPUT_BODY = [
  'What does this print?',
  '',
  `${FENCE}python`,
  'print(1 + 1)',
  FENCE,
  '',
  '## Hint',
  'Arithmetic.',
  '',
  '## Answer',
  `${FENCE}text`,
  '2',
  FENCE,
];

export const CHOICE_BODY = [
  'Which rollout sends a copy of live traffic to the new model without using its answers?',
  '',
  '## Choices',
  '- [ ] Canary',
  '- [x] Shadow',
  '- [ ] Blue-green',
  '',
  '## Hint',
  'Nobody sees its answers.',
];

export const openFile = (f: FrontMatter = {}) => file(frontLines({ type: 'open', ...f }), OPEN_BODY);
export const outputFile = (f: FrontMatter = {}) => file(frontLines({ type: 'output', ...f }), OUTPUT_BODY);
export const choiceFile = (f: FrontMatter = {}) => file(frontLines({ type: 'choice', ...f }), CHOICE_BODY);
