import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/bank/question.js';
import { formatProblems, sortProblems } from '../../src/commands/validate.js';
import { configureColor } from '../../src/ui/output.js';

const problem = (over: Partial<Problem>): Problem => ({ file: 'bank/q.md', line: 3, col: 2, severity: 'error', message: 'bad thing', ...over });

describe("formatProblems 'github'", () => {
  it.each<[string, Partial<Problem>, string]>([
    ['an error', {}, '::error file=bank/q.md,line=3,col=2::bad thing'],
    ['a warning', { severity: 'warning', line: 7, col: 1 }, '::warning file=bank/q.md,line=7,col=1::bad thing'],
    ['% in the message', { message: '50% done' }, '::error file=bank/q.md,line=3,col=2::50%25 done'],
    ['a newline in the message', { message: 'one\ntwo' }, '::error file=bank/q.md,line=3,col=2::one%0Atwo'],
    ['CR LF in the message', { message: 'one\r\ntwo' }, '::error file=bank/q.md,line=3,col=2::one%0D%0Atwo'],
    ['":" and "," kept in the message', { message: "key 'a': x, y" }, "::error file=bank/q.md,line=3,col=2::key 'a': x, y"],
    ['":" and "," in the file', { file: 'C:/bank/a,b.md' }, '::error file=C%3A/bank/a%2Cb.md,line=3,col=2::bad thing'],
    ['% in the file (escaped first, not twice)', { file: '100%:a.md' }, '::error file=100%25%3Aa.md,line=3,col=2::bad thing'],
    ['a newline in the file', { file: 'a\nb.md' }, '::error file=a%0Ab.md,line=3,col=2::bad thing'],
  ])('%s', (_what, over, expected) => {
    expect(formatProblems([problem(over)], 'github')).toEqual([expected]);
  });

  it('gives one line per problem, in the order given', () => {
    const lines = formatProblems([problem({ line: 9 }), problem({ line: 1 })], 'github');
    expect(lines).toEqual(['::error file=bank/q.md,line=9,col=2::bad thing', '::error file=bank/q.md,line=1,col=2::bad thing']);
  });

  it('gives nothing for no problems', () => {
    expect(formatProblems([], 'github')).toEqual([]);
    expect(formatProblems([], 'text')).toEqual([]);
  });
});

describe("formatProblems 'text'", () => {
  beforeEach(() => configureColor(false));
  afterEach(() => configureColor(false));

  it.each<[Partial<Problem>, string]>([
    [{}, 'bank/q.md:3:2: error: bad thing'],
    [{ severity: 'warning', line: 1, col: 1, message: "unknown key 'x'" }, "bank/q.md:1:1: warning: unknown key 'x'"],
    [{ file: '/abs/path/a.md', message: '50% done' }, '/abs/path/a.md:3:2: error: 50% done'],
  ])('%j', (over, expected) => {
    expect(formatProblems([problem(over)], 'text')).toEqual([expected]);
  });

  it('colours the severity when colour is on', () => {
    configureColor(true);
    expect(formatProblems([problem({})], 'text')).toEqual(['bank/q.md:3:2: \u001b[31merror\u001b[39m: bad thing']);
  });
});

describe('sortProblems', () => {
  it('sorts by file, then line, then column, without changing its input', () => {
    const input = [problem({ file: 'b.md', line: 1 }), problem({ file: 'a.md', line: 5, col: 3 }), problem({ file: 'a.md', line: 5, col: 1 }), problem({ file: 'a.md', line: 2 })];
    const copy = [...input];
    expect(sortProblems(input).map((p) => `${p.file}:${p.line}:${p.col}`)).toEqual(['a.md:2:2', 'a.md:5:1', 'a.md:5:3', 'b.md:1:2']);
    expect(input).toEqual(copy);
  });

  it('sorts line numbers as numbers', () => {
    expect(sortProblems([problem({ line: 10 }), problem({ line: 9 })]).map((p) => p.line)).toEqual([9, 10]);
  });
});
