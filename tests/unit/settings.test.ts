import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { learningDay, nextDayStart } from '../../src/config/day.js';
import { getSetting, listSettings, setSetting, unsetSetting } from '../../src/config/manage.js';
import { checkValue, findSetting, fromJson, parseTyped, suggestKey } from '../../src/config/settings.js';
import { configFile, loadSettings, readRaw } from '../../src/config/store.js';

describe('setting values', () => {
  const s = (key: string) => findSetting(key)!;

  it.each([
    ['new-per-day', '20', 20],
    ['new-per-day', '0', 0],
    ['reviews-per-day', 'none', null],
    ['reviews-per-day', '150', 150],
    ['desired-retention', '0.85', 0.85],
    ['day-starts-at', '0', 0],
    ['leech-threshold', '6', 6],
    ['leech-action', 'suspend', 'suspend'],
    ['leech-action', ' mark ', 'mark'],
    ['sync-on-exit', 'on', true],
    ['sync-on-exit', 'Off', false],
    ['sync-on-exit', 'true', true],
    ['sync-on-exit', 'no', false],
  ])('accepts %s = %s', (key, text, value) => {
    expect(parseTyped(s(key), text)).toEqual({ ok: true, value });
  });

  it.each([
    ['new-per-day', '-1'],
    ['new-per-day', '2.5'],
    ['new-per-day', 'ten'],
    ['new-per-day', 'none'],
    ['desired-retention', '0.5'],
    ['desired-retention', '1'],
    ['day-starts-at', '24'],
    ['leech-threshold', '0'],
    ['session-size', '0'],
    ['session-size', '1e3'],
    ['leech-action', 'delete'],
    ['leech-action', 'Suspend'],
    ['leech-action', ''],
    ['sync-on-exit', 'sometimes'],
    ['sync-on-exit', ''],
  ])('refuses %s = %s with the range in the message', (key, text) => {
    const r = parseTyped(s(key), text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(key);
  });

  it('checks the JSON type of a stored value, not only its range', () => {
    expect(checkValue(s('new-per-day'), '20').ok).toBe(false);
    expect(checkValue(s('desired-retention'), true).ok).toBe(false);
    expect(checkValue(s('reviews-per-day'), null)).toEqual({ ok: true, value: null });
    expect(checkValue(s('new-per-day'), null).ok).toBe(false);
    expect(checkValue(s('leech-action'), true).ok).toBe(false);
    expect(checkValue(s('leech-action'), 'suspend')).toEqual({ ok: true, value: 'suspend' });
    expect(fromJson({ 'leech-action': 'bury' }, 'config.json')).toMatchObject({ settings: { 'leech-action': 'mark' }, notices: [expect.stringContaining('leech-action must be mark or suspend')] });
    expect(checkValue(s('sync-on-exit'), 'on').ok).toBe(false);
    expect(checkValue(s('sync-on-exit'), false)).toEqual({ ok: true, value: false });
  });

  it('takes fitted scheduling parameters as 21 numbers, or none for the built-in ones', () => {
    const w = Array.from({ length: 21 }, (_, i) => i / 10);
    expect(parseTyped(s('fsrs-parameters'), w.join(', '))).toEqual({ ok: true, value: w });
    expect(parseTyped(s('fsrs-parameters'), 'none')).toEqual({ ok: true, value: null });
    expect(parseTyped(s('fsrs-parameters'), '1,2,3').ok).toBe(false);
    expect(checkValue(s('fsrs-parameters'), [...w.slice(0, 20), Number.NaN]).ok).toBe(false);
    expect(checkValue(s('fsrs-parameters'), w)).toEqual({ ok: true, value: w });
  });

  it('finds no setting through inherited names', () => {
    expect(findSetting('constructor')).toBeUndefined();
    expect(findSetting('__proto__')).toBeUndefined();
  });

  it('suggests the closest key for a typo, and nothing for a different word', () => {
    expect(suggestKey('new-per-dy')).toBe('new-per-day');
    expect(suggestKey('desired_retention')).toBe('desired-retention');
    expect(suggestKey('colour')).toBeUndefined();
  });

  it('reads a file with unknown keys and bad values: those are reported, the rest applies', () => {
    const r = fromJson({ 'new-per-day': 25, 'new-per-dya': 3, 'desired-retention': 2 }, 'c.json');
    expect(r.settings['new-per-day']).toBe(25);
    expect(r.settings['desired-retention']).toBe(0.9);
    expect(r.notices).toEqual([
      "c.json: unknown setting 'new-per-dya' ignored (did you mean new-per-day?)",
      'c.json: desired-retention must be a number from 0.7 to 0.99, got 2; using the default (0.9)',
    ]);
  });
});

describe('the settings file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-'));
    file = path.join(dir, 'nested', 'config.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is found through MLOPS_DRILL_CONFIG, then XDG_CONFIG_HOME when absolute, then HOME', () => {
    expect(configFile({ MLOPS_DRILL_CONFIG: '/x/c.json', HOME: '/h' })).toBe(path.resolve('/x/c.json'));
    expect(configFile({ XDG_CONFIG_HOME: '/cfg', HOME: '/h' })).toBe(path.join('/cfg', 'mlops-drill', 'config.json'));
    expect(configFile({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe(path.join('/h', '.config', 'mlops-drill', 'config.json'));
  });

  it('set, get, list and unset round-trip through the file, which stays private', async () => {
    expect(getSetting(file, 'new-per-day')).toBe('10');
    expect(await setSetting(file, 'new-per-day', '25')).toBe('25');
    expect(await setSetting(file, 'reviews-per-day', 'none')).toBe('none');
    expect(getSetting(file, 'new-per-day')).toBe('25');
    const rows = listSettings(file).rows;
    expect(rows.find((r) => r.key === 'new-per-day')).toMatchObject({ value: '25', isDefault: false });
    expect(rows.find((r) => r.key === 'day-starts-at')).toMatchObject({ value: '4', isDefault: true });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ 'new-per-day': 25, 'reviews-per-day': null });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(await unsetSetting(file, 'new-per-day')).toBe(true);
    expect(await unsetSetting(file, 'new-per-day')).toBe(false);
    expect(getSetting(file, 'new-per-day')).toBe('10');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.json']);
  });

  it('refuses an unknown key or a bad value without touching the file', async () => {
    await setSetting(file, 'session-size', '15');
    const before = fs.readFileSync(file, 'utf8');
    await expect(setSetting(file, 'sesion-size', '5')).rejects.toThrow(/unknown setting 'sesion-size'; did you mean session-size\?/);
    await expect(setSetting(file, 'session-size', '0')).rejects.toThrow(/session-size must be a whole number from 1 to 1000/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('keeps keys it does not know when it rewrites the file (a newer version may have written them)', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ 'future-key': { a: 1 }, 'new-per-day': 5 }));
    await setSetting(file, 'session-size', '12');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ 'future-key': { a: 1 }, 'new-per-day': 5, 'session-size': 12 });
  });

  it('reports broken JSON as one line for config, and as a notice with the defaults for a drill', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"new-per-day": 5,');
    expect(() => readRaw(file)).toThrow(/is not valid JSON/);
    const loaded = loadSettings({ MLOPS_DRILL_CONFIG: file });
    expect(loaded.settings['new-per-day']).toBe(10);
    expect(loaded.notices).toHaveLength(1);
    expect(loaded.notices[0]).toMatch(/not valid JSON.*using the default settings/);
  });

  it('accepts a leading byte-order mark, and refuses a folder or an oversized file', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '\uFEFF{"new-per-day": 7}');
    expect(readRaw(file)).toEqual({ 'new-per-day': 7 });
    expect(() => readRaw(path.dirname(file))).toThrow(/not a regular file/);
    fs.writeFileSync(file, `{"x": "${'a'.repeat(70_000)}"}`);
    expect(() => readRaw(file)).toThrow(/larger than 64 KiB/);
  });

  it.skipIf(process.platform === 'win32')('never writes through a link planted at the temporary name', async () => {
    // The temporary name is random, so a planted link cannot be guessed; and 'wx' refuses to follow one.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'keep');
    fs.symlinkSync(victim, path.join(path.dirname(file), '.config.json.000000000000.tmp'));
    await setSetting(file, 'new-per-day', '3');
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep');
  });
});

describe('the learning day', () => {
  // These tests run in whatever TZ the process has; they build local times, so they hold in any.
  it('belongs to the evening before until the day-start hour', () => {
    expect(learningDay(new Date(2026, 2, 10, 3, 59), 4)).toBe('2026-03-09');
    expect(learningDay(new Date(2026, 2, 10, 4, 0), 4)).toBe('2026-03-10');
    expect(learningDay(new Date(2026, 2, 10, 23, 30), 4)).toBe('2026-03-10');
    expect(learningDay(new Date(2026, 2, 10, 0, 30), 0)).toBe('2026-03-10');
  });

  it('crosses month and year boundaries', () => {
    expect(learningDay(new Date(2026, 0, 1, 2, 0), 4)).toBe('2025-12-31');
    expect(learningDay(new Date(2026, 2, 1, 1, 0), 4)).toBe('2026-02-28');
  });

  it('ends at the next day-start hour', () => {
    const next = nextDayStart(new Date(2026, 2, 10, 2, 0), 4);
    expect(next).toEqual(new Date(2026, 2, 10, 4, 0));
    expect(nextDayStart(new Date(2026, 2, 10, 22, 0), 4)).toEqual(new Date(2026, 2, 11, 4, 0));
  });
});
