import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/bank/load.js';
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

  it('has at least 75 questions: 15 or more at each difficulty, 20 choice, 15 output, 10 open', () => {
    const qs = bank.questions;
    expect(qs.length).toBeGreaterThanOrEqual(75);
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
});
