import { describe, expect, it } from 'vitest';
import { parseQuestion } from '../../src/bank/parse.js';
import { LIMITS, nestingOf } from '../../src/bank/limits.js';
import type { Problem } from '../../src/bank/question.js';
import { renderMarkdown } from '../../src/ui/markdown.js';
import { file, frontLines } from './question-text.js';

/**
 * Question files that would freeze or crash the drill (issue: quadratic time in marked,
 * a stack overflow on deep nesting) are refused by validate, each at its line; files
 * just inside the limits render completely.
 */
const brief = (problems: Problem[]) => problems.filter((p) => p.severity === 'error').map((p) => `${p.line}: ${p.message}`);
/** An open question whose prompt is `prompt` (lines): the body starts on line 8. */
const openWith = (prompt: string[]) => file(frontLines(), [...prompt, '', '## Hint', 'h', '', '## Answer', 'a']);

describe('limits: hostile files are refused at their line', () => {
  it.each<[string, string[], RegExp, number]>([
    ['40,000 underscores on a line', ['a ' + '_'.repeat(40_000) + ' b'], /^8: line too long: 40004 characters/, 8],
    ['*a 100,000 times', ['*a'.repeat(100_000)], /^1: file too large: \d+ KiB/, 1],
    ['[a]( 50,000 times', ['[a]('.repeat(50_000)], /^1: file too large/, 1],
    ['5,000 nested > on one line', ['>'.repeat(5_000) + ' a'], /^8: line too long/, 8],
  ])('%s', (_what, prompt, expected, line) => {
    const r = parseQuestion(openWith(prompt), 'q.md');
    expect(r.question).toBeNull();
    const errors = brief(r.problems);
    expect(errors.find((e) => expected.test(e)), errors.join('\n')).toBeDefined();
    expect(r.problems.every((p) => p.line >= 1)).toBe(true);
    expect(r.problems[0]!.line).toBe(line);
  });

  it('a file too large is not parsed any further: one error', () => {
    const r = parseQuestion(openWith(['x'.repeat(100) + '\n'].concat(Array.from({ length: 700 }, () => 'y'.repeat(100)))), 'q.md');
    expect(brief(r.problems)).toEqual([expect.stringMatching(/^1: file too large: 7\d KiB, a question file may hold at most 64 KiB$/)]);
  });

  it('block quotes nested one line at a time: an error at the first line deeper than the limit', () => {
    const prompt = Array.from({ length: 40 }, (_, i) => '>'.repeat(i + 1) + ' a');
    const r = parseQuestion(openWith(prompt), 'q.md');
    expect(brief(r.problems)).toEqual([`${8 + LIMITS.nesting}: nested too deeply: block quotes and lists may nest at most ${LIMITS.nesting} levels`]);
  });

  it('lists nested by indentation count as nesting too', () => {
    const prompt = Array.from({ length: 40 }, (_, i) => ' '.repeat(2 * i) + '- a');
    expect(brief(parseQuestion(openWith(prompt), 'q.md').problems)).toEqual([expect.stringMatching(/^\d+: nested too deeply/)]);
  });

  it('too many inline markers in a section: an error at the line where the count passes the limit', () => {
    // 50 markers a line: the limit is passed on line 41 of the section.
    const lines = Array.from({ length: 60 }, () => '_*a'.repeat(25));
    const text = file(frontLines(), ['Prompt.', '', '## Hint', 'h', '', '## Answer', ...lines]);
    const errors = brief(parseQuestion(text, 'q.md').problems);
    expect(errors).toEqual([`${13 + LIMITS.markers / 50 + 1}: section '## Answer' holds more than ${LIMITS.markers} Markdown markers (* _ ~ [ \` < \\ $) outside code blocks; put code in a fenced block`]);
  });

  it('markers inside fenced code do not count', () => {
    const code = Array.from({ length: 200 }, () => 'x = a_b * c_d[1] * e_f[2]  # <_*_>');
    const text = file(frontLines(), ['Prompt.', '', '```python', ...code, '```', '', '## Hint', 'h', '', '## Answer', 'a']);
    expect(brief(parseQuestion(text, 'q.md').problems)).toEqual([]);
  });

  it('a section of more lines than the limit: an error at its heading', () => {
    const text = file(frontLines(), ['Prompt.', '', '## Hint', 'h', '', '## Answer', ...Array.from({ length: LIMITS.sectionLines + 1 }, () => 'b')]);
    expect(brief(parseQuestion(text, 'q.md').problems)).toEqual([`13: section '## Answer' too long: ${LIMITS.sectionLines + 1} lines, a section may hold at most ${LIMITS.sectionLines}`]);
  });

  it.each<[string, number]>([
    ['plain text', 0],
    ['    indented', 2],
    ['> > quote', 2],
    ['- - - item', 3],
    ['1. > - x', 3],
    ['  - nested', 2],
    ['\t- tab', 3],
    ['-not a marker', 0],
  ])('nestingOf(%j) = %i', (line, depth) => {
    expect(nestingOf(line)).toBe(depth);
  });
});

/** Text just inside every limit, in the shapes that are slow in marked. */
const NEAR_LIMIT: [string, string[]][] = [
  ['a line of underscores', ['a ' + '_'.repeat(LIMITS.lineChars - 4) + ' b']],
  ['_*a on long lines', Array.from({ length: 4 }, () => '_*a'.repeat(Math.floor(LIMITS.markers / 8)))],
  ['*a on many lines', Array.from({ length: 39 }, () => '*a'.repeat(25))],
  ['[a]( on long lines', Array.from({ length: 3 }, () => '[a]('.repeat(300))],
  ['a word as long as a line', ['x'.repeat(LIMITS.lineChars)]],
  ['HTML tags', Array.from({ length: 6 }, () => '<sub>q<b>q<a href="x">q'.repeat(30))],
  ['nested HTML lists', ['<div>' + '<ul><li>q'.repeat(220) + '</div>']],
  ['HTML comments left open', Array.from({ length: 4 }, () => 'a<!--'.repeat(100))],
  ['math', Array.from({ length: 20 }, () => '$a_b$ $$'.repeat(12))],
  ['nested quotes', Array.from({ length: LIMITS.nesting }, (_, i) => '>'.repeat(i + 1) + ' a')],
  ['a list item of many lines', ['- a', ...Array.from({ length: LIMITS.sectionLines - 10 }, () => '  b')]],
  ['nested lists', Array.from({ length: 20 }, () => Array.from({ length: 16 }, (_, i) => ' '.repeat(2 * i) + '- a')).flat().slice(0, LIMITS.sectionLines - 10)],
];

describe('limits: text just inside them passes and renders whole', () => {
  it.each(NEAR_LIMIT)('%s', (_what, lines) => {
    const r = parseQuestion(openWith(lines), 'q.md');
    expect(brief(r.problems)).toEqual([]);
    const shown = renderMarkdown(r.question!.prompt, 80);
    // Nothing is lost: every letter of the prompt is on screen.
    const prompt = r.question!.prompt;
    const letters = (s: string) => (s.match(prompt.includes('<') && !prompt.includes('<!--') ? /q/g : /[a-z]/g) ?? []).length;
    expect(letters(shown)).toBe(letters(prompt));
  });
});

describe('renderMarkdown never throws', () => {
  it('shows 5,000 nested > as text instead of overflowing the stack', () => {
    const shown = renderMarkdown('>'.repeat(5_000) + ' deep', 80);
    expect(shown).toContain('deep');
  });
});
