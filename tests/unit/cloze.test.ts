import { describe, expect, it } from 'vitest';
import { allHidden, answerText, cardText, clozeCards, MAX_CLOZE_CARDS, scanClozes, splitCardId } from '../../src/bank/cloze.js';
import { parseQuestion } from '../../src/bank/parse.js';
import type { Problem, Question } from '../../src/bank/question.js';
import { questionsById } from '../../src/question-ids.js';
import { shortAnswerMatches, shortAnswerNearMiss } from '../../src/grade.js';

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');
const brief = (problems: Problem[]) => problems.map((p) => `${p.line}:${p.col} ${p.severity}: ${p.message}`);

function clozeFile(body: string, front: string[] = []): string {
  return ['---', 'id: cz', 'difficulty: easy', 'type: cloze', 'topics: [serving]', ...front, '---', body].join('\n');
}

/** Front matter takes lines 1-6: the body starts on line 7. */
const BODY_LINE = 7;

describe('scanClozes: deletions', () => {
  it.each([
    ['{{c1::Paris}} is in France', [{ n: 1, answer: 'Paris', hint: null }]],
    ['a {{c2::b::a hint}} c', [{ n: 2, answer: 'b', hint: 'a hint' }]],
    ['{{c1::a}} {{c1::b}} {{c3::c}}', [{ n: 1, answer: 'a', hint: null }, { n: 1, answer: 'b', hint: null }, { n: 3, answer: 'c', hint: null }]],
    // A `}}` inside an answer that belongs to braces opened inside it: a template expression.
    ['{{c1::{{ .Values.tag }}}}', [{ n: 1, answer: '{{ .Values.tag }}', hint: null }]],
    // Only the first :: separates the hint.
    ['{{c1::a::b::c}}', [{ n: 1, answer: 'a', hint: 'b::c' }]],
    ['no cloze at all, {{ template }} text', []],
  ])('%j', (text, expected) => {
    const { deletions, problems } = scanClozes(text);
    expect(problems).toEqual([]);
    expect(deletions.map(({ n, answer, hint }) => ({ n, answer, hint }))).toEqual(expected);
  });
});

describe('scanClozes: problems', () => {
  it.each([
    ['{{c1::open', 0, /never closed/],
    ['text }} here', 5, /closes nothing/],
    ['{{c0::zero}}', 0, /out of range/],
    ['{{cx::letter}}', 0, /'cx' is not a cloze number/],
    ['{{c1000::big}}', 0, /out of range/],
    ['{{c99999999999999999999999::huge}}', 0, /out of range/],
    ['ab {{c1::}}', 3, /empty cloze/],
    ['{{c1::   ::hint}}', 0, /empty cloze/],
    ['{{c1::a {{c2::b}} c}}', 8, /inside another cloze/],
    ['{{c1::a {{ b}}', 0, /never closed/],
    ['prose {{ never closed', 6, /'\{\{' is never closed/],
  ])('%j', (text, at, message) => {
    const { problems } = scanClozes(text);
    expect(problems.map((p) => p.at)).toContain(at);
    expect(problems.some((p) => message.test(p.message)), JSON.stringify(problems)).toBe(true);
  });

  it('leaves template braces in code alone, but still reads clozes there', () => {
    const text = '```yaml\nimage: {{ .Values.image }}\nstray: }}\nopen: {{\ncmd: {{c1::serve}}\n```';
    const { deletions, problems } = scanClozes(text);
    expect(problems).toEqual([]);
    expect(deletions.map((d) => [d.answer, d.inCode])).toEqual([['serve', true]]);
  });

  it('takes hostile input in one pass: thousands of clozes, deep braces', () => {
    const many = Array.from({ length: 6000 }, (_, i) => `{{c${(i % 999) + 1}::w${i}}}`).join(' ');
    const { deletions } = scanClozes(many);
    expect(deletions).toHaveLength(6000);
    const deep = '{{'.repeat(20_000) + '}}'.repeat(20_000);
    expect(scanClozes(deep).problems).toEqual([]);
    const unbalanced = '{{c1::' + '{{'.repeat(20_000);
    expect(scanClozes(unbalanced).problems.length).toBeGreaterThan(0);
  });
});

describe('cardText', () => {
  const text = 'A {{c1::canary::how much?}} gets {{c2::a small share}} of traffic; {{c1::again}}.';
  it('hides the card’s deletions and shows the others as text', () => {
    expect(cardText(text, 1)).toBe('A \\[how much?\\] gets a small share of traffic; \\[...\\].');
    expect(cardText(text, 2)).toBe('A canary gets \\[...\\] of traffic; again.');
    expect(cardText(text, 2, 'plain')).toBe('A canary gets [...] of traffic; again.');
  });
  it('writes the mask without escapes in code', () => {
    expect(cardText('run `kubectl {{c1::apply}}`', 1)).toBe('run `kubectl [...]`');
    expect(cardText('```\nx = {{c1::1}}\n```', 1)).toBe('```\nx = [...]\n```');
  });
  it('masks every cloze for a title', () => {
    expect(allHidden(text)).toBe('A [how much?] gets [...] of traffic; [...].');
  });
  it('reads the answer as typed: Markdown markers and escapes dropped', () => {
    expect(answerText('`kubectl apply`')).toBe('kubectl apply');
    expect(answerText('**load**  balancer')).toBe('load balancer');
    expect(answerText('a\\_b')).toBe('a_b');
  });
});

function parsed(body: string, front: string[] = []) {
  return parseQuestion(clozeFile(body, front), 'deck/cz.md');
}

describe('parseQuestion: cloze questions', () => {
  it('reads a cloze question and makes one card per cloze number', () => {
    const r = parsed('The {{c2::scheduler}} places pods on {{c1::nodes::where?}}.\n\n## Hint\nThink of Kubernetes.\n\n## Explanation\nWhy.');
    expect(brief(r.problems)).toEqual([]);
    const q = r.question!;
    expect(q.type).toBe('cloze');
    expect(q.title).toBe('The [...] places pods on [where?].');
    const cards = clozeCards(q);
    expect(cards.map((c) => [c.id, c.answer, c.hints, c.title])).toEqual([
      ['cz#c1', 'nodes', ['where?', 'Think of Kubernetes.'], 'The scheduler places pods on [where?].'],
      ['cz#c2', 'scheduler', ['Think of Kubernetes.'], 'The [...] places pods on nodes.'],
    ]);
    expect(cards[0]!.cloze).toEqual({ note: 'cz', n: 1, text: q.prompt });
  });

  it('keeps an own title on every card', () => {
    const q = parsed('The {{c1::scheduler}} places pods.', ['title: Pods']).question!;
    expect(clozeCards(q).map((c) => c.title)).toEqual(['Pods']);
  });

  it.each([
    ['line 1', 'first line\nthe {{c1::open', BODY_LINE + 1, 5, /never closed/],
    ['a bad number', 'a {{c0::zero}} b', BODY_LINE, 3, /out of range/],
    ['a letter', 'ab\n\n  {{cx::letter}}', BODY_LINE + 2, 3, /'cx'/],
    ['an empty answer', 'x {{c1::}} y', BODY_LINE, 3, /empty cloze/],
    ['a stray }}', 'x }} y {{c1::z}}', BODY_LINE, 3, /closes nothing/],
    ['no cloze', 'Just a sentence.', BODY_LINE, 1, /at least one cloze/],
  ])('reports %s with its line and column', (_, body, line, col, message) => {
    const r = parsed(body);
    expect(r.question).toBeNull();
    const hits = errors(r.problems).filter((p) => message.test(p.message));
    expect(hits.map((p) => [p.line, p.col]), brief(r.problems).join('\n')).toEqual([[line, col]]);
  });

  it('refuses more cloze numbers than a question may have', () => {
    const body = Array.from({ length: MAX_CLOZE_CARDS + 1 }, (_, i) => `{{c${i + 1}::w}}`).join(' ');
    expect(brief(parsed(body).problems).join('\n')).toMatch(/too many cloze numbers/);
  });

  it('warns about cloze syntax where it does nothing', () => {
    const open = parseQuestion(['---', 'id: o', 'type: open', 'topics: [a]', '---', 'What is {{c1::x}}?', '', '## Answer', 'x'].join('\n'), 'o.md');
    expect(open.question).not.toBeNull();
    expect(brief(open.problems)).toEqual(["6:9 warning: cloze syntax in the prompt of an open question is shown as written: use type: cloze to make cards of it"]);
    const inHint = parsed('The {{c1::x}}.\n\n## Hint\nnot {{c2::y}}');
    expect(brief(inHint.problems)).toEqual([`${BODY_LINE + 3}:5 warning: cloze syntax in '## Hint' is shown as written: clozes belong in the prompt`]);
  });

  it('keeps an ## Answer section as notes shown after the reveal', () => {
    const q = parsed('The {{c1::x}}.\n\n## Answer\nMore about x.').question!;
    expect(q.answerNotes).toBe('More about x.');
  });
});

describe('card ids', () => {
  const q = parsed('The {{c1::a}} and {{c2::b}}.').question!;
  const other = { ...q, id: 'plain', type: 'open' as const };
  const bank: Question[] = [...clozeCards(q), other];
  it('a question id names all its cards; a card id names one', () => {
    expect(questionsById(bank, ['cz']).map((c) => c.id)).toEqual(['cz#c1', 'cz#c2']);
    expect(questionsById(bank, ['CZ#C2']).map((c) => c.id)).toEqual(['cz#c2']);
    expect(() => questionsById(bank, ['cz#c3'])).toThrow(/no question with id 'cz#c3'/);
  });
  it('splits a card id', () => {
    expect(splitCardId('cz#c12')).toEqual({ note: 'cz', n: 12 });
    expect(splitCardId('cz')).toBeNull();
  });
});

describe('short answers', () => {
  it.each([
    ['Load Balancer', '  load balancer ', true],
    ['load balancer', 'load   balancer', true],
    ['a, b', 'A ,B', true],
    ['kubectl', 'kubectl apply', false],
  ])('%j against %j', (expected, typed, right) => {
    expect(shortAnswerMatches(expected, typed)).toBe(right);
  });
  it.each([
    ['load balancer', 'load balancr', ['typo']],
    ["it's", 'it’s', ['quotes']],
    ['replicas: 3', 'replicas: 4', null],
    ['undo', 'redo', null],
  ])('near miss of %j for %j', (expected, typed, slips) => {
    expect(shortAnswerNearMiss(expected, typed)).toEqual(slips);
  });
});
