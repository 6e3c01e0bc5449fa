import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyEntries,
  formatBranchSettings,
  localEntries,
  mergeEntries,
  mergeSettings,
  parseBranchSettings,
  type Entries,
} from '../../src/sync/settings-sync.js';

const T1 = '2026-01-01T10:00:00.000Z';
const T2 = '2026-01-02T10:00:00.000Z';
const T3 = '2026-01-03T10:00:00.000Z';
const NEVER = new Date(0).toISOString();

describe('settings as entries with change times', () => {
  it('a key equal to the base keeps the base time; a changed or new key takes the time of the settings file', () => {
    const base: Entries = { 'new-per-day': { value: 20, at: T1 }, 'session-size': { value: 5, at: T1 } };
    const local = localEntries({ 'new-per-day': 20, 'session-size': 8, 'leech-threshold': 6 }, base, T3);
    expect(local['new-per-day']).toEqual({ value: 20, at: T1 });
    expect(local['session-size']).toEqual({ value: 8, at: T3 });
    expect(local['leech-threshold']).toEqual({ value: 6, at: T3 });
    // Never set here and never agreed: no change at all, so anything from elsewhere wins.
    expect(local['desired-retention']).toEqual({ unset: true, at: NEVER });
  });

  it('an unset of an agreed key is a change, dated like any other', () => {
    const local = localEntries({}, { 'new-per-day': { value: 20, at: T1 } }, T2);
    expect(local['new-per-day']).toEqual({ unset: true, at: T2 });
  });

  it('leaves sync-on-exit, which belongs to one machine, out', () => {
    expect(localEntries({ 'sync-on-exit': true }, {}, T1)['sync-on-exit']).toBeUndefined();
  });
});

describe('merging two machines', () => {
  const a: Entries = { 'new-per-day': { value: 20, at: T2 }, 'session-size': { value: 5, at: T1 }, 'future-key': { value: 'x', at: T1 } };
  const b: Entries = { 'new-per-day': { value: 30, at: T1 }, 'session-size': { unset: true, at: T3 } };

  it.each([
    ['new-per-day', { value: 20, at: T2 }],
    ['session-size', { unset: true, at: T3 }],
    ['future-key', { value: 'x', at: T1 }],
  ])('per key the newest change: %s', (key, entry) => {
    expect(mergeEntries(a, b)[key]).toEqual(entry);
  });

  it('gives the same result whichever machine merges, ties included', () => {
    const x: Entries = { k: { value: 1, at: T1 }, j: { value: 'b', at: T2 } };
    const y: Entries = { k: { value: 2, at: T1 }, j: { value: 'a', at: T2 } };
    expect(formatBranchSettings(mergeEntries(x, y))).toBe(formatBranchSettings(mergeEntries(y, x)));
    expect(formatBranchSettings(mergeEntries(a, b))).toBe(formatBranchSettings(mergeEntries(b, a)));
  });
});

describe('taking the merge into the settings file', () => {
  it('changes only keys the merge took from elsewhere, refusing values this version does not accept', () => {
    const raw: Record<string, unknown> = { 'new-per-day': 20, 'session-size': 5, 'sync-on-exit': true, 'hand-made': 1 };
    const local = localEntries(raw, {}, T1);
    const merged = mergeEntries(local, {
      'new-per-day': { value: 40, at: T2 },
      'session-size': { unset: true, at: T2 },
      'fsrs-parameters': { value: [1, 2, 3], at: T2 },
      'desired-retention': { value: 0.85, at: T2 },
      'sync-on-exit': { value: false, at: T3 },
      'future-key': { value: 1, at: T3 },
    });
    const { changed, refused } = applyEntries(raw, local, merged);
    expect(changed.sort()).toEqual(['desired-retention', 'new-per-day', 'session-size']);
    // 3 parameters: another FSRS version's; this one needs 21, so its own stay.
    expect(refused).toEqual(['fsrs-parameters']);
    expect(raw).toEqual({ 'new-per-day': 40, 'desired-retention': 0.85, 'sync-on-exit': true, 'hand-made': 1 });
  });
});

describe('the branch file', () => {
  it('round-trips, drops entries it cannot read, and refuses what is not a settings file', () => {
    const e: Entries = { 'new-per-day': { value: 20, at: T1 }, 'session-size': { unset: true, at: T2 } };
    expect(parseBranchSettings(formatBranchSettings(e))).toEqual(e);
    expect(parseBranchSettings(null)).toEqual({});
    expect(parseBranchSettings('{"v":1,"settings":{"a":{"value":1},"b":{"value":2,"at":"soon"},"c":3}}')).toEqual({});
    expect(() => parseBranchSettings('{"v":1,')).toThrow(/not valid JSON/);
    expect(() => parseBranchSettings('[1]')).toThrow(/not a settings file/);
  });
});

describe('mergeSettings on files', () => {
  let dir: string;
  let config: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-sync-'));
    config = path.join(dir, 'cfg', 'config.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('remembers what was agreed, so a later change elsewhere wins over an unchanged key here', async () => {
    fs.mkdirSync(path.dirname(config));
    fs.writeFileSync(config, JSON.stringify({ 'new-per-day': 20 }));
    fs.utimesSync(config, new Date(T1), new Date(T1));
    const first = await mergeSettings(config, dir, null);
    expect(first.changed).toEqual([]);
    expect(parseBranchSettings(first.text)['new-per-day']).toEqual({ value: 20, at: T1 });

    const elsewhere = formatBranchSettings({ ...parseBranchSettings(first.text), 'new-per-day': { value: 35, at: T2 } });
    const second = await mergeSettings(config, dir, elsewhere);
    expect(second.changed).toEqual(['new-per-day']);
    expect(JSON.parse(fs.readFileSync(config, 'utf8'))).toEqual({ 'new-per-day': 35 });
    // Written now, yet not taken for a change of this machine next time.
    const third = await mergeSettings(config, dir, second.text);
    expect(third.changed).toEqual([]);
    expect(parseBranchSettings(third.text)['new-per-day']).toEqual({ value: 35, at: T2 });
  });
});
