import { describe, expect, it } from 'vitest';
import { parseQuestion } from '../../src/bank/parse.js';
import { TYPES } from '../../src/bank/question.js';
import { cleanTitle, parseTopics } from '../../src/filters.js';
import { freshId, renderQuestion, slugify, yamlString } from '../../src/scaffold.js';
import matter from 'gray-matter';

describe('slugify', () => {
  it.each([
    ['Printing the model version', 'printing-the-model-version'],
    ['  What does `kubectl rollout undo` do?  ', 'what-does-kubectl-rollout-undo-do'],
    ['Café à la carte', 'cafe-a-la-carte'],
    ['日本語だけ', ''],
    ['---', ''],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('cuts a long title at a dash, never past 60 characters', () => {
    const slug = slugify('why '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^why(-why)+$/);
  });
});

describe('freshId', () => {
  it.each<[string, string[], string]>([
    ['serving', [], 'serving'],
    ['serving', ['serving'], 'serving-2'],
    ['serving', ['serving', 'serving-2'], 'serving-3'],
    ['', [], 'question-1'],
    ['', ['question-1'], 'question-2'],
  ])('%j with %j taken → %j', (base, taken, id) => {
    expect(freshId(base, (x) => taken.includes(x))).toBe(id);
  });
});

describe('parseTopics', () => {
  it.each<[string, string[], string | null]>([
    ['serving', ['serving'], null],
    [' serving, drift ,serving', ['serving', 'drift'], null],
    ['', [], 'give at least one topic, for example: serving'],
    ['Model Serving', ['Model Serving'], "topic 'Model Serving' must be lowercase letters, digits and - (for example: model-serving)"],
  ])('%j', (list, topics, problem) => {
    expect(parseTopics(list)).toEqual({ topics, problem });
  });
});

describe('titles in YAML', () => {
  it.each([
    ['tabs and\nnewlines', 'tabs and newlines'],
    ['right\u202Eto-left', 'right to-left'],
    ['next\u0085line', 'next line'],
    ['zero\u200Bwidth', 'zero width'],
    ['para\u2029graph', 'para graph'],
    ['  spaced   out  ', 'spaced out'],
    ['日本語 and émigré', '日本語 and émigré'],
  ])('cleanTitle(%j) is %j', (raw, clean) => {
    expect(cleanTitle(raw)).toBe(clean);
  });

  it.each(['plain', 'with "quotes" and \\ backslash', 'ü ö 日本語 🚀', 'nbsp\u00A0here', 'rlo\u202Ehere', 'nel\u0085here', 'ls\u2028here', '#: not a comment'])(
    'yamlString(%j) reads back as the same string and holds nothing invisible raw',
    (title) => {
      const yaml = `title: ${yamlString(title)}\n`;
      expect(yaml).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u00a0\u200b-\u200f\u2028\u2029\u202a-\u202e]/);
      expect(matter(`---\n${yaml}---\n`).data.title).toBe(title);
    },
  );
});

describe('renderQuestion', () => {
  it.each(TYPES)('writes a %s question that parses with no error (only the TODO warning) and keeps its fields', (type) => {
    const text = renderQuestion({ id: 'new-one', title: 'A "quoted" title: with colon', difficulty: 'medium', type, topics: ['serving', 'drift'] });
    const { question, problems } = parseQuestion(text, 'deck/new-one.md');
    expect(problems.map((p) => [p.severity, p.message])).toEqual([['warning', 'the TODO text written by mlops-drill new is still here: replace it']]);
    expect(question).toMatchObject({ id: 'new-one', title: 'A "quoted" title: with colon', difficulty: 'medium', type, topics: ['serving', 'drift'] });
  });
});
