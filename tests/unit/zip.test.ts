import { Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZip, ZIP_LIMITS } from '../../src/decks/zip.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

/** A zip written as a stream, sizes after the data (as Java's ZipOutputStream and AnkiDroid write them). */
function streamedZip(entries: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  for (const [name, data] of Object.entries(entries)) {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    file.push(data, true);
  }
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('readZip', () => {
  it('reads the entries asked for, from plain and streamed zips', () => {
    for (const data of [zipSync({ media: bytes('{}'), '0': bytes('IMG'.repeat(1000)), other: bytes('x') }), streamedZip({ media: bytes('{}'), '0': bytes('IMG'.repeat(1000)), other: bytes('x') })]) {
      const files = readZip(data, 'd.apkg', (n) => n !== 'other');
      expect([...files.keys()].sort()).toEqual(['0', 'media']);
      expect(text(files.get('0'))).toBe('IMG'.repeat(1000));
    }
  });

  it.each([
    ['too many entries', zipSync({ a: bytes('1'), b: bytes('2'), c: bytes('3') }), { ...ZIP_LIMITS, entries: 2 }, /more than 2 files/],
    ['an entry too large', zipSync({ a: new Uint8Array(5000) }), { ...ZIP_LIMITS, entryBytes: 4000 }, /zip bomb/],
    ['too much in all', zipSync({ a: new Uint8Array(3000), b: new Uint8Array(3000) }), { ...ZIP_LIMITS, totalBytes: 5000 }, /zip bomb/],
    ['a ratio no real file has', zipSync({ a: new Uint8Array(100_000) }), { ...ZIP_LIMITS, ratioFrom: 10_000 }, /zip bomb/],
    ['not a zip', bytes('hello'), ZIP_LIMITS, /not a zip file/],
  ])('refuses %s', (_what, data, limits, message) => {
    expect(() => readZip(data, 'd.apkg', () => true, limits)).toThrow(message);
  });

  it('refuses a damaged zip with one message', () => {
    const good = zipSync({ a: bytes('some text that compresses '.repeat(50)) });
    const damaged = good.slice(0, 60);
    expect(() => readZip(damaged, 'd.apkg', () => true)).toThrow(/d\.apkg/);
  });
});
