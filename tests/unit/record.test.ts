import { describe, expect, it } from 'vitest';
import {
  effectiveAnswers,
  serialise,
  toRecord,
  type AnswerRecord,
  type LogRecord,
  type UndoRecord,
} from '../../src/progress/record.js';
import { readLogText } from '../../src/progress/log-read.js';

function answer(rid: string, over: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    v: 1,
    kind: 'answer',
    rid,
    at: '2024-03-01T10:00:00.000Z',
    session: 's1',
    bank: '/bank',
    id: 'q1',
    result: 'correct',
    grade: 'good',
    hints: 0,
    revealed: false,
    nearMiss: false,
    seconds: 12,
    mode: 'drill',
    ...over,
  };
}

function undo(rid: string, undoes: string): UndoRecord {
  return { v: 1, kind: 'undo', rid, at: '2024-03-01T10:01:00.000Z', session: 's1', undoes };
}

const line = (r: unknown) => JSON.stringify(r);

describe('readLogText', () => {
  it('reads valid lines in order', () => {
    const a = answer('r1');
    const b = answer('r2', { id: 'q2', result: 'skipped', grade: null });
    const u = undo('r3', 'r1');
    const read = readLogText([a, b, u].map(line).join('\n') + '\n');
    expect(read).toEqual({ records: [a, b, u], badLines: [], tornTail: false, newerVersion: null, foreign: false, unknown: 0, duplicates: 0, outOfRange: 0 });
  });

  it('reads an empty file as an empty log', () => {
    expect(readLogText('')).toEqual({ records: [], badLines: [], tornTail: false, newerVersion: null, foreign: false, unknown: 0, duplicates: 0, outOfRange: 0 });
  });

  it('skips blank lines without calling them bad', () => {
    const read = readLogText(`\n${line(answer('r1'))}\n\n   \n`);
    expect(read.records).toHaveLength(1);
    expect(read.badLines).toEqual([]);
    expect(read.foreign).toBe(false);
  });

  it('treats a cut-off last line without a newline as a torn tail, not a bad line', () => {
    const full = line(answer('r2'));
    const read = readLogText(`${line(answer('r1'))}\n${full.slice(0, 40)}`);
    expect(read.records.map((r) => r.rid)).toEqual(['r1']);
    expect(read.tornTail).toBe(true);
    expect(read.badLines).toEqual([]);
    expect(read.foreign).toBe(false);
  });

  it('reads a complete last record without a trailing newline', () => {
    const read = readLogText(`${line(answer('r1'))}\n${line(answer('r2'))}`);
    expect(read.records.map((r) => r.rid)).toEqual(['r1', 'r2']);
    expect(read.tornTail).toBe(false);
  });

  it('reports a bad line in the middle by its 1-based number', () => {
    const text = [line(answer('r1')), '{"v":1,"kind":"ans', line(answer('r3')), 'hello', line(answer('r5'))].join('\n') + '\n';
    const read = readLogText(text);
    expect(read.records.map((r) => r.rid)).toEqual(['r1', 'r3', 'r5']);
    expect(read.badLines).toEqual([2, 4]);
    expect(read.tornTail).toBe(false);
    expect(read.foreign).toBe(false);
  });

  it('calls a file of random bytes foreign', () => {
    let x = 12345;
    const bytes = Buffer.alloc(600);
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      bytes[i] = x >> 16 & 0xff;
    }
    const text = bytes.toString('latin1') + '\n';
    expect(text.split('\n').filter((l) => l.trim() !== '').length).toBeGreaterThan(1);
    const read = readLogText(text);
    expect(read.records).toEqual([]);
    expect(read.foreign).toBe(true);
  });

  it.each([
    ['a JSON object of another shape', '{"name":"my-package","version":"1.0.0"}\n'],
    ['JSON arrays and numbers', '[1,2,3]\n42\nnull\n'],
    ['a text file', 'dear diary\nit rained\n'],
    ['answers with a field of the wrong type', line({ ...answer('r1'), grade: 5 }) + '\n' + line({ ...answer('r2'), hints: 'none' }) + '\n'],
  ])('calls %s foreign', (_what, text) => {
    const read = readLogText(text);
    expect(read.records).toEqual([]);
    expect(read.foreign).toBe(true);
    expect(read.badLines.length).toBeGreaterThan(0);
  });

  it.each([
    ['one line of text', 'hello world'],
    ['a JSON object of another shape', '{"name":"my-package"}'],
    ['binary noise', '\u0089PNG\r\u001a\u0000\u0000'],
  ])('calls a file holding only %s without a newline foreign', (_what, text) => {
    const read = readLogText(text);
    expect(read.records).toEqual([]);
    expect(read.foreign).toBe(true);
  });

  it('reads a complete JSON line of the wrong shape at the end as a bad line, not a torn one', () => {
    const read = readLogText(`${line(answer('r1'))}\n{"name":"x"}`);
    expect(read.badLines).toEqual([2]);
    expect(read.tornTail).toBe(false);
    expect(read.foreign).toBe(false);
  });

  it('treats a lone cut-off first record as a torn write, not a foreign file', () => {
    const read = readLogText(line(answer('r1')).slice(0, 30));
    expect(read).toEqual({ records: [], badLines: [], tornTail: true, newerVersion: null, foreign: false, unknown: 0, duplicates: 0, outOfRange: 0 });
  });

  it('is not foreign when a single record is readable', () => {
    const read = readLogText(`garbage\n${line(answer('r1'))}\nmore garbage\n`);
    expect(read.foreign).toBe(false);
    expect(read.badLines).toEqual([1, 3]);
  });

  it('notes a record from a newer version and leaves it out', () => {
    const newer = { ...answer('r2'), v: 2 };
    const read = readLogText(`${line(answer('r1'))}\n${line(newer)}\n${line({ ...newer, v: 3, rid: 'r3' })}\n`);
    expect(read.newerVersion).toBe(3);
    expect(read.records.map((r) => r.rid)).toEqual(['r1']);
    expect(read.badLines).toEqual([]);
    expect(read.foreign).toBe(false);
  });

  it('reports newerVersion 2 for a log holding only a v: 2 record, and does not call it foreign', () => {
    const read = readLogText(line({ ...answer('r1'), v: 2, shape: 'changed' }) + '\n');
    expect(read.newerVersion).toBe(2);
    expect(read.foreign).toBe(false);
  });
});

describe('toRecord', () => {
  const a = answer('r1');
  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [a]],
    ['a string', 'answer'],
    ['no rid', { ...a, rid: undefined }],
    ['empty rid', { ...a, rid: '' }],
    ['a bad date', { ...a, at: 'yesterday' }],
    ['no session', { ...a, session: undefined }],
    ['an unknown kind', { ...a, kind: 'note' }],
    ['no id', { ...a, id: '' }],
    ['a numeric bank', { ...a, bank: 3 }],
    ['an unknown result', { ...a, result: 'great' }],
    ['an unknown grade', { ...a, grade: 'excellent' }],
    ['an unknown mode', { ...a, mode: 'party' }],
    ['negative hints', { ...a, hints: -1 }],
    ['seconds as text', { ...a, seconds: '12' }],
    ['revealed as a number', { ...a, revealed: 0 }],
    ['a negative version', { ...a, v: -1 }],
    ['an undo without undoes', { ...undo('u1', 'r1'), undoes: '' }],
  ])('refuses %s', (_what, value) => {
    expect(toRecord(value)).toBeNull();
  });

  it('accepts a skipped answer with grade null', () => {
    const skipped = answer('r1', { result: 'skipped', grade: null });
    expect(toRecord(skipped)).toEqual(skipped);
  });

  it('fills in nearMiss: false when an older record lacks it', () => {
    const { nearMiss: _n, ...old } = answer('r1');
    expect(toRecord(old)).toEqual({ ...old, nearMiss: false });
  });

  it('accepts an undo record', () => {
    const u = undo('u1', 'r1');
    expect(toRecord(u)).toEqual(u);
  });
});

describe('effectiveAnswers', () => {
  const a1 = answer('r1');
  const a2 = answer('r2');
  const a3 = answer('r3');
  it.each<[string, LogRecord[], string[]]>([
    ['no undo', [a1, a2, a3], ['r1', 'r2', 'r3']],
    ['one answer undone', [a1, a2, undo('u1', 'r2'), a3], ['r1', 'r3']],
    ['undo listed before its answer', [undo('u1', 'r1'), a1, a2], ['r2']],
    ['undo of an unknown record', [a1, undo('u1', 'nope')], ['r1']],
    ['all undone', [a1, a2, undo('u1', 'r1'), undo('u2', 'r2')], []],
    ['nothing', [], []],
  ])('%s', (_what, records, rids) => {
    expect(effectiveAnswers(records).map((r) => r.rid)).toEqual(rids);
  });
});

describe('serialise', () => {
  it('writes one line of JSON ending with a newline', () => {
    const a = answer('r1');
    const text = serialise(a);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect(JSON.parse(text)).toEqual(a);
  });

  it('round-trips through readLogText', () => {
    const records: LogRecord[] = [answer('r1'), answer('r2', { grade: null, result: 'skipped' }), undo('u1', 'r1')];
    const read = readLogText(records.map(serialise).join(''));
    expect(read.records).toEqual(records);
    expect(read.tornTail).toBe(false);
  });

  it('keeps a newline inside a field escaped on the same line', () => {
    const text = serialise(answer('r1', { bank: 'a\nb' }));
    expect(text.split('\n')).toHaveLength(2);
  });
});

describe('flag records', () => {
  const flag = { v: 1, kind: 'flag', rid: 'f1', at: '2026-01-01T00:00:00.000Z', session: 's', bank: 'bundled', id: 'q1', reason: 'the answer key is wrong' };
  it('are read back as flags and never count as answers', () => {
    const read = readLogText(JSON.stringify(flag) + '\n');
    expect(read.records).toEqual([flag]);
    expect(read.badLines).toEqual([]);
    expect(effectiveAnswers(read.records)).toEqual([]);
  });

  it.each([{ reason: 3 }, { id: '' }, { bank: null }])('without a proper %j are not records', (over) => {
    expect(toRecord({ ...flag, ...over })).toBeNull();
  });
});
