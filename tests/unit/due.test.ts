import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { idInFrontMatter } from '../../src/bank/bank-ids.js';
import { fastDueFlags } from '../../src/commands/due.js';
import { dueLine, dueReport, type DueEntry, type DueSettings } from '../../src/due.js';
import { logIdentity, readDueCache, writeDueCache, dueCachePath } from '../../src/progress/due-cache.js';
import { useSchedulerSettings } from '../../src/scheduler-settings.js';

// Local times (no Z): the learning day is a local notion, so the tests hold in any TZ.
const now = new Date('2026-05-10T21:00:00');
const defaults: DueSettings = { newPerDay: 10, reviewsPerDay: null, dayStartsAt: 4 };
const entry = (due: string, first = '2026-05-01T10:00:00', last = first): DueEntry => ({
  due: new Date(due).getTime(),
  firstGradedAt: new Date(first).toISOString(),
  lastGradedAt: new Date(last).toISOString(),
});

describe('dueReport', () => {
  it('counts due reviews and unstarted questions of the bank only', () => {
    const schedule = new Map([
      ['a', entry('2026-05-10T20:00:00')],
      ['b', entry('2026-05-10T22:00:00')],
      ['elsewhere', entry('2026-05-01T00:00:00')],
    ]);
    const r = dueReport(['a', 'b', 'c', 'd'], schedule, now, defaults);
    expect(r).toMatchObject({ due: 1, unseen: 2, new: 2, questions: 4, newToday: 0, nextDue: new Date('2026-05-10T22:00:00').toISOString() });
  });

  it('leaves only what the new-per-day limit allows after today’s new questions', () => {
    const today = (id: string) => [id, entry('2026-05-11T20:00:00', '2026-05-10T09:00:00')] as const;
    const schedule = new Map([today('a'), today('b'), today('c')]);
    const ids = ['a', 'b', 'c', ...Array.from({ length: 20 }, (_, i) => `n${i}`)];
    expect(dueReport(ids, schedule, now, { ...defaults, newPerDay: 5 })).toMatchObject({ new: 2, newToday: 3, unseen: 20 });
    expect(dueReport(ids, schedule, now, { ...defaults, newPerDay: 3 }).new).toBe(0);
    // Never below zero, and never more than there are.
    expect(dueReport(ids, schedule, now, { ...defaults, newPerDay: 1 }).new).toBe(0);
    expect(dueReport(['a', 'n1'], schedule, now, { ...defaults, newPerDay: 50 }).new).toBe(1);
  });

  it('says how many reviews the reviews-per-day limit leaves', () => {
    const schedule = new Map([
      ['a', entry('2026-05-10T10:00:00', '2026-05-01T10:00:00', '2026-05-10T09:00:00')],
      ['b', entry('2026-05-10T10:00:00')],
      ['c', entry('2026-05-10T10:00:00')],
    ]);
    const r = dueReport(['a', 'b', 'c'], schedule, now, { ...defaults, reviewsPerDay: 2 });
    expect(r).toMatchObject({ due: 3, reviewsToday: 1, reviewsLeft: 1 });
    expect(dueReport(['a'], schedule, now, defaults).reviewsLeft).toBeNull();
  });
});

describe('dueLine', () => {
  const base = dueReport([], new Map(), now, defaults);
  it.each<[string, Partial<typeof base>, string]>([
    ['reviews and new', { due: 7, new: 3, unseen: 40, questions: 50 }, '7 due · 3 new today'],
    ['an empty log', { due: 0, new: 10, unseen: 262, questions: 262 }, 'nothing due · 10 new today'],
    ['the daily limit reached', { due: 2, new: 0, unseen: 40, questions: 50, newToday: 10 }, "2 due · today's 10 new done"],
    ['every question started', { due: 4, new: 0, unseen: 0, questions: 50 }, '4 due · every question started'],
    ['no new questions by choice', { due: 1, new: 0, unseen: 9, questions: 50, newPerDay: 0 }, '1 due · no new questions (new-per-day 0)'],
    ['the reviews limit cuts', { due: 9, new: 1, unseen: 1, questions: 50, reviewsLeft: 4 }, '9 due (4 today) · 1 new today'],
    [
      'nothing to do: when the next review is',
      { due: 0, new: 0, unseen: 0, questions: 50, nextDue: new Date(now.getTime() + 3 * 3_600_000).toISOString() },
      'nothing due · every question started · next review in 3 h',
    ],
  ])('%s', (_name, fields, expected) => {
    expect(dueLine({ ...base, ...fields }, now)).toBe(expected);
  });
});

describe('fastDueFlags: only `due` and its own options skip the parser', () => {
  it.each<[string[], ReturnType<typeof fastDueFlags>]>([
    [['due'], {}],
    [['due', '--json'], { json: true }],
    [['--bank', 'deck', 'due'], { bank: 'deck' }],
    [['due', '--bank=deck', '--no-color', '--json'], { bank: 'deck', json: true }],
    [['due', '--help'], null],
    [['due', '--jsn'], null],
    [['due', 'due'], null],
    [['due', '--bank'], null],
    [['show', 'due'], null],
    [['--json'], null],
  ])('%j', (argv, expected) => {
    expect(fastDueFlags(argv)).toEqual(expected);
  });
});

describe('idInFrontMatter', () => {
  it.each<[string, string | null]>([
    ['---\nid: drift-ks\ntitle: x\n---\nbody', 'drift-ks'],
    ['---\r\ntitle: x\r\nid: "quoted_id"   # a comment\r\n---\r\n', 'quoted_id'],
    ["\uFEFF---\nid: 'single'\n---\n", 'single'],
    ['---\ntitle: no id\n---\nid: not-front-matter\n', null],
    ['id: outside\n', null],
    ['---\nid: has space\n---\n', null],
  ])('%j → %j', (text, expected) => {
    expect(idInFrontMatter(text)).toBe(expected);
  });
});

describe('the due cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-due-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const log = path.join(dir, 'progress.jsonl');
  const entries = new Map([['a', entry('2026-05-10T20:00:00')]]);

  it('is used while the log is unchanged, and not after an append or with other settings', () => {
    fs.writeFileSync(log, '{"v":1}\n', { mode: 0o600 });
    fs.chmodSync(dir, 0o700);
    const id = logIdentity(log)!;
    writeDueCache(log, id, { entries, suspended: new Set(['b']) });
    expect(readDueCache(log, logIdentity(log)!)).toEqual({ entries, suspended: new Set(['b']) });
    useSchedulerSettings({ requestRetention: 0.8, weights: null });
    expect(readDueCache(log, logIdentity(log)!)).toBeNull();
    useSchedulerSettings({ requestRetention: 0.9, weights: null });
    fs.appendFileSync(log, '{"v":1}\n');
    expect(readDueCache(log, logIdentity(log)!)).toBeNull();
  });

  it.each([
    ['not JSON', 'not json'],
    ['a bad entry', (c: Record<string, unknown>) => ({ ...c, entries: [['a', 'soon', null, null]] })],
    ['a repeated id', (c: Record<string, unknown>) => ({ ...c, entries: [['a', 1, null, null], ['a', 2, null, null]] })],
    ['another format', (c: Record<string, unknown>) => ({ ...c, v: 99 })],
  ])('a damaged cache (%s) is ignored, never thrown', (_name, damage) => {
    fs.writeFileSync(log, '{"v":1}\n');
    const id = logIdentity(log)!;
    writeDueCache(log, id, { entries, suspended: new Set() });
    const file = dueCachePath(log);
    const good = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, typeof damage === 'string' ? damage : JSON.stringify(damage(good)));
    expect(readDueCache(log, id)).toBeNull();
  });

  it.skipIf(process.platform === 'win32' || spawnSync('mkfifo', ['--version']).status !== 0)('a FIFO where the cache should be is ignored at once, never read (which would block)', () => {
    fs.writeFileSync(log, '{"v":1}\n');
    const file = dueCachePath(log);
    fs.rmSync(file, { force: true });
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    expect(readDueCache(log, logIdentity(log)!)).toBeNull();
    fs.rmSync(file);
  });
});
