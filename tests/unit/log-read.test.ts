import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RidSet } from '../../src/progress/checkpoint.js';
import { CLOCK_SKEW_MS, datedSanely, readLogText, scanLines } from '../../src/progress/log-read.js';

const NOW = Date.UTC(2026, 5, 1);
const answer = (rid: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({ v: 1, kind: 'answer', rid, at: '2026-01-01T00:00:00.000Z', session: 's', bank: 'b', id: 'q', result: 'correct', grade: 'good', hints: 0, revealed: false, nearMiss: false, seconds: 1, mode: 'drill', ...over });

describe('readLogText: what a newer writer, a retried write or a bad clock leaves', () => {
  it.each([
    ['a kind this version does not know', JSON.stringify({ v: 1, kind: 'note', rid: 'f1', at: '2026-01-01T00:00:00Z', session: 's', id: 'q' })],
    ['a result this version does not know', answer('p1', { result: 'partial' })],
    ['a grade this version does not know', answer('p2', { grade: 'perfect' })],
    ['a mode this version does not know', answer('p3', { mode: 'speedrun' })],
  ])('%s: kept out of the records, counted, not a bad line, never foreign', (_what, line) => {
    const read = readLogText(`${line}\n`, { now: NOW });
    expect(read).toMatchObject({ records: [], badLines: [], unknown: 1, foreign: false });
  });

  it('a rid met again is skipped and counted', () => {
    const read = readLogText([answer('a'), answer('b'), answer('a', { result: 'incorrect' })].join('\n') + '\n', { now: NOW });
    expect(read.records.map((r) => r.rid)).toEqual(['a', 'b']);
    expect(read.duplicates).toBe(1);
  });

  it('finds every repeated rid, as a set of the rids would, whatever their hashes (colliding ones too)', () => {
    // Pairs with the same 32-bit FNV-1a key, so that a hash hit must be checked against the rid itself.
    const rid = fc.oneof(fc.constantFrom('costarring', 'liquid', 'declinate', 'macallums', 'altarage', 'zinke'), fc.string({ minLength: 1, maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(rid, { maxLength: 3000 }), (rids) => {
        const read = readLogText(rids.map((r) => answer(r)).join('\n') + '\n', { now: NOW });
        const distinct = [...new Set(rids)];
        expect(read.records.map((r) => r.rid)).toEqual(distinct);
        expect(read.duplicates).toBe(rids.length - distinct.length);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['the last date JavaScript knows', '+275760-09-13T00:00:00.000Z', false],
    ['the year 2999', '2999-01-01T00:00:00.000Z', false],
    ['just beyond the clock-skew allowance', new Date(NOW + CLOCK_SKEW_MS + 1000).toISOString(), false],
    ['within the clock-skew allowance', new Date(NOW + CLOCK_SKEW_MS - 1000).toISOString(), true],
    ['before 2000', '1999-12-31T23:59:59.000Z', false],
    ['an ordinary day', '2026-01-01T00:00:00.000Z', true],
  ])('a record dated %s: folded only when sane', (_what, at, sane) => {
    expect(datedSanely(at, NOW)).toBe(sane);
    const read = readLogText(answer('r', { at }) + '\n', { now: NOW });
    expect(read.records).toHaveLength(sane ? 1 : 0);
    expect(read.outOfRange).toBe(sane ? 0 : 1);
    expect(read.foreign).toBe(false);
  });

  it('a UTF-8 BOM before the first record is not part of it', () => {
    const read = readLogText(`\uFEFF${answer('a')}`, { now: NOW });
    expect(read.records.map((r) => r.rid)).toEqual(['a']);
    expect(read.foreign).toBe(false);
  });
});

describe('scanLines', () => {
  it('gives the same lines as splitting the text, across chunk boundaries and multi-byte characters, and hashes up to the last newline', () => {
    // Lines of varied length with a 4-byte character, more than one 1 MiB chunk in all, no final newline.
    const lines = Array.from({ length: 40_000 }, (_, i) => `${'x'.repeat(i % 97)}🎯${i}`);
    const text = lines.join('\n');
    const buf = Buffer.from(text);
    expect(buf.length).toBeGreaterThan(2 * (1 << 20));
    const seen: [string, boolean, number][] = [];
    const hash = createHash('sha256');
    const scanned = scanLines(buf, 0, buf.length, (line, term, at) => seen.push([line, term, at]), hash);
    expect(seen.map(([l]) => l)).toEqual(lines);
    expect(seen.map(([, t]) => t)).toEqual(lines.map((_, i) => i < lines.length - 1));
    for (const [line, , at] of seen.slice(0, 200)) expect(buf.subarray(at, at + Buffer.byteLength(line)).toString()).toBe(line);
    const cleanEnd = buf.lastIndexOf(0x0a) + 1;
    expect(scanned).toEqual({ cleanEnd, lines: lines.length - 1 });
    expect(hash.digest('hex')).toBe(createHash('sha256').update(buf.subarray(0, cleanEnd)).digest('hex'));
  });

  it('decodes each line as decoding that line alone does, broken UTF-8 included', () => {
    // Bytes that are mostly newlines, ASCII and pieces of multi-byte sequences, cut anywhere.
    const piece = fc.constantFrom(0x0a, 0x7b, 0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x8e, 0xaf, 0xc3, 0xa9, 0xff, 0x80, 0xed, 0xa0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }).chain((noise) => fc.array(piece, { maxLength: 300 }).map((bytes) => [...bytes, ...noise.filter((_, i) => i % 7 === 0)])), (bytes) => {
        const buf = Buffer.from(bytes);
        const seen: [string, boolean, number][] = [];
        const scanned = scanLines(buf, 0, buf.length, (line, term, at) => seen.push([line, term, at]));
        const expected: [string, boolean, number][] = [];
        let from = 0;
        for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, nl + 1)) {
          expected.push([buf.subarray(from, nl).toString('utf8'), true, from]);
          from = nl + 1;
        }
        if (from < buf.length) expected.push([buf.subarray(from).toString('utf8'), false, from]);
        expect(seen).toEqual(expected);
        expect(scanned).toEqual({ cleanEnd: buf.lastIndexOf(0x0a) + 1, lines: expected.filter(([, term]) => term).length });
      }),
      { numRuns: 400 },
    );
  });

  it('a line longer than any record is one unreadable line, not kept in memory', () => {
    const buf = Buffer.from(`${answer('a')}\n${'y'.repeat(3 << 20)}\n${answer('b')}\n`);
    const got: string[] = [];
    scanLines(buf, 0, buf.length, (line) => got.push(line));
    expect(got).toHaveLength(3);
    expect(got[1]!.length).toBeLessThan(1 << 21);
    expect(readLogText(got.join('\n') + '\n', { now: NOW })).toMatchObject({ badLines: [2], foreign: false });
  });
});

describe('RidSet', () => {
  it('has every rid put in, survives base64, and refuses an unsorted set', () => {
    const rids = Array.from({ length: 5_000 }, (_, i) => `rid-${i}`);
    const set = RidSet.fromBase64(RidSet.of(rids).toBase64())!;
    expect(rids.every((r) => set.mayHave(r))).toBe(true);
    const others = Array.from({ length: 5_000 }, (_, i) => `other-${i}`).filter((r) => set.mayHave(r));
    expect(others.length).toBeLessThan(5);
    expect(RidSet.fromBase64(Buffer.from(new Uint32Array([5, 3]).buffer).toString('base64'))).toBeNull();
    expect(RidSet.fromBase64('abc')).toBeNull();
  });
});
