import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseSource, parseQuestion } from '../../src/bank/parse.js';
import type { Problem } from '../../src/bank/question.js';
import { CHOICE_BODY, FENCE, OPEN_BODY, OUTPUT_BODY, file, frontLines, openFile } from './question-text.js';

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');
const warnings = (problems: Problem[]) => problems.filter((p) => p.severity === 'warning');
/** The problems as "line: message" so a failing test shows what was reported. */
const brief = (problems: Problem[]) => problems.map((p) => `${p.line}: ${p.message}`);

/** Parse text that must be refused; returns the problems. */
function refused(text: string): Problem[] {
  const r = parseQuestion(text, 'q.md');
  expect(r.question).toBeNull();
  expect(errors(r.problems).length).toBeGreaterThan(0);
  return r.problems;
}

/** Expect exactly one error whose message contains `fragment`, at `line`. */
function expectError(text: string, line: number, fragment: string | RegExp) {
  const problems = refused(text);
  const hits = errors(problems).filter((p) => (typeof fragment === 'string' ? p.message.includes(fragment) : fragment.test(p.message)));
  expect(hits.map((p) => p.line), brief(problems).join('\n')).toEqual([line]);
}

describe('parseQuestion: valid questions of each type', () => {
  it('reads an exact output question into its fields', () => {
    const text = [
      '---',
      'id: serving-json-roundtrip',
      'title: What the client sees',
      'difficulty: easy',
      'type: output',
      'topics: [api, serving]',
      'source: practice-set:topic-06',
      '---',
      'What does this print?',
      '',
      `${FENCE}python`,
      'import json',
      'print(json.dumps({"label": 1}))',
      FENCE,
      '',
      '## Hint',
      '`json.dumps` puts a space after each colon.',
      '',
      '## Hint',
      'The separators are `", "` and `": "`.',
      '',
      '## Answer',
      `${FENCE}text`,
      '{"label": 1}',
      FENCE,
      '',
      '## Explanation',
      'The default separators add spaces.',
      '',
    ].join('\n');
    const r = parseQuestion(text, 'serving/json.md');
    expect(r.problems).toEqual([]);
    expect(r.question).toEqual({
      id: 'serving-json-roundtrip',
      title: 'What the client sees',
      difficulty: 'easy',
      type: 'output',
      topics: ['api', 'serving'],
      grading: 'exact',
      source: 'practice-set:topic-06',
      references: [],
      file: 'serving/json.md',
      prompt: ['What does this print?', '', `${FENCE}python`, 'import json', 'print(json.dumps({"label": 1}))', FENCE].join('\n'),
      code: { language: 'python', text: 'import json\nprint(json.dumps({"label": 1}))' },
      choices: null,
      hints: ['`json.dumps` puts a space after each colon.', 'The separators are `", "` and `": "`.'],
      answer: '{"label": 1}',
      answerNotes: '',
      explanation: 'The default separators add spaces.',
    });
  });

  it('keeps the expected output exactly, including inner blank lines and indentation', () => {
    const body = [...OUTPUT_BODY.slice(0, 10), `${FENCE}text`, 'a', '', '  b', FENCE];
    const q = parseQuestion(file(frontLines({ type: 'output' }), body), 'q.md').question;
    expect(q?.answer).toBe('a\n\n  b');
  });

  it('reads a self-graded output question: the block is the answer, the rest are notes', () => {
    const body = [
      ...OUTPUT_BODY.slice(0, 10),
      'Key points first.',
      `${FENCE}text`,
      '2',
      FENCE,
      'It prints **2** because of integer addition.',
    ];
    const r = parseQuestion(file(frontLines({ type: 'output', extra: ['grading: self'] }), body), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question?.grading).toBe('self');
    expect(r.question?.answer).toBe('2');
    // The block is cut out; the lines around it stay as they were (here: adjacent).
    expect(r.question?.answerNotes).toBe('Key points first.\nIt prints **2** because of integer addition.');
  });

  it('accepts a self-graded output question whose answer is only key points', () => {
    const body = [...OUTPUT_BODY.slice(0, 10), 'Two, printed on one line.'];
    const r = parseQuestion(file(frontLines({ type: 'output', extra: ['grading: self'] }), body), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question?.answer).toBe('');
    expect(r.question?.answerNotes).toBe('Two, printed on one line.');
  });

  it('reads a choice question with its options and the one correct flag', () => {
    const body = [...CHOICE_BODY, '', '## Answer', 'Shadow mode.', '', '## Explanation', 'Shadow traffic is mirrored.'];
    const r = parseQuestion(file(frontLines({ type: 'choice', topics: '[rollout]' }), body), 'q.md');
    expect(r.problems).toEqual([]);
    const q = r.question!;
    expect(q.type).toBe('choice');
    expect(q.grading).toBeNull();
    expect(q.code).toBeNull();
    expect(q.prompt).toBe('Which rollout sends a copy of live traffic to the new model without using its answers?');
    expect(q.choices).toEqual([
      { text: 'Canary', correct: false },
      { text: 'Shadow', correct: true },
      { text: 'Blue-green', correct: false },
    ]);
    expect(q.hints).toEqual(['Nobody sees its answers.']);
    expect(q.answer).toBe('Shadow mode.');
    expect(q.explanation).toBe('Shadow traffic is mirrored.');
    expect(q.topics).toEqual(['rollout']);
  });

  it.each([
    ['- [X] Upper-case X', true],
    ['* [x] Star bullet', true],
    ['+ [ ] Plus bullet', false],
  ])('accepts the task item %j', (item, correct) => {
    const body = ['Pick one.', '', '## Choices', '- [ ] One', '- [ ] Two', correct ? '- [ ] Three' : '- [x] Three', item, '', '## Hint', 'h'];
    const q = parseQuestion(file(frontLines({ type: 'choice' }), body), 'q.md').question;
    expect(q?.choices?.[3]).toEqual({ text: item.slice(6), correct });
  });

  it('joins an indented continuation line onto its option', () => {
    const body = ['Pick one.', '', '## Choices', '- [ ] One', '- [x] Two and', '  a half', '- [ ] Three', '', '## Hint', 'h'];
    const q = parseQuestion(file(frontLines({ type: 'choice' }), body), 'q.md').question;
    expect(q?.choices?.map((c) => c.text)).toEqual(['One', 'Two and a half', 'Three']);
  });

  it('reads an open question: the model answer is Markdown, no grading, no code', () => {
    const body = [...OPEN_BODY, '', 'A second paragraph.', '', '## Explanation', 'Because.'];
    const r = parseQuestion(file(frontLines({ type: 'open' }), body), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question).toMatchObject({
      type: 'open',
      grading: null,
      code: null,
      choices: null,
      source: null,
      prompt: 'Why canary a model?',
      hints: ['Think about risk.'],
      answer: 'To limit the blast radius.\n\nA second paragraph.',
      answerNotes: '',
      explanation: 'Because.',
    });
  });

  it('keeps several hints in file order, even when other sections come between them', () => {
    const body = ['Prompt.', '', '## Hint', 'first', '', '## Answer', 'model', '', '## Hint', 'second', '', '## Hint', 'third'];
    const q = parseQuestion(file(frontLines(), body), 'q.md').question;
    expect(q?.hints).toEqual(['first', 'second', 'third']);
  });

  it('takes section names in any case and with closing hashes', () => {
    const body = ['Prompt.', '', '## hint', 'h1', '', '## HINT ##', 'h2', '', '## answer', 'model'];
    const r = parseQuestion(file(frontLines(), body), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question?.hints).toEqual(['h1', 'h2']);
  });

  it('deduplicates topics', () => {
    const q = parseQuestion(openFile({ topics: '[serving, drift, serving]' }), 'q.md').question;
    expect(q?.topics).toEqual(['serving', 'drift']);
  });

  it('treats a `## Hint` line inside a fenced block as code, not as a section', () => {
    const body = [
      'What does this print?',
      '',
      `${FENCE}python`,
      '## Hint',
      'print("## Answer")',
      FENCE,
      '',
      '## Hint',
      'the real hint',
      '',
      '## Answer',
      `${FENCE}text`,
      '## Answer',
      FENCE,
    ];
    const r = parseQuestion(file(frontLines({ type: 'output' }), body), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question?.code?.text).toBe('## Hint\nprint("## Answer")');
    expect(r.question?.hints).toEqual(['the real hint']);
    expect(r.question?.answer).toBe('## Answer');
  });

  it('accepts ~~~ fences and longer backtick fences', () => {
    const body = ['Prompt', '', '~~~python', 'x = "```"', '~~~', '', '## Hint', 'h', '', '## Answer', '````text', '```', '````'];
    const r = parseQuestion(file(frontLines({ type: 'output' }), body), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question?.code).toEqual({ language: 'python', text: 'x = "```"' });
    expect(r.question?.answer).toBe('```');
  });
});

describe('parseQuestion: line endings and byte-order mark', () => {
  const variants = [openFile(), file(frontLines({ type: 'output' }), OUTPUT_BODY), file(frontLines({ type: 'choice' }), CHOICE_BODY)];

  it.each(variants.map((t, i) => [i, t]))('variant %i: BOM + CRLF parses like LF', (_i, lf) => {
    const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');
    expect(crlf).not.toBe(lf);
    const a = parseQuestion(lf, 'q.md');
    const b = parseQuestion(crlf, 'q.md');
    expect(a.question).not.toBeNull();
    expect(b).toEqual(a);
  });

  it('CRLF problems keep the same line numbers', () => {
    const lf = file(frontLines({ difficulty: 'extreme' }), OPEN_BODY);
    const a = parseQuestion(lf, 'q.md');
    const b = parseQuestion('\uFEFF' + lf.replace(/\n/g, '\r\n'), 'q.md');
    expect(brief(a.problems)).toEqual(["4: difficulty must be one of easy, medium, hard, got 'extreme'"]);
    expect(b.problems).toEqual(a.problems);
  });

  it.each([
    ['\uFEFFa\r\nb', 'a\nb'],
    ['a\rb\rc', 'a\nb\nc'],
    ['a\r\n\r\nb\n', 'a\n\nb\n'],
    ['no change', 'no change'],
    ['x\uFEFFy', 'x\uFEFFy'],
  ])('normaliseSource(%j) = %j', (raw, expected) => {
    expect(normaliseSource(raw)).toBe(expected);
  });
});

describe('parseQuestion: front matter', () => {
  it.each(['js', 'javascript', 'JS', 'coffee'])('refuses ---%s front matter on line 1 without running it', (lang) => {
    const canary = path.join(os.tmpdir(), `mlops-drill-canary-${process.pid}-${lang}-${Date.now()}`);
    expect(fs.existsSync(canary)).toBe(false);
    const text = [
      `---${lang}`,
      `(()=>{require('fs').writeFileSync(${JSON.stringify(canary)},'x')})()`,
      `module.exports = (()=>{require('fs').writeFileSync(${JSON.stringify(canary)},'x'); return {id: 'a'}})()`,
      '---',
      ...OPEN_BODY,
    ].join('\n');
    const r = parseQuestion(text, 'q.md');
    expect(r.question).toBeNull();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 1, severity: 'error' });
    expect(r.problems[0]!.message).toContain('refused');
    expect(fs.existsSync(canary)).toBe(false);
  });

  it.each(['yaml', 'yml', 'YAML'])('accepts ---%s front matter', (lang) => {
    const text = openFile().replace(/^---/, `---${lang}`);
    const r = parseQuestion(text, 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question?.id).toBe('sample-question');
  });

  it('reports id: 0123 as a number on the id line (YAML 1.2 reads it as 123)', () => {
    const problems = refused(openFile({ id: '0123' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(2);
    expect(problems[0]!.message).toMatch(/got the number 123\b/);
    // The advice quotes the id as written, not the number YAML made of it.
    expect(problems[0]!.message).toContain('id: "0123"');
  });

  it('accepts a quoted numeric id', () => {
    expect(parseQuestion(openFile({ id: '"0123"' }), 'q.md').question?.id).toBe('0123');
  });

  it.each([
    ['a space', 'id: "two words"'],
    ['a dot', 'id: a.b'],
    ['a slash', 'id: a/b'],
  ])('refuses an id with %s on its line', (_what, idLine) => {
    const text = file([idLine, ...frontLines({ id: '' })], OPEN_BODY);
    expectError(text, 2, 'may use only letters, digits, _ and -');
  });

  it.each(['ml_9abb4654', 'Upper-Case', 'Q12_b-3'])('accepts the id %s, as decks from elsewhere write them', (id) => {
    expect(parseQuestion(openFile({ id }), 'q.md').question?.id).toBe(id);
  });

  it('warns about an unknown key at its line and still parses the question', () => {
    const text = file(frontLines({ extra: ['author: someone', 'tags: [a]'] }), OPEN_BODY);
    const r = parseQuestion(text, 'q.md');
    expect(r.question).not.toBeNull();
    expect(errors(r.problems)).toEqual([]);
    expect(warnings(r.problems).map((p) => [p.line, p.message.slice(0, 20)])).toEqual([
      [7, "unknown key 'author'"],
      [8, "unknown key 'tags' ("],
    ]);
  });

  it('reads references as { title, url } entries and bare URLs, in order', () => {
    const text = file(
      frontLines({
        extra: ['references:', '  - title: Horizontal Pod Autoscaling', '    url: https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/', '  - https://prometheus.io/docs/'],
      }),
      OPEN_BODY,
    );
    const r = parseQuestion(text, 'q.md');
    expect(brief(r.problems)).toEqual([]);
    expect(r.question!.references).toEqual([
      { title: 'Horizontal Pod Autoscaling', url: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/' },
      { title: 'https://prometheus.io/docs/', url: 'https://prometheus.io/docs/' },
    ]);
  });

  it('reports a reference that is not a web address or has no title, at the references line, and keeps the good ones', () => {
    const text = file(
      frontLines({ extra: ['references:', '  - title: Local file', '    url: file:///etc/passwd', '  - url: https://mlflow.org/docs/latest/', '  - title: Good', '    url: https://docs.vllm.ai/'] }),
      OPEN_BODY,
    );
    const r = parseQuestion(text, 'q.md');
    expect(errors(r.problems).map((p) => [p.line, p.message])).toEqual([
      [7, "reference 1: url must be an http(s) address, got 'file:///etc/passwd'"],
      [7, 'reference 2: title must be text, got nothing'],
    ]);
    expect(r.question).toBeNull();
  });

  it('refuses a reference address holding an escape or a non-ASCII character, so none reaches the terminal', () => {
    const text = file(frontLines({ extra: ['references:', '  - title: Bad', '    url: "https://x.example/\\e]8;;evil"', '  - title: Bidi', '    url: "https://x.example/\\u202e"'] }), OPEN_BODY);
    const r = parseQuestion(text, 'q.md');
    expect(errors(r.problems).map((p) => p.message.slice(0, 40))).toEqual(['reference 1: url must be an http(s) addr', 'reference 2: url must be an http(s) addr']);
  });

  it('reports references that are not a list', () => {
    expectError(file(frontLines({ extra: ['references: https://kubernetes.io/'] }), OPEN_BODY), 7, 'references must be a list');
  });

  it.each(['id', 'type'] as const)('reports the missing required key %s on line 1', (key) => {
    const text = file(frontLines({ [key]: '' }), OPEN_BODY);
    const problems = refused(text);
    const hit = errors(problems).find((p) => p.message === `missing required key '${key}'`);
    expect(hit, brief(problems).join('\n')).toBeDefined();
    expect(hit!.line).toBe(1);
  });

  it('reports a key with an empty value at its own line', () => {
    const text = file(['id:', 'title: T', 'difficulty: easy', 'type: open', 'topics: [a]'], OPEN_BODY);
    expectError(text, 2, "missing required key 'id'");
  });

  it('without a title, takes the first sentence of the prompt, as plain text, shortened', () => {
    const body = (prompt: string) => [prompt, '', '## Answer', 'a'];
    const title = (prompt: string) => parseQuestion(file(frontLines({ title: '' }), body(prompt)), 'q.md').question?.title;
    expect(title('What does **this** print? Look at `x` first.')).toBe('What does this print?');
    expect(title('A prompt with no full stop')).toBe('A prompt with no full stop');
    expect(title('Read [the docs](https://x.y) first. Then answer.')).toBe('Read the docs first.');
    expect(title('word '.repeat(40).trim() + '.')).toMatch(/^(word ){10,}.*…$/);
  });

  it('without a difficulty, the question is unrated and counts as medium', () => {
    const q = parseQuestion(openFile({ difficulty: '' }), 'q.md').question!;
    expect(q.difficulty).toBe('medium');
    expect(q.unrated).toBe(true);
    expect(parseQuestion(openFile(), 'q.md').question!).not.toHaveProperty('unrated');
  });

  it('without topics, the topic is the name of the folder', () => {
    const topics = (f: string) => parseQuestion(openFile({ topics: '' }), f).question?.topics;
    expect(topics('deck/Model Serving/q.md')).toEqual(['model-serving']);
    expect(topics('q.md')).toEqual(['general']);
    expect(topics('/abs/rollout/sub/q.md')).toEqual(['sub']);
  });

  it('reads license as a known key', () => {
    const r = parseQuestion(file(frontLines({ extra: ['license: CC-BY-4.0', 'source: https://github.com/someone/interview-questions'] }), OPEN_BODY), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question).toMatchObject({ license: 'CC-BY-4.0', source: 'https://github.com/someone/interview-questions' });
  });

  it.each([
    ['difficulty', 'difficulty: extreme', 4, "difficulty must be one of easy, medium, hard, got 'extreme'"],
    ['difficulty', 'difficulty: Easy', 4, "difficulty must be one of easy, medium, hard, got 'Easy'"],
    ['difficulty', 'difficulty: 3', 4, 'difficulty must be one of easy, medium, hard, got the number 3'],
    ['type', 'type: essay', 5, "type must be one of output, choice, open, cloze, got 'essay'"],
    ['type', 'type: [open]', 5, 'type must be one of output, choice, open, cloze, got a list'],
  ])('reports a bad %s (%s) at line %i', (key, lineText, line, message) => {
    const front = frontLines().map((l) => (l.startsWith(`${key}:`) ? lineText : l));
    const problems = refused(file(front, OPEN_BODY));
    expect(brief(errors(problems))).toContain(`${line}: ${message}`);
  });

  it.each([
    ['a word', 'topics: serving', 'topics must be a list'],
    ['an empty list', 'topics: []', 'topics must be a list'],
    ['an upper-case topic', 'topics: [Serving]', "topic 'Serving' must be lowercase"],
    ['a number', 'topics: [1.5]', 'topic the number 1.5 must be lowercase'],
  ])('reports topics given as %s at line 6', (_what, lineText, fragment) => {
    const front = frontLines().map((l) => (l.startsWith('topics:') ? lineText : l));
    expectError(file(front, OPEN_BODY), 6, fragment);
  });

  it('reports a bad grading value as an error and grading on a non-output question as a warning', () => {
    expectError(file(frontLines({ type: 'output', extra: ['grading: fuzzy'] }), OUTPUT_BODY), 7, "grading must be one of exact, self, got 'fuzzy'");
    const r = parseQuestion(file(frontLines({ type: 'open', extra: ['grading: self'] }), OPEN_BODY), 'q.md');
    expect(r.question?.grading).toBeNull();
    expect(warnings(r.problems).map((p) => p.line)).toEqual([7]);
  });

  it('reports a title that YAML reads as a date', () => {
    expectError(openFile({ title: '2024-01-02' }), 3, 'title must be text, got the date 2024-01-02');
  });

  it.each([
    // line 4 of the file is the third front-matter line
    ['bad indentation', ['id: a', 'title: T', '  bad: indent', 'type: open', 'topics: [x]'], 4],
    ['a second colon', ['id: a', 'title: T', 'difficulty: easy: x', 'type: open', 'topics: [x]'], 4],
    ['an unclosed flow list', ['id: a', 'title: T', 'difficulty: easy', 'type: open', 'topics: [x', 'source: s'], null],
    ['a broken first line', ['id: "a', 'title: T', 'difficulty: easy'], null],
  ])('reports invalid YAML (%s) at the file line', (_what, front, line) => {
    const problems = refused(file(front as string[], OPEN_BODY));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^invalid YAML: /);
    if (line !== null) expect(problems[0]!.line).toBe(line);
    // Where YAML only notices later, the line is still inside the front matter (2 .. closing ---).
    const closing = (front as string[]).length + 2;
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
    expect(problems[0]!.line).toBeLessThanOrEqual(closing);
  });

  it('reports a front matter that is a list, not a mapping', () => {
    expectError(file(['- a', '- b'], OPEN_BODY), 2, 'front matter must be a set of key: value lines');
  });

  it.each([
    ['an empty file', '', 'empty file'],
    ['a file of blank lines', '\n \n\t\n', 'empty file'],
    ['a binary file', '---\nid: a\u0000\n---\n', 'binary file'],
    ['no front matter', 'What is drift?\n\n## Hint\nh\n', 'missing front matter'],
    ['front matter not on line 1', '\n---\nid: a\n---\nbody\n', 'missing front matter'],
    ['unclosed front matter', '---\nid: a\ntitle: T\n\nPrompt\n## Hint\nh\n', 'front matter is not closed'],
  ])('refuses %s with one error on line 1', (_what, text, fragment) => {
    const problems = refused(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, col: 1, severity: 'error', file: 'q.md' });
    expect(problems[0]!.message).toContain(fragment);
  });
});

describe('parseQuestion: one parse of the front matter, with positions', () => {
  it('points at a quoted key where it stands', () => {
    const front = frontLines().map((l) => (l.startsWith('difficulty:') ? '"difficulty": extreme' : l));
    expectError(file(front, OPEN_BODY), 4, 'difficulty must be one of');
  });

  it('points at a key that follows a block scalar', () => {
    const front = ['id: sample', 'title: >', '  difficulty: not a key,', '  only text', 'difficulty: extreme', 'type: open', 'topics: [a]'];
    const problems = refused(file(front, OPEN_BODY));
    expect(brief(problems)).toEqual(["6: difficulty must be one of easy, medium, hard, got 'extreme'"]);
  });

  it('a line starting with ---js ends the front matter as in gray-matter, and is reported', () => {
    const text = ['---', 'id: sample', '---js', 'title: T', 'difficulty: easy', 'type: open', 'topics: [a]', '---', ...OPEN_BODY].join('\n');
    expect(brief(refused(text))).toEqual([expect.stringMatching(/^3: this line ends the front matter \(it starts with ---\)/)]);
  });

  it('with type missing, reports only that: no errors that assume some type', () => {
    for (const body of [OPEN_BODY, ['Prompt only.', '', '## Hint', 'h']]) {
      const problems = refused(file(frontLines({ type: '' }), body));
      expect(brief(errors(problems))).toEqual(["1: missing required key 'type'"]);
    }
    const problems = refused(file(frontLines({ type: 'essay' }), OPEN_BODY));
    expect(brief(errors(problems))).toEqual(["5: type must be one of output, choice, open, cloze, got 'essay'"]);
  });

  it('says how to fix a colon in a value: quote it', () => {
    const problems = refused(openFile({ title: 'What is 5: the answer' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, col: 8 });
    expect(problems[0]!.message).toContain('must be quoted, for example title: "What is 5: the answer"');
  });

  it('refuses a YAML bomb without expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]'];
    const problems = refused(file([...frontLines(), ...bomb], OPEN_BODY));
    expect(brief(problems)).toEqual([expect.stringMatching(/^\d+: invalid YAML: .*alias/i)]);
  });
});

describe('parseQuestion: body structure', () => {
  // With the five standard front-matter lines, the body starts on line 8.
  it('keeps a ## heading that is not a section name as content of the section it stands in', () => {
    const body = ['Why?', '', '## Background', 'Some context.', '', '## Answer', '## Short version', 'To limit harm.', '', '## Details', 'More.'];
    const r = parseQuestion(file(frontLines(), body), 'q.md');
    expect(brief(r.problems)).toEqual([]);
    expect(r.question!.prompt).toBe('Why?\n\n## Background\nSome context.');
    expect(r.question!.answer).toBe('## Short version\nTo limit harm.\n\n## Details\nMore.');
  });

  it.each([
    ['Hnit', 'Hint'],
    ['Hints', 'Hint'],
    ['Explaination', 'Explanation'],
    ['answr', 'Answer'],
    ['Choice', 'Choices'],
  ])('reports ## %s as a typo: did you mean ## %s', (typo, meant) => {
    const body = [...OPEN_BODY, '', `## ${typo}`, 'bar'];
    expectError(file(frontLines(), body), 16, `unknown section '## ${typo}': did you mean '## ${meant}'?`);
  });

  it('reports a second ## Answer at the second heading', () => {
    const body = [...OPEN_BODY, '', '## Answer', 'again'];
    expectError(file(frontLines(), body), 16, "more than one '## Answer' section");
  });

  it('reports a second ## Explanation and a second ## Choices', () => {
    const body = [...CHOICE_BODY, '', '## Choices', '- [ ] a', '- [x] b', '- [ ] c', '', '## Explanation', 'e', '', '## Explanation', 'f'];
    const problems = refused(file(frontLines({ type: 'choice' }), body));
    expect(brief(errors(problems))).toEqual(["18: more than one '## Choices' section", "26: more than one '## Explanation' section"]);
  });

  it('accepts a question without a hint; the --strict house rules warn about it', () => {
    const text = file(frontLines(), ['Why?', '', '## Answer', 'Because.']);
    const r = parseQuestion(text, 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question!.hints).toEqual([]);
    const strict = parseQuestion(text, 'q.md', { strict: true });
    expect(brief(warnings(strict.problems))).toEqual([expect.stringContaining("11: no '## Hint' section")]);
  });

  it('reports an empty hint at its heading', () => {
    const body = ['Why?', '', '## Hint', '', '## Answer', 'Because.'];
    expectError(file(frontLines(), body), 10, 'empty hint section');
  });

  it('reports a missing prompt at the first body line', () => {
    const body = ['## Hint', 'h', '', '## Answer', 'a'];
    expectError(file(frontLines(), body), 8, 'the question has no prompt');
  });

  it('reports an unclosed fence at its opening line', () => {
    const body = ['What does this print?', '', `${FENCE}python`, 'print(1)', '', '## Hint', 'h', '', '## Answer', 'x'];
    expectError(file(frontLines({ type: 'output' }), body), 10, 'code block is never closed');
  });

  it('warns about an empty explanation', () => {
    const r = parseQuestion(file(frontLines(), [...OPEN_BODY, '', '## Explanation', '']), 'q.md');
    expect(r.question).not.toBeNull();
    expect(brief(warnings(r.problems))).toEqual(['16: empty explanation section']);
  });

  it('refuses ## Choices in a question that is not a choice question', () => {
    const body = [...OPEN_BODY, '', '## Choices', '- [x] a', '- [ ] b', '- [ ] c'];
    expectError(file(frontLines({ type: 'open' }), body), 16, "'## Choices' belongs only in choice questions");
  });
});

describe('parseQuestion: choice questions', () => {
  const choiceWith = (items: string[]) =>
    file(frontLines({ type: 'choice' }), ['Pick one.', '', '## Choices', ...items, '', '## Hint', 'h']);
  // ## Choices is on line 10.
  it.each([
    ['2 options', ['- [x] a', '- [ ] b'], 'a choice question has 3 to 6 options (found 2)'],
    ['7 options', ['- [x] a', '- [ ] b', '- [ ] c', '- [ ] d', '- [ ] e', '- [ ] f', '- [ ] g'], 'a choice question has 3 to 6 options (found 7)'],
    ['no [x]', ['- [ ] a', '- [ ] b', '- [ ] c'], 'exactly one option must be marked [x] (found 0)'],
    ['two [x]', ['- [x] a', '- [x] b', '- [ ] c'], 'exactly one option must be marked [x] (found 2)'],
  ])('refuses %s at the ## Choices line', (_what, items, message) => {
    const problems = refused(choiceWith(items));
    expect(brief(errors(problems))).toEqual([`10: ${message}`]);
  });

  it.each([3, 6])('accepts %i options', (n) => {
    const items = Array.from({ length: n }, (_, i) => `- [${i === 0 ? 'x' : ' '}] option ${i + 1}`);
    expect(parseQuestion(choiceWith(items), 'q.md').question?.choices).toHaveLength(n);
  });

  it('refuses a line that is not a task item, at its line', () => {
    expectError(choiceWith(['- [x] a', '- [ ] b', 'not an item', '- [ ] c']), 13, 'expected a task list item');
  });

  it('refuses a repeated option (ignoring case) at the repeat', () => {
    expectError(choiceWith(['- [x] Canary', '- [ ] b', '- [ ] canary']), 13, 'option repeats line 11');
  });

  it('refuses a choice question without ## Choices', () => {
    const problems = refused(file(frontLines({ type: 'choice' }), ['Pick one.', '', '## Hint', 'h']));
    expect(errors(problems).map((p) => p.message)).toEqual(["missing '## Choices' section: a task list with one [x]"]);
  });
});

describe('parseQuestion: output questions', () => {
  const front = frontLines({ type: 'output' });

  it('refuses an output question without a code block', () => {
    const body = ['What does this print?', '', '## Hint', 'h', '', '## Answer', `${FENCE}text`, '2', FENCE];
    expectError(file(front, body), 8, 'needs its code in a fenced block');
  });

  it('refuses two code blocks in the prompt, at the second', () => {
    const body = ['What does this print?', '', `${FENCE}python`, 'a = 1', FENCE, '', `${FENCE}python`, 'print(a)', FENCE, ...OUTPUT_BODY.slice(5)];
    expectError(file(front, body), 14, 'exactly one code block');
  });

  it('refuses a code block without a language', () => {
    const body = ['What does this print?', '', FENCE, 'print(2)', FENCE, ...OUTPUT_BODY.slice(5)];
    expectError(file(front, body), 10, "name the code block's language");
  });

  it('refuses an Answer without a fenced block (exact grading)', () => {
    const body = [...OUTPUT_BODY.slice(0, 10), '2'];
    expectError(file(front, body), 17, 'found 0');
  });

  it('refuses an Answer with two fenced blocks (exact grading)', () => {
    const body = [...OUTPUT_BODY, `${FENCE}text`, '3', FENCE];
    expectError(file(front, body), 17, 'found 2');
  });

  it('refuses a missing ## Answer', () => {
    const body = OUTPUT_BODY.slice(0, 8);
    const problems = refused(file(front, body));
    expect(errors(problems).map((p) => p.message)).toEqual(["missing '## Answer' section with the expected output in a fenced block"]);
  });

  it('refuses an empty expected output at the block', () => {
    const body = [...OUTPUT_BODY.slice(0, 10), `${FENCE}text`, '', FENCE];
    expectError(file(front, body), 18, 'the expected output is empty');
  });

  it('refuses an empty Answer for self grading', () => {
    const body = [...OUTPUT_BODY.slice(0, 10)];
    expectError(file(frontLines({ type: 'output', extra: ['grading: self'] }), body), 18, 'empty answer section');
  });
});

describe('parseQuestion: open questions', () => {
  it.each([
    ['no ## Answer', OPEN_BODY.slice(0, 4)],
    ['an empty ## Answer', [...OPEN_BODY.slice(0, 6), '']],
  ])('refuses %s', (_what, body) => {
    const problems = refused(file(frontLines({ type: 'open' }), body));
    expect(errors(problems).map((p) => p.message)).toEqual(['an open question needs a model answer in its ## Answer section']);
  });
});

describe('parseQuestion: terminal control characters are stripped', () => {
  const OSC_TITLE = '\u001b]0;pwned\u0007';
  const CLEAR = '\u001b[2J';
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  const text = file(
    frontLines({
      type: 'choice',
      // YAML escapes: \e is ESC, \a is BEL, \x9b is the one-byte CSI.
      title: '"Safe \\e]0;pwned\\a title\\e[2J\\x9b"',
      extra: ['source: "book\\e[31m"'],
    }),
    [
      `Prompt ${OSC_TITLE}text${CLEAR} with \u202eright-to-left and a bell\u0007.`,
      '',
      '## Choices',
      `- [ ] first${CLEAR}`,
      `- [x] second${OSC_TITLE}`,
      '- [ ] third\u0008\u0008',
      '',
      '## Hint',
      `hint ${OSC_TITLE}one`,
      '',
      '## Hint',
      `\u001b[1;31mred\u001b[0m\ttab`,
      '',
      '## Answer',
      `answer${CLEAR}`,
      '',
      '## Explanation',
      `why\u001bP+q\u001b\\`,
    ],
  );
  const r = parseQuestion(text, 'q.md');

  it('still parses the question', () => {
    expect(r.problems).toEqual([]);
    expect(r.question).not.toBeNull();
  });

  it('strips them from the title and source', () => {
    expect(r.question?.title).toBe('Safe  title');
    expect(r.question?.source).toBe('book');
  });

  it('strips them from the prompt', () => {
    expect(r.question?.prompt).toBe('Prompt text with right-to-left and a bell.');
  });

  it('strips them from the options', () => {
    expect(r.question?.choices?.map((c) => c.text)).toEqual(['first', 'second', 'third']);
  });

  it('strips them from the hints, keeping tabs', () => {
    expect(r.question?.hints).toEqual(['hint one', 'red\ttab']);
  });

  it('strips them from the answer and explanation', () => {
    expect(r.question?.answer).toBe('answer');
    expect(r.question?.explanation).toBe('why+q\\');
  });

  it('leaves no control character in any text field', () => {
    const q = r.question!;
    for (const s of [q.title, q.prompt, q.answer, q.explanation, q.source ?? '', ...q.hints, ...(q.choices ?? []).map((c) => c.text)]) {
      expect(CONTROL.test(s), JSON.stringify(s)).toBe(false);
    }
  });

  it('strips them from code and expected output of an output question', () => {
    const body = ['What?', '', `${FENCE}python`, `print("\u001b[2J")`, FENCE, '', '## Hint', 'h', '', '## Answer', `${FENCE}text`, `x${OSC_TITLE}`, FENCE, `notes${CLEAR}`];
    const q = parseQuestion(file(frontLines({ type: 'output' }), body), 'q.md').question;
    expect(q?.code?.text).toBe('print("")');
    expect(q?.answer).toBe('x');
    expect(q?.answerNotes).toBe('notes');
  });

  it('strips a raw control character inside a quoted YAML value', () => {
    const r = parseQuestion(openFile({ title: `"a${CLEAR}b"` }), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question!.title).toBe('ab');
  });
});

describe('parseQuestion: text that is empty once cleaned', () => {
  it('refuses an empty title', () => {
    expectError(file(['id: a', "title: ''", 'difficulty: easy', 'type: open', 'topics: [x]'], OPEN_BODY), 3, 'title is empty');
  });

  // "Required" means required after cleaning: a title of blanks or only control characters,
  // or a hint of only control characters, is as good as missing.
  it.each([
    ['a title of spaces', file(frontLines({ title: '"   "' }), OPEN_BODY)],
    ['a title of control characters', file(frontLines({ title: '"\\e\\a"' }), OPEN_BODY)],
    ['a hint of control characters', file(frontLines(), ['Why?', '', '## Hint', '\u001b\u0007', '', '## Answer', 'a'])],
  ])('refuses %s', (_what, text) => {
    const r = parseQuestion(text, 'q.md');
    expect(r.question).toBeNull();
  });
});

describe('parseQuestion never throws', () => {
  it('for a key whose name is harmless in a regular expression', () => {
    const r = parseQuestion(file(frontLines({ extra: ['a.b: 1'] }), OPEN_BODY), 'q.md');
    expect(brief(r.problems)).toEqual([expect.stringMatching(/^7: unknown key 'a\.b'/)]);
  });

  // keyLine once built a regular expression from the key's name, so these keys threw SyntaxError.
  it.each([
    ['a key with an open parenthesis', 'foo(: 1', 7],
    ['a key with an open bracket', '"[x": 1', null],
    ['a key starting with a star', '"*x": 1', null],
    ['a key that is a regex class', "'\\d+': 1", null],
  ])('for front matter holding %s (reported as an unknown key)', (_what, extraLine, line) => {
    const text = file(frontLines({ extra: [extraLine] }), OPEN_BODY);
    let result: ReturnType<typeof parseQuestion> | undefined;
    expect(() => {
      result = parseQuestion(text, 'q.md');
    }).not.toThrow();
    expect(result!.question).not.toBeNull();
    const found = warnings(result!.problems);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/^unknown key /);
    if (line !== null) expect(found[0]!.line).toBe(line);
  });
});
