import { describe, expect, it } from 'vitest';
import { findFences, splitSections } from '../../src/bank/markdown-scan.js';

describe('findFences', () => {
  it('finds a closed fence with its language, lines and content', () => {
    const lines = ['text', '```python', 'a = 1', '', 'print(a)', '```', 'after'];
    expect(findFences(lines, 10)).toEqual([{ line: 11, endLine: 15, language: 'python', content: 'a = 1\n\nprint(a)', closed: true }]);
  });

  it.each<[string, string[], { line: number; endLine: number; language: string; content: string; closed: boolean }[]]>([
    ['no fences', ['a', 'b'], []],
    ['an unclosed fence runs to the last line', ['x', '```text', 'a', 'b'], [{ line: 2, endLine: 4, language: 'text', content: 'a\nb', closed: false }]],
    ['tildes', ['~~~', 'a', '~~~'], [{ line: 1, endLine: 3, language: '', content: 'a', closed: true }]],
    ['a shorter closing fence does not close', ['````', '```', '````'], [{ line: 1, endLine: 3, language: '', content: '```', closed: true }]],
    ['a tilde line does not close a backtick fence', ['```', '~~~', '```'], [{ line: 1, endLine: 3, language: '', content: '~~~', closed: true }]],
    ['an indented fence loses its indent in the content', ['  ```sh', '  ls', '    -l', '  ```'], [{ line: 1, endLine: 4, language: 'sh', content: 'ls\n  -l', closed: true }]],
    ['four spaces is not a fence', ['    ```', 'a'], []],
    ['the info string after the language is ignored', ['```python title="x"', 'a', '```'], [{ line: 1, endLine: 3, language: 'python', content: 'a', closed: true }]],
    ['inline backticks are not a fence', ['```a```'], []],
    ['two fences in a row', ['```', 'a', '```', '```', 'b', '```'], [
      { line: 1, endLine: 3, language: '', content: 'a', closed: true },
      { line: 4, endLine: 6, language: '', content: 'b', closed: true },
    ]],
  ])('%s', (_what, lines, expected) => {
    expect(findFences(lines, 1)).toEqual(expected);
  });
});

describe('splitSections', () => {
  it('splits at level-2 headings, keeping the prompt before them', () => {
    const lines = ['Prompt', '', '## Hint', 'h', '### Not a section', '## Answer ##', 'a'];
    const { prompt, sections } = splitSections(lines, 8, findFences(lines, 8));
    expect(prompt).toEqual({ name: '', line: 8, lines: ['Prompt', ''] });
    expect(sections).toEqual([
      { name: 'Hint', line: 10, lines: ['h', '### Not a section'] },
      { name: 'Answer', line: 13, lines: ['a'] },
    ]);
  });

  it.each([
    ['# Level one', 0],
    ['##NoSpace', 0],
    ['   ## Three spaces', 1],
    ['    ## Four spaces is code', 0],
    ['## Trailing   ', 1],
  ])('%j makes %i section(s)', (heading, count) => {
    const lines = ['p', heading, 'x'];
    expect(splitSections(lines, 1, findFences(lines, 1)).sections).toHaveLength(count);
  });

  it('ignores headings inside fences, also unclosed ones', () => {
    const lines = ['p', '```', '## Hint', '```', '## Hint', 'h', '```', '## Answer'];
    const { sections } = splitSections(lines, 1, findFences(lines, 1));
    expect(sections.map((s) => [s.name, s.line])).toEqual([['Hint', 5]]);
    expect(sections[0]!.lines).toEqual(['h', '```', '## Answer']);
  });
});
