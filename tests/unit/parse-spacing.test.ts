import { describe, expect, it } from 'vitest';
import { parseQuestion } from '../../src/bank/parse.js';
import { FENCE, file, frontLines } from './question-text.js';

const outputBody = ['What does it print?', '', `${FENCE}python`, 'print("a  b")', FENCE, '', '## Hint', 'Two spaces.', '', '## Answer', `${FENCE}text`, 'a  b', FENCE];
const openBody = ['Explain.', '', '## Hint', 'Think.', '', '## Answer', 'Because.'];

describe('spacing: strict', () => {
  it('marks an output question whose point is the spacing', () => {
    const r = parseQuestion(file(frontLines({ type: 'output', extra: ['spacing: strict'] }), outputBody), 'q.md');
    expect(r.problems).toEqual([]);
    expect(r.question?.spacing).toBe('strict');
  });

  it('is absent by default and with spacing: loose', () => {
    expect(parseQuestion(file(frontLines({ type: 'output' }), outputBody), 'q.md').question?.spacing).toBeUndefined();
    expect(parseQuestion(file(frontLines({ type: 'output', extra: ['spacing: loose'] }), outputBody), 'q.md').question?.spacing).toBeUndefined();
  });

  it.each([
    ['an unknown value is an error at its line', 'output', outputBody, 'spacing: tight', 'error', /spacing must be strict or loose, got 'tight'/],
    ['on another type it is a warning', 'open', openBody, 'spacing: strict', 'warning', /spacing applies only to output questions/],
  ])('%s', (_what, type, body, line, severity, message) => {
    const r = parseQuestion(file(frontLines({ type, extra: [line] }), body), 'q.md');
    expect(r.problems).toEqual([expect.objectContaining({ line: 7, severity, message: expect.stringMatching(message) })]);
  });
});
