import { describe, expect, it } from 'vitest';
import { differingSpan, diffLines, diffRows, gradeFor, gradeReason, slipsBetween, normaliseOutput, normaliseStrict, outputMatches, type Attempt } from '../../src/grade.js';

describe('normaliseOutput', () => {
  it.each([
    ['a\nb', ['a', 'b']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a\rb', ['a', 'b']],
    ['a  \nb\t \n', ['a', 'b']],
    ['a\n\n\nb\n\n', ['a', 'b']],
    ['   \n\t\n', []],
    ['', []],
    ['  indented', ['  indented']],
    ['x  y', ['x  y']],
  ])('%j → %j', (text, expected) => {
    expect(normaliseOutput(text)).toEqual(expected);
  });
});

describe('normaliseStrict', () => {
  it.each([
    ['a \r\nb\n\n', 'a\nb'],
    ['a\n\nb\n', 'a\n\nb'],
    ['a\t\n', 'a'],
    ['  a', '  a'],
  ])('%j → %j', (text, expected) => {
    expect(normaliseStrict(text)).toBe(expected);
  });
});

describe('outputMatches', () => {
  it.each([
    ['same text', 'False\nlint', 'False\nlint', true],
    ['CRLF typed', 'a\nb', 'a\r\nb', true],
    ['trailing spaces', 'a\nb', 'a   \nb\t', true],
    ['trailing blank lines', 'a\nb\n', 'a\nb\n\n\n', true],
    ['blank line inside the expected output', 'a\n\nb', 'a\nb', true],
    ['leading spaces matter', '  a', 'a', false],
    ['inner spacing matters', 'a  b', 'a b', false],
    ['case matters', 'True', 'true', false],
    ['a missing line', 'a\nb', 'a', false],
    ['an extra line', 'a', 'a\nb', false],
    ['lines swapped', 'a\nb', 'b\na', false],
    ['nothing typed', 'a', '', false],
  ])('%s', (_what, expected, typed, result) => {
    expect(outputMatches(expected, typed)).toBe(result);
  });
});

describe('nearMiss: a slip or not', () => {
  it.each([
    ['case only', 'Hello World', 'hello world', true],
    ['spacing only', "{'a': 1}", "{'a':  1}", true],
    ['lines joined with a space', 'a\nb', 'a b', true],
    ['leading space', 'x', '  x', true],
    ['exact match is not a near miss', 'abc', 'abc', false],
    ['match after normalising is not a near miss', 'abc\n', 'abc  \r\n', false],
    ['different words', 'True', 'False', false],
    ['a comma left out is a small typo', '[1, 2]', '[1 2]', true],
    ['a different number is never a slip', 'total: 3', 'total: 4', false],
    ['a misunderstanding is not a slip', 'stage 6 feeds back into collect', 'stage 6 feeds back into stage 1', false],
    ['three characters off is too many', 'ready to serve', 'ready to sever!!', false],
    ['too short to tell a typo from a miss', 'ab', 'ac', false],
  ])('%s', (_what, expected, typed, result) => {
    expect(slipsBetween(expected, typed) !== null).toBe(result);
  });
});

describe('nearMiss says which slip it was', () => {
  it.each([
    ['Hello World', 'hello world', {}, ['case']],
    ["{'a': 1}", "{'a':  1}", {}, ['spacing']],
    ["{'a': 1}", '{"a": 1}', {}, ['quotes']],
    ["{'A':  1}", '{"a": 1}', {}, ['spacing', 'case', 'quotes']],
    ['model ready', 'modle ready', {}, ['typo']],
    ['Model ready', 'modle ready', {}, ['case', 'typo']],
    ['a  b', 'a b', { strictSpacing: true }, null],
    ['a  b', 'a  B', { strictSpacing: true }, ['case']],
    ['ready to serve', 'ready  to serv', { strictSpacing: true }, null],
    ['ready to serve', 'ready to serv', { strictSpacing: true }, ['typo']],
  ])('%j vs %j (%j) → %j', (expected, typed, opts, slips) => {
    expect(slipsBetween(expected, typed, opts)).toEqual(slips);
  });

  it('treats typing "constructor" as text like any other', () => {
    expect(slipsBetween('constructor', 'Constructor')).toEqual(['case']);
  });
});

describe('diffRows and differingSpan', () => {
  it('pairs a run of expected lines with the typed lines that replaced them', () => {
    const rows = diffRows(diffLines(['a', 'b', 'c', 'd'], ['a', 'B', 'x', 'y', 'd']));
    expect(rows).toEqual([
      { op: 'same', text: 'a' },
      { op: 'changed', expected: 'b', typed: 'B' },
      { op: 'changed', expected: 'c', typed: 'x' },
      { op: 'changed', expected: null, typed: 'y' },
      { op: 'same', text: 'd' },
    ]);
  });

  it.each([
    ['feeds back into collect', 'feeds back into stage 1', [16, 23], [16, 23]],
    ['abc', 'abXc', [2, 2], [2, 3]],
    ['abc', 'abc!', [3, 3], [3, 4]],
    ['日本語', '日本人', [2, 3], [2, 3]],
  ])('%j vs %j', (expected, typed, e, t) => {
    expect(differingSpan(expected, typed)).toEqual({ expected: e, typed: t });
  });
});

describe('gradeReason', () => {
  const base: Attempt = { correct: true, nearMiss: false, hints: 0, revealed: false, skipped: false, tried: true };
  it.each<[Partial<Attempt>, string]>([
    [{}, 'correct at the first try'],
    [{ hints: 2 }, 'correct with 2 hints'],
    [{ hints: 1 }, 'correct with 1 hint'],
    [{ nearMiss: true }, 'counted right as a slip'],
    [{ correct: false }, 'wrong'],
    [{ correct: false, revealed: true }, 'revealed (a miss)'],
    [{ skipped: true, tried: false, correct: false }, 'skipped before trying'],
    [{ selfGrade: 'hard' }, 'your own grade'],
  ])('%j → %s', (over, reason) => {
    expect(gradeReason({ ...base, ...over })).toBe(reason);
  });
});

describe('diffLines', () => {
  const same = (text: string) => ({ op: 'same', text });
  const exp = (text: string) => ({ op: 'expected', text });
  const typ = (text: string) => ({ op: 'typed', text });

  it.each([
    ['identical', ['a', 'b'], ['a', 'b'], [same('a'), same('b')]],
    ['both empty', [], [], []],
    ['line inserted by the learner', ['a', 'c'], ['a', 'b', 'c'], [same('a'), typ('b'), same('c')]],
    ['line missed by the learner', ['a', 'b', 'c'], ['a', 'c'], [same('a'), exp('b'), same('c')]],
    ['line changed (expected shown first, as in a unified diff)', ['a', 'b'], ['a', 'x'], [same('a'), exp('b'), typ('x')]],
    ['nothing typed', ['a', 'b'], [], [exp('a'), exp('b')]],
    ['nothing expected', [], ['a'], [typ('a')]],
    ['last line extra', ['a'], ['a', 'z'], [same('a'), typ('z')]],
    ['first line missing', ['a', 'b'], ['b'], [exp('a'), same('b')]],
  ])('%s', (_what, expected, typed, result) => {
    expect(diffLines(expected, typed)).toEqual(result);
  });

  it('keeps every line of both sides, in order', () => {
    const expected = ['1', '2', '3', '4', '5'];
    const typed = ['1', 'x', '3', '5', 'y'];
    const d = diffLines(expected, typed);
    expect(d.filter((l) => l.op !== 'typed').map((l) => l.text)).toEqual(expected);
    expect(d.filter((l) => l.op !== 'expected').map((l) => l.text)).toEqual(typed);
    expect(d.filter((l) => l.op === 'same').map((l) => l.text)).toEqual(['1', '3', '5']);
  });
});

describe('gradeFor', () => {
  const base: Attempt = { correct: false, nearMiss: false, hints: 0, revealed: false, skipped: false, tried: false };
  it.each<[string, Partial<Attempt>, { result: string; grade: string | null }]>([
    ['right first try, no hint', { correct: true }, { result: 'correct', grade: 'good' }],
    ['right after one hint', { correct: true, hints: 1 }, { result: 'correct', grade: 'hard' }],
    ['right after two hints', { correct: true, hints: 2 }, { result: 'correct', grade: 'hard' }],
    ['near miss counted right', { correct: true, nearMiss: true }, { result: 'correct', grade: 'hard' }],
    ['wrong', { correct: false }, { result: 'incorrect', grade: 'again' }],
    ['wrong after a hint', { correct: false, hints: 1 }, { result: 'incorrect', grade: 'again' }],
    ['near miss not counted', { correct: false, nearMiss: true }, { result: 'incorrect', grade: 'again' }],
    ['revealed', { revealed: true }, { result: 'incorrect', grade: 'again' }],
    ['revealed even if marked correct', { revealed: true, correct: true }, { result: 'incorrect', grade: 'again' }],
    ['skipped untouched', { skipped: true }, { result: 'skipped', grade: null }],
    ['skipped after a hint', { skipped: true, tried: true, hints: 1 }, { result: 'skipped', grade: 'again' }],
    ['self grade again', { selfGrade: 'again' }, { result: 'incorrect', grade: 'again' }],
    ['self grade hard', { selfGrade: 'hard' }, { result: 'correct', grade: 'hard' }],
    ['self grade good', { selfGrade: 'good' }, { result: 'correct', grade: 'good' }],
    ['self grade easy', { selfGrade: 'easy', hints: 2 }, { result: 'correct', grade: 'easy' }],
  ])('%s', (_what, attempt, expected) => {
    expect(gradeFor({ ...base, ...attempt })).toEqual(expected);
  });
});
