import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/bank/load.js';
import type { Question } from '../../src/bank/question.js';
import { ROOT } from '../helpers.js';

/**
 * The bundled bank as a product: every problem of the practice set it grew from has its
 * question, the mix of types and difficulties holds, and topics come from the documented list.
 */
const BANK = path.join(ROOT, 'questions');
const bank = loadBank([BANK]);
const vocabulary = [...fs.readFileSync(path.join(BANK, 'README.md'), 'utf8').matchAll(/^- `([a-z-]+)`:/gm)].map((m) => m[1]!);

describe('the bundled bank', () => {
  it('loads without a problem', () => {
    expect(bank.problems).toEqual([]);
  });

  it('has at least 250 questions: 15 or more at each difficulty, 20 choice, 15 output, 10 open', () => {
    const qs = bank.questions;
    expect(qs.length).toBeGreaterThanOrEqual(250);
    for (const d of ['easy', 'medium', 'hard']) expect(qs.filter((q) => q.difficulty === d).length, d).toBeGreaterThanOrEqual(15);
    expect(qs.filter((q) => q.type === 'choice').length).toBeGreaterThanOrEqual(20);
    expect(qs.filter((q) => q.type === 'output').length).toBeGreaterThanOrEqual(15);
    expect(qs.filter((q) => q.type === 'open').length).toBeGreaterThanOrEqual(10);
  });

  it('covers each of the 50 practice-set problems exactly once', () => {
    const expected = [
      ...Array.from({ length: 18 }, (_, i) => `practice-set:topic-${String(i + 1).padStart(2, '0')}`),
      ...Array.from({ length: 12 }, (_, i) => `practice-set:mixed-${String(i + 1).padStart(2, '0')}`),
      ...Array.from({ length: 20 }, (_, i) => `practice-set:mcq-${String(i + 1).padStart(2, '0')}`),
    ];
    const sources = bank.questions.map((q) => q.source).filter((s): s is string => s !== null);
    expect([...sources].sort()).toEqual([...expected].sort());
    // The practice set's multiple-choice problems are choice questions here, with four options.
    for (const q of bank.questions.filter((x) => x.source?.startsWith('practice-set:mcq-'))) {
      expect(q.type, q.id).toBe('choice');
      expect(q.choices, q.id).toHaveLength(4);
    }
  });

  it('uses only the documented topics, one to three per question', () => {
    expect(vocabulary.length).toBeGreaterThanOrEqual(10);
    for (const q of bank.questions) {
      expect(q.topics.length, q.id).toBeGreaterThanOrEqual(1);
      expect(q.topics.length, q.id).toBeLessThanOrEqual(3);
      for (const t of q.topics) expect(vocabulary, `${q.id}: ${t}`).toContain(t);
    }
  });

  it('keeps each question in a documented folder, named after its id', () => {
    const folders = [...fs.readFileSync(path.join(BANK, 'README.md'), 'utf8').matchAll(/^\| `([a-z-]+)\/` \|/gm)].map((m) => m[1]!);
    for (const q of bank.questions) {
      const rel = path.relative(BANK, path.resolve(ROOT, q.file)).split(path.sep);
      expect(folders, q.id).toContain(rel[0]);
      expect(rel[1], q.id).toBe(`${q.id}.md`);
    }
  });

  it('never points at an option by position in its text: the drill shuffles options', () => {
    for (const q of bank.questions.filter((x) => x.type === 'choice')) {
      const text = [q.prompt, q.answer, q.explanation, ...q.hints].join('\n');
      expect(text, q.id).not.toMatch(/\b(first|second|third|fourth|last) option\b|\boption [A-D]\b|\(([A-D])\) /i);
    }
  });

  // The areas added after the first release: each is a whole area, not a token question or two.
  const NEW_AREAS = ['llm-serving', 'experiments', 'feature-stores', 'data-validation', 'orchestration', 'scaling', 'testing', 'streaming', 'feedback', 'governance', 'operations', 'cost'];

  it.each(NEW_AREAS)('covers the area %s with 12 or more questions: 3 output, 3 choice, 2 open, every difficulty, each with a reference', (area) => {
    const qs = bank.questions.filter((q) => folderOf(q) === area);
    expect(qs.length).toBeGreaterThanOrEqual(12);
    expect(qs.filter((q) => q.type === 'output').length).toBeGreaterThanOrEqual(3);
    expect(qs.filter((q) => q.type === 'choice').length).toBeGreaterThanOrEqual(3);
    expect(qs.filter((q) => q.type === 'open').length).toBeGreaterThanOrEqual(2);
    for (const d of ['easy', 'medium', 'hard']) expect(qs.filter((q) => q.difficulty === d).length, d).toBeGreaterThanOrEqual(1);
    for (const q of qs) expect(q.references.length, q.id).toBeGreaterThanOrEqual(1);
  });

  it('does not give the answer away by length: the keyed option is the longest in at most 35% of choice questions', () => {
    const choice = bank.questions.filter((q) => q.type === 'choice');
    const longest = choice.filter((q) => keyedIsLongest(q));
    expect(longest.length / choice.length, longest.map((q) => q.id).join(', ')).toBeLessThanOrEqual(0.35);
  });

  it('has no hint that shares a run of four or more words with the keyed option', () => {
    const offenders: string[] = [];
    for (const q of bank.questions.filter((x) => x.type === 'choice')) {
      const keyed = wordRuns(q.choices!.find((c) => c.correct)!.text);
      q.hints.forEach((h, i) => {
        const shared = [...wordRuns(h)].filter((r) => keyed.has(r));
        if (shared.length > 0) offenders.push(`${q.id} hint ${i + 1}: "${shared[0]}"`);
      });
    }
    expect(offenders).toEqual([]);
  });
});

describe("the README's description of the bank", () => {
  // Only the bank's own section: other tables of the README have rows named "choice" too.
  const whole = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const readme = whole.slice(whole.indexOf('## The question bank'));
  const qs = bank.questions;
  const count = (pred: (q: Question) => boolean) => qs.filter(pred).length;

  it('states the number of questions and the table of types by difficulty', () => {
    const rows: [string, (q: Question) => boolean][] = [
      ['output (predict what it prints)', (q) => q.type === 'output'],
      ['choice', (q) => q.type === 'choice'],
      ['open (explain, then grade yourself)', (q) => q.type === 'open'],
      ['all', () => true],
    ];
    const expected = rows.map(([label, pred]) => `| ${label} | ${['easy', 'medium', 'hard'].map((d) => count((q) => pred(q) && q.difficulty === d)).join(' | ')} | ${count(pred)} |`);
    const actual = rows.map(([label]) => readme.split('\n').find((l) => l.startsWith(`| ${label} |`)) ?? `(no row for ${label})`);
    expect(actual.join('\n')).toBe(expected.join('\n'));
    expect(readme).toContain(`${qs.length} questions in \`questions/\``);
  });

  it('lists every topic and folder with its count', () => {
    const tally = (keys: string[]) => {
      const m = new Map<string, number>();
      for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
      return m;
    };
    const topics = [...tally(qs.flatMap((q) => q.topics))].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const topicLine = topics.map(([t, n]) => `${t} ${n}`).join(', ');
    expect(readme.split('\n').find((l) => l.startsWith('Topics (')) ?? '').toContain(`: ${topicLine}.`);
    const folders = [...tally(qs.map((q) => folderOf(q)))].sort((a, b) => a[0].localeCompare(b[0]));
    const folderLine = `Folders: ${folders.map(([f, n]) => `\`${f}/\` ${n}`).join(', ')}.`;
    expect(readme.split('\n').find((l) => l.startsWith('Folders: ')) ?? '').toBe(folderLine);
  });
});

describe('the bank checks themselves', () => {
  it('finds a keyed option that is strictly the longest, and only then', () => {
    const q = (texts: string[], keyed: number) => ({ choices: texts.map((text, i) => ({ text, correct: i === keyed })) }) as Question;
    expect(keyedIsLongest(q(['short', 'a much longer one', 'mid size'], 1))).toBe(true);
    expect(keyedIsLongest(q(['short', 'a much longer one', 'mid size'], 0))).toBe(false);
    expect(keyedIsLongest(q(['same size', 'same size'], 0))).toBe(false);
  });

  it('splits text into runs of four lowercased words, ignoring punctuation', () => {
    expect([...wordRuns('Route 2% of LIVE traffic, then raise it.')]).toEqual(['route 2 of live', '2 of live traffic', 'of live traffic then', 'live traffic then raise', 'traffic then raise it']);
    expect(wordRuns('too short here').size).toBe(0);
  });
});

function folderOf(q: Question): string {
  return path.relative(BANK, path.resolve(ROOT, q.file)).split(path.sep)[0]!;
}

function keyedIsLongest(q: Pick<Question, 'choices'>): boolean {
  const choices = q.choices ?? [];
  const keyed = choices.find((c) => c.correct);
  if (!keyed) return false;
  return choices.every((c) => c === keyed || c.text.length < keyed.text.length);
}

function wordRuns(text: string, n = 4): Set<string> {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const runs = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) runs.add(words.slice(i, i + n).join(' '));
  return runs;
}
