import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseQuestion } from '../../src/bank/parse.js';

/**
 * Property: whatever bytes a deck holds, the parser returns (no throw, no hang) either a
 * question or at least one error, and every problem points at a line of the file.
 */
const VALID = [
  '---',
  'id: prop-sample',
  'title: A sample question',
  'difficulty: medium',
  'type: choice',
  'topics: [serving, api]',
  '---',
  'Which one is right?',
  '',
  '```python',
  'print("hi")',
  '```',
  '',
  '## Choices',
  '- [ ] First',
  '- [x] Second',
  '- [ ] Third',
  '',
  '## Hint',
  'Think about it.',
  '',
  '## Answer',
  'The second.',
  '',
  '## Explanation',
  'Because.',
  '',
].join('\n');

const PIECES = ['---', '```', '~~~', '## Hint', '## Answer', '## Choices', '- [x] yes', '- [ ] no', 'id: 0123', 'type: output', ': :', '"', "'", '{', '[', '\t', '\r\n', '\u0000', '\u001b[2J', '\uFEFF', '---js', 'x'.repeat(200)];

function checkInvariant(text: string): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const result = parseQuestion(text, 'prop.md');
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (result.question === null) expect(errors.length).toBeGreaterThan(0);
  else expect(errors).toEqual([]);
  for (const p of result.problems) {
    expect(p.file).toBe('prop.md');
    expect(Number.isInteger(p.line)).toBe(true);
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lineCount + 1);
    expect(p.col).toBeGreaterThanOrEqual(1);
    expect(p.message.length).toBeGreaterThan(0);
    // Deck text never reaches the terminal with escape sequences, even in error messages.
    expect(p.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  }
}

describe('parseQuestion on random input', () => {
  it('the unmutated sample parses (so the mutations below start from a valid file)', () => {
    const r = parseQuestion(VALID, 'prop.md');
    expect(r.problems).toEqual([]);
    expect(r.question?.id).toBe('prop-sample');
  });

  it('arbitrary strings give a question or errors with line numbers', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), checkInvariant), { numRuns: 400 });
  });

  it('valid files with lines deleted, duplicated, swapped or replaced stay within the contract', () => {
    const lines = VALID.split('\n');
    const mutation = fc.array(
      fc.record({
        kind: fc.constantFrom('delete', 'duplicate', 'swap', 'replace', 'insert'),
        at: fc.nat(lines.length + 2),
        other: fc.nat(lines.length + 2),
        piece: fc.constantFrom(...PIECES),
      }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(mutation, (ops) => {
        const ls = [...lines];
        for (const op of ops) {
          const i = op.at % Math.max(1, ls.length);
          const j = op.other % Math.max(1, ls.length);
          if (op.kind === 'delete') ls.splice(i, 1);
          else if (op.kind === 'duplicate') ls.splice(i, 0, ls[i] ?? '');
          else if (op.kind === 'swap') [ls[i], ls[j]] = [ls[j] ?? '', ls[i] ?? ''];
          else if (op.kind === 'replace') ls[i] = op.piece;
          else ls.splice(i, 0, op.piece);
        }
        checkInvariant(ls.join('\n'));
      }),
      { numRuns: 600 },
    );
  });

  it('characters sprinkled anywhere in a valid file stay within the contract', () => {
    fc.assert(
      fc.property(fc.nat(VALID.length), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), (at, junk) => {
        checkInvariant(VALID.slice(0, at) + junk + VALID.slice(at));
      }),
      { numRuns: 600 },
    );
  });
});
