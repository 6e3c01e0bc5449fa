import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answer } from '../builders.js';
import { CHECKPOINT_FILE, CHECKPOINT_MIN_ANSWERS } from '../../src/progress/checkpoint.js';
import { readLogText } from '../../src/progress/log-read.js';
import { effectiveAnswers, serialise, toRecord, type LogRecord, type SuspendRecord } from '../../src/progress/record.js';
import { ProgressStore } from '../../src/progress/store.js';
import { joinLog, splitLog, unionLogs } from '../../src/sync/merge.js';
import { becameLeech, planSuspension, type SuspensionPlan } from '../../src/suspension.js';
import { emptySummary, foldSuspensions, isSuspended, summarise, summaryFromJson, summaryToJson } from '../../src/progress/summary.js';

const T0 = Date.parse('2024-03-01T09:00:00.000Z');
let n = 0;
function sus(kind: 'suspend' | 'unsuspend', id: string, at: number): SuspendRecord {
  return { v: 1, kind, rid: `s-${++n}`, at: new Date(at).toISOString(), session: 'test', bank: 'test-bank', id };
}
const suspended = (records: LogRecord[]) => [...foldSuspensions(emptySummary(), records).suspensions].filter(([, s]) => s.suspended).map(([id]) => id).sort();

describe('suspend and unsuspend records', () => {
  it('are read back as they were written and never count as answers', () => {
    const records = [sus('suspend', 'q1', T0), sus('unsuspend', 'q1', T0 + 1)];
    const read = readLogText(records.map(serialise).join(''));
    expect(read.records).toEqual(records);
    expect(read.badLines).toEqual([]);
    expect(effectiveAnswers(read.records)).toEqual([]);
  });

  it.each([{ id: '' }, { id: 3 }, { bank: null }, { at: 'yesterday' }])('without a proper %j are not records', (over) => {
    expect(toRecord({ ...sus('suspend', 'q1', T0), ...over })).toBeNull();
  });
});

describe('the fold of suspensions', () => {
  it.each<[string, LogRecord[], string[]]>([
    ['nothing suspended in a log of answers only', [answer('a', T0, 'good')], []],
    ['a suspend holds', [sus('suspend', 'a', T0)], ['a']],
    ['an unsuspend after it brings the question back', [sus('suspend', 'a', T0), sus('unsuspend', 'a', T0 + 1000)], []],
    ['suspended again after that', [sus('suspend', 'a', T0), sus('unsuspend', 'a', T0 + 1000), sus('suspend', 'a', T0 + 2000)], ['a']],
    // Lines merged from two machines: the latest in time holds, not the last line.
    ['a later line dated earlier does not win', [sus('unsuspend', 'a', T0 + 5000), sus('suspend', 'a', T0)], []],
    ['the same time: the later line wins', [sus('suspend', 'a', T0), sus('unsuspend', 'a', T0)], []],
    ['per question', [sus('suspend', 'a', T0), sus('suspend', 'b', T0), sus('unsuspend', 'a', T0 + 1)], ['b']],
    ['an unsuspend of a question never suspended', [sus('unsuspend', 'c', T0)], []],
  ])('%s', (_what, records, expected) => {
    expect(suspended(records)).toEqual(expected);
  });

  it('gives the same whatever the order of lines with different times, and resumed at any cut', () => {
    const log = [sus('suspend', 'a', T0), sus('suspend', 'b', T0 + 1), sus('unsuspend', 'a', T0 + 2), sus('suspend', 'a', T0 + 3), sus('unsuspend', 'b', T0 + 4)];
    expect(suspended([...log].reverse())).toEqual(suspended(log));
    for (let cut = 0; cut <= log.length; cut++) {
      const first = foldSuspensions(emptySummary(), log.slice(0, cut));
      const resumed = foldSuspensions(summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(first))))!, log.slice(cut));
      expect(resumed.suspensions, `cut at ${cut}`).toEqual(foldSuspensions(emptySummary(), log).suspensions);
    }
    expect(isSuspended(foldSuspensions(emptySummary(), log), 'a')).toBe(true);
    expect(isSuspended(foldSuspensions(emptySummary(), log), 'b')).toBe(false);
  });
});

describe('suspensions in a checkpoint', () => {
  const withSuspensions = () => foldSuspensions(summarise([answer('a', T0, 'good')]), [sus('suspend', 'a', T0 + 1), sus('unsuspend', 'b', T0 + 2)]);

  it('survive the JSON round trip', () => {
    const back = summaryFromJson(JSON.parse(JSON.stringify(summaryToJson(withSuspensions()))));
    expect(back?.suspensions).toEqual(withSuspensions().suspensions);
  });

  it.each<[string, (json: Record<string, unknown>) => void]>([
    ['missing (a summary of an older format)', (j) => delete j.suspensions],
    ['not a list', (j) => (j.suspensions = { a: true })],
    ['an entry that is not a pair', (j) => (j.suspensions = [['a']])],
    ['an empty id', (j) => (j.suspensions = [['', { suspended: true, at: '2024-03-01T09:00:00.000Z' }]])],
    ['the same id twice', (j) => (j.suspensions = [['a', { suspended: true, at: '2024-03-01T09:00:00.000Z' }], ['a', { suspended: false, at: '2024-03-01T09:00:00.000Z' }]])],
    ['a state that is not true or false', (j) => (j.suspensions = [['a', { suspended: 'yes', at: '2024-03-01T09:00:00.000Z' }]])],
    ['a date that cannot be read', (j) => (j.suspensions = [['a', { suspended: true, at: 'soon' }]])],
    ['a date JavaScript cannot print', (j) => (j.suspensions = [['a', { suspended: true, at: '+275760-09-13T00:00:00.000Z' }]])],
    ['null', (j) => (j.suspensions = [['a', null]])],
  ])('are refused when %s', (_what, forge) => {
    const json = JSON.parse(JSON.stringify(summaryToJson(withSuspensions()))) as Record<string, unknown>;
    forge(json);
    expect(summaryFromJson(json)).toBeNull();
  });
});

describe('the store folds suspensions from the log', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  function logWith(records: LogRecord[], end = '\n'): ProgressStore {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-suspend-'));
    dirs.push(dir);
    fs.chmodSync(dir, 0o700);
    const file = path.join(dir, 'progress.jsonl');
    fs.writeFileSync(file, records.map(serialise).join('').slice(0, end === '' ? -1 : undefined));
    return new ProgressStore(file);
  }
  const many = (count: number) => Array.from({ length: count }, (_, i) => answer(`q${i % 7}`, T0 + i * 1000, 'good'));

  it('a log of answers only, as older versions wrote: nothing is suspended', async () => {
    const summary = await logWith(many(5)).loadSummary();
    expect(summary.answers).toBe(5);
    expect(summary.suspensions.size).toBe(0);
  });

  it('a suspend on the last line, with or without its newline', async () => {
    for (const end of ['\n', '']) {
      const summary = await logWith([...many(3), sus('suspend', 'q1', T0 + 10_000)], end).loadSummary();
      expect(isSuspended(summary, 'q1'), `end ${JSON.stringify(end)}`).toBe(true);
      expect(summary.answers).toBe(3);
    }
  });

  it('a checkpointed log: suspensions in it and after it are kept, read whole or resumed', async () => {
    const before = [...many(CHECKPOINT_MIN_ANSWERS), sus('suspend', 'q1', T0 + 1), sus('suspend', 'q2', T0 + 2)];
    const store = logWith(before);
    const first = await store.loadSummary();
    expect(fs.existsSync(path.join(store.dir, CHECKPOINT_FILE))).toBe(true);
    expect([...first.suspensions].filter(([, s]) => s.suspended).map(([id]) => id)).toEqual(['q1', 'q2']);
    fs.appendFileSync(store.file, serialise(sus('unsuspend', 'q2', T0 + 5_000_000)) + serialise(answer('q3', T0 + 5_000_001, 'good')));
    const resumed = await new ProgressStore(store.file).loadSummary();
    expect(resumed.answers).toBe(CHECKPOINT_MIN_ANSWERS + 1);
    expect(isSuspended(resumed, 'q1')).toBe(true);
    expect(isSuspended(resumed, 'q2')).toBe(false);
    fs.rmSync(path.join(store.dir, CHECKPOINT_FILE));
    expect((await new ProgressStore(store.file).loadSummary()).suspensions).toEqual(resumed.suspensions);
  });

  it('after a checkpoint, an undo on a last line without its newline takes back only its answer', async () => {
    const store = logWith(many(CHECKPOINT_MIN_ANSWERS));
    await store.loadSummary();
    const late = answer('q3', T0 + 5_000_000, 'good');
    const undo: LogRecord = { v: 1, kind: 'undo', rid: 'u-late', at: new Date(T0 + 5_000_001).toISOString(), session: 'test', undoes: late.rid };
    fs.appendFileSync(store.file, serialise(sus('suspend', 'q1', T0 + 4_999_999)) + serialise(late) + serialise(undo).trimEnd());
    const summary = await new ProgressStore(store.file).loadSummary();
    expect(summary.answers).toBe(CHECKPOINT_MIN_ANSWERS);
    expect(isSuspended(summary, 'q1')).toBe(true);
  });

  it('a checkpoint of the format before suspensions is not trusted: the log is read whole', async () => {
    const store = logWith([...many(CHECKPOINT_MIN_ANSWERS), sus('suspend', 'q1', T0 + 1)]);
    await store.loadSummary();
    const file = path.join(store.dir, CHECKPOINT_FILE);
    const cp = JSON.parse(fs.readFileSync(file, 'utf8')) as { v: number; summary: Record<string, unknown> };
    cp.v = 3;
    delete cp.summary.suspensions;
    fs.writeFileSync(file, JSON.stringify(cp));
    const fresh = new ProgressStore(store.file);
    const summary = await fresh.loadSummary();
    expect(isSuspended(summary, 'q1')).toBe(true);
    expect(fresh.takeNotices()).toEqual([]);
  });
});

describe('what suspend and unsuspend change', () => {
  const summary = foldSuspensions(emptySummary(), [sus('suspend', 'a', T0), sus('suspend', 'b', T0), sus('unsuspend', 'b', T0 + 1)]);
  it.each<['suspend' | 'unsuspend', string[], SuspensionPlan]>([
    ['suspend', ['a', 'b', 'c'], { change: ['b', 'c'], already: ['a'] }],
    ['unsuspend', ['a', 'b', 'c'], { change: ['a'], already: ['b', 'c'] }],
  ])('%s %j', (kind, ids, plan) => {
    expect(planSuspension(kind, ids, summary)).toEqual(plan);
  });

  it.each<[number, number, number, boolean]>([
    [3, 4, 4, true],
    [4, 5, 4, true],
    [2, 3, 4, false],
    [4, 4, 4, false],
    [0, 1, 1, true],
  ])('lapses %i → %i at threshold %i: a leech now is %s', (before, after, threshold, leech) => {
    expect(becameLeech(before, after, threshold)).toBe(leech);
  });
});

describe('suspensions through sync', () => {
  it('two machines that suspended and unsuspended offline agree after the merge, whichever merged first', () => {
    const a = [answer('q1', T0, 'good'), sus('suspend', 'q1', T0 + 1000), sus('suspend', 'q2', T0 + 3000)].map(serialise).join('');
    const b = [sus('unsuspend', 'q1', T0 + 2000), sus('suspend', 'q3', T0 + 500)].map(serialise).join('');
    const merged = (x: string, y: string) => joinLog(unionLogs(splitLog(x).lines, splitLog(y).lines));
    expect(merged(a, b)).toBe(merged(b, a));
    const folded = foldSuspensions(emptySummary(), readLogText(merged(a, b)).records);
    expect(['q1', 'q2', 'q3'].filter((id) => isSuspended(folded, id))).toEqual(['q2', 'q3']);
  });
});
