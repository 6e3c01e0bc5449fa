import { describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';
import { clozeNumbers, guidFor, markdownToHtml, promptWithoutCode, questionTags, stableId, stripHtml, titleHtml } from '../../src/decks/anki-notes.js';
import { cardState, easeFactor } from '../../src/decks/anki-schedule.js';
import { htmlToMarkdown, htmlToText } from '../../src/decks/html-to-markdown.js';
import { questionFile, titleFrom } from '../../src/decks/import-file.js';
import { demoteSectionHeadings, idFor, mapNote, mediaIn, topicOf, type ImportedQuestion, type SourceNote } from '../../src/decks/import-model.js';
import { readHeader, splitRecords } from '../../src/decks/import-text.js';
import { checkMediaName } from '../../src/decks/import-source.js';

describe('questions to Anki notes', () => {
  it.each([
    ['plain **bold**', '<p>plain <strong>bold</strong></p>'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['[x](javascript:alert(1))', '<p>x</p>'],
    ['[site](https://example.org)', '<p><a href="https://example.org">site</a></p>'],
    ['```python\nif a < b:\n```', '<pre><code class="language-python">if a &lt; b:\n</code></pre>'],
  ])('markdown %j becomes safe HTML', (md, html) => {
    expect(markdownToHtml(md)).toBe(html);
  });

  it.each([
    [{ title: 'Ports', prompt: 'Which port?' }, '<div class="title">Ports</div>'],
    [{ title: 'Which port', prompt: 'Which port does it use?' }, ''],
    [{ title: 'A < B', prompt: 'x' }, '<div class="title">A &lt; B</div>'],
  ])('title of %j in the prompt field', (q, html) => {
    expect(titleHtml(q)).toBe(html);
  });

  it('takes the code block out of an output prompt, and only that', () => {
    expect(promptWithoutCode({ prompt: 'What prints?\n\n```python\nprint(1)\n```\n\nThink.', code: { language: 'python', text: 'print(1)' } })).toBe('What prints?\n\nThink.');
    expect(promptWithoutCode({ prompt: 'Explain `x`.', code: null })).toBe('Explain `x`.');
  });

  it.each([
    [{ topics: ['serving', 'model serving'], difficulty: 'easy' as const }, ['serving', 'model_serving', 'difficulty::easy']],
    [{ topics: ['a'], difficulty: 'hard' as const }, ['a', 'difficulty::hard']],
    [{ topics: ['a'], difficulty: 'hard' as const, grading: 'self' as const }, ['a', 'difficulty::hard', 'grading::self']],
    [{ topics: ['a'], difficulty: 'hard' as const, grading: 'exact' as const }, ['a', 'difficulty::hard']],
    [{ topics: ['a'], difficulty: 'medium' as const, unrated: true as const }, ['a']],
  ])('tags from %j', (q, tags) => {
    expect(questionTags(q)).toEqual(tags);
  });

  it('derives guids and ids from the question id alone', () => {
    expect(guidFor('serving-x')).toBe('mlops-drill:serving-x');
    expect(stableId('note a')).toBe(stableId('note a'));
    expect(stableId('note a')).not.toBe(stableId('note b'));
    expect(stableId('note a')).toBeGreaterThanOrEqual(1_500_000_000_000);
    expect(stableId('note a')).toBeLessThan(1_600_000_000_000);
  });

  it.each([
    ['{{c1::a}} and {{c3::b::hint}} and {{c1::c}}', [1, 3]],
    ['no cloze', []],
  ])('cloze numbers of %j', (text, numbers) => {
    expect(clozeNumbers(text)).toEqual(numbers);
  });

  it('strips HTML for the sort field', () => {
    expect(stripHtml('<p>a &lt; b</p>\n<p>c&amp;d</p>')).toBe('a < b c&d');
  });
});

describe('the schedule in Anki terms', () => {
  it.each([
    [1, 3000],
    [5.5, 2150],
    [10, 1300],
    [0, 3000],
    [12, 1300],
  ])('difficulty %d gives ease %d', (d, ease) => {
    expect(easeFactor(d)).toBe(ease);
  });

  const f = fsrs({ enable_fuzz: false });
  const t0 = new Date('2026-01-01T12:00:00Z');
  const review = (card: Card, at: Date, rating: Rating.Again | Rating.Good) => f.next(card, at, rating).card;

  it('a card in review is due on its day, counted from the collection’s creation', () => {
    let card = review(createEmptyCard(t0), t0, Rating.Good);
    card = review(card, card.due, Rating.Good);
    const crt = Date.parse('2025-12-31T00:00:00Z');
    const s = cardState(card, crt);
    expect(s).toMatchObject({ type: 2, queue: 2, reps: 2, lapses: 0 });
    expect(s.due).toBe(Math.floor((card.due.getTime() - crt) / 86_400_000));
    expect(s.ivl).toBe(Math.round((card.due.getTime() - card.last_review!.getTime()) / 86_400_000));
  });

  it('a card still learning is due at its exact time', () => {
    const card = review(createEmptyCard(t0), t0, Rating.Again);
    const s = cardState(card, Date.parse('2026-01-01T00:00:00Z'));
    expect(s).toMatchObject({ type: 1, queue: 1, due: Math.floor(card.due.getTime() / 1000), ivl: 0 });
  });
});

describe('import mapping', () => {
  it.each([
    ['ML::Metrics', 'ml-metrics'],
    ['  Deep_Learning ', 'deep-learning'],
    ['Ünïcode', 'n-code'],
    ['---', ''],
  ])('tag %j becomes topic %j', (tag, topic) => {
    expect(topicOf(tag)).toBe(topic);
  });

  it.each([
    [{ key: 'mlops-drill:serving-x', keyKind: 'guid' as const }, 'serving-x'],
    [{ key: 'abc123', keyKind: 'guid' as const }, 'anki-abc123'],
    [{ key: 'Ab#1', keyKind: 'guid' as const }, /^anki-[0-9a-f]{10}$/],
    [{ key: 'ab#1', keyKind: 'guid' as const }, /^anki-[0-9a-f]{10}$/],
  ])('id of %j', (note, id) => {
    if (typeof id === 'string') expect(idFor(note, 'anki')).toBe(id);
    else expect(idFor(note, 'anki')).toMatch(id);
  });

  it('keeps guids that differ only in case apart', () => {
    expect(idFor({ key: 'Ab', keyKind: 'guid' }, 'anki')).not.toBe(idFor({ key: 'aB', keyKind: 'guid' }, 'anki'));
  });

  it('moves ## headings of imported text one level down, outside code only', () => {
    expect(demoteSectionHeadings('## Answer\ntext\n```\n## code\n```\n### Deeper')).toBe('### Answer\ntext\n```\n## code\n```\n### Deeper');
  });

  it.each([
    ['<img src="a b.png"> [sound:x.mp3] <img src="https://x.org/y.png"> <img src=\'paste%201.jpg\'>', ['a b.png', 'paste 1.jpg', 'x.mp3']],
    ['none', []],
  ])('media of %j', (html, names) => {
    expect(mediaIn(html).sort()).toEqual(names);
  });

  it.each([
    ['What is drift? It is a change.', 'What is drift?'],
    ['Short', 'Short'],
    ['', 'Question shown as a picture'],
    [`${'word '.repeat(30)}end`, /^(word ){8,}…$|^word( word)+…$/],
  ])('title of %j', (prompt, title) => {
    if (typeof title === 'string') expect(titleFrom(prompt)).toBe(title);
    else expect(titleFrom(prompt)).toMatch(title);
  });

  it.each([
    ['What <code>pickle.loads</code> does with __reduce__ and <b>2 * 3</b>', 'What pickle.loads does with __reduce__ and 2 * 3'],
    ['<a href="https://x.org">site</a> <img src="a.png"> a_b', 'site a_b'],
  ])('text of HTML %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it.each([
    ['<b>a</b><br>b', '**a**  \nb'],
    ['level read_uncommitted, __init__ and _x_', 'level read_uncommitted, \\_\\_init\\_\\_ and \\_x\\_'],
    ['mail <a href="mailto:a@b.org">a@b.org</a>, see <a href="https://x.org">https://x.org</a> or <a href="https://y.org">docs</a>', 'mail a@b.org, see https://x.org or [docs](https://y.org)'],
    ['<ol><li>one</li><li>two</li></ol>', '1. one\n2. two'],
    ['\\(a_1 &lt; b\\) and \\[x^2\\]', '$a_1 < b$ and $$x^2$$'],
    ['<pre>raw\ncode</pre>', '```\nraw\ncode\n```'],
    ['<div>x</div><!-- note --><script>bad()</script>', 'x'],
    ['<table><tr><td>1</td></tr></table>', '<table><tbody><tr><td>1</td></tr></tbody></table>'],
  ])('HTML %j to Markdown', (html, md) => {
    expect(htmlToMarkdown(html)).toBe(md);
  });

  const note = (fields: string[], extra: Partial<SourceNote> = {}): SourceNote => ({
    key: 'k1',
    keyKind: 'guid',
    noteType: 'Basic',
    fieldNames: ['Front', 'Back', 'Hint', 'Source', 'Mnemonic'].slice(0, fields.length),
    fields,
    tags: ['difficulty::hard', 'Ops', 'marked'],
    cloze: false,
    html: true,
    ...extra,
  });

  it('maps named fields to sections and keeps the others in the explanation', () => {
    const q = mapNote(note(['Front?', 'Back.', 'A hint', 'https://ex.org', 'Remember <i>this</i>']), { idPrefix: 'anki', defaultTopic: 'deck' }) as ImportedQuestion;
    expect(q).toMatchObject({ id: 'anki-k1', type: 'open', difficulty: 'hard', topics: ['ops'], prompt: 'Front?', answer: 'Back.', hints: ['A hint'], source: 'https://ex.org', explanation: '**Mnemonic:** Remember *this*' });
    expect(q.notes).toEqual(["field 'Mnemonic' added to the explanation"]);
  });

  it.each([
    [['Text', 'Back Extra'], 'From the <b>book</b>.'],
    [['Text', 'Comments'], 'From the <b>book</b>.'],
  ])('maps a cloze note with fields %j', (fieldNames, extra) => {
    const q = mapNote(note(['The {{c1::p50}} is the <i>median</i>', extra], { cloze: true, fieldNames }), { idPrefix: 'anki', defaultTopic: 'deck' }) as ImportedQuestion;
    expect(q).toMatchObject({ type: 'cloze', prompt: 'The {{c1::p50}} is the *median*', explanation: 'From the **book**.', answer: '', title: 'The p50 is the median' });
  });

  it.each([
    [['', 'Back'], /first field is empty/],
    [['Front', '  '], /back \(answer\) is empty/],
  ])('skips %j with a reason', (fields, why) => {
    const r = mapNote(note(fields), { idPrefix: 'anki', defaultTopic: 'deck' });
    expect('why' in r && r.why).toMatch(why);
  });

  it('gives a note written by export back as its own type, self-grading included', () => {
    const drillNote = note(['<p>What prints?</p>', '<pre><code class="language-python">print(1)</code></pre>', '', '<div class="hint"><p>One.</p></div>', '<p>Roughly 1.</p>', '', '<a href="https://ex.org/q">https://ex.org/q</a><br>License: CC BY 4.0'], {
      key: 'mlops-drill:print-one',
      fieldNames: ['Prompt', 'Code', 'Options', 'Hints', 'Answer', 'Explanation', 'Source'],
      tags: ['basics', 'difficulty::easy', 'grading::self'],
    });
    const q = mapNote(drillNote, { idPrefix: 'anki', defaultTopic: 'deck' }) as ImportedQuestion;
    expect(questionFile(q)).toBe(
      '---\nid: print-one\ndifficulty: easy\ntype: output\ngrading: self\ntopics: [basics]\nsource: "https://ex.org/q"\nlicense: "CC BY 4.0"\n---\nWhat prints?\n\n```python\nprint(1)\n```\n\n## Hint\nOne.\n\n## Answer\nRoughly 1.\n',
    );
  });

  it('writes a file titled by its prompt, and a cloze file without a title (one from its text would give the answers away)', () => {
    const q = mapNote(note(['Key: value? yes', 'No.'], { tags: [] }), { idPrefix: 'anki', defaultTopic: 'deck' }) as ImportedQuestion;
    expect(questionFile(q)).toBe('---\nid: anki-k1\ntype: open\ntopics: [deck]\n---\nKey: value? yes\n\n## Answer\nNo.\n');
    const c = mapNote(note(['Key: {{c1::value}}', ''], { tags: [], cloze: true, fieldNames: ['Text', 'Back Extra'] }), { idPrefix: 'anki', defaultTopic: 'deck' }) as ImportedQuestion;
    expect(questionFile(c)).toBe('---\nid: anki-k1\ntype: cloze\ntopics: [deck]\n---\nKey: {{c1::value}}\n');
  });
});

describe('Anki text export', () => {
  it('reads the header lines', () => {
    const { header, bodyStart } = readHeader(['#separator:Semicolon', '#html:false', '#tags column:3', '#guid column:1', 'a;b;c']);
    expect(header).toMatchObject({ separator: ';', html: false, tagsColumn: 3, guidColumn: 1 });
    expect(bodyStart).toBe(4);
  });

  it('reads a headerless file with the separator its name suggests', () => {
    expect(readHeader(['a,b'], ',')).toMatchObject({ header: { separator: ',' }, bodyStart: 0 });
    expect(readHeader(['#separator:Pipe', 'a|b'], ',')).toMatchObject({ header: { separator: '|' }, bodyStart: 1 });
  });

  it.each([
    ['a\tb\nc\td\n', '\t', [['a', 'b'], ['c', 'd']]],
    ['"x\ny"\t"say ""hi"""\n', '\t', [['x\ny', 'say "hi"']]],
    ['a,b,\n\n', ',', [['a', 'b', '']]],
  ])('splits %j', (text, sep, records) => {
    expect(splitRecords(text, sep)).toEqual(records);
  });
});

describe('media names', () => {
  it.each(['../../x', '/etc/passwd', 'a/b.png', 'a\\b.png', '..', '.gitignore', 'C:evil', ''])('refuses %j', (name) => {
    expect(() => checkMediaName(name, 'deck.apkg')).toThrow(/outside the deck folder/);
  });
  it.each(['paste 1.png', 'image-ü.jpg', 'a..b.png'])('accepts %j', (name) => {
    expect(() => checkMediaName(name, 'deck.apkg')).not.toThrow();
  });
});
