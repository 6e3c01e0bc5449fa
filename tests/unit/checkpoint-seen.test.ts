/**
 * The checkpoint remembers the log it covered (size, times, inode): while the log is still
 * exactly that file, a start does not hash it again. Everything else must still be noticed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { answer } from '../builders.js';
import { CHECKPOINT_FILE, CHECKPOINT_MIN_ANSWERS } from '../../src/progress/checkpoint.js';
import { identityOf, RACY_MS } from '../../src/file-identity.js';
import { serialise } from '../../src/progress/record.js';
import { ProgressStore } from '../../src/progress/store.js';
import { summaryToJson, type Summary } from '../../src/progress/summary.js';

const T0 = Date.parse('2024-03-01T09:00:00.000Z');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

/** A log long enough to be checkpointed, in a private folder. */
function longLog(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-seen-'));
  dirs.push(dir);
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, 'progress.jsonl');
  const answers = Array.from({ length: CHECKPOINT_MIN_ANSWERS + 10 }, (_, i) => answer(`q${i % 13}`, T0 + i * 60_000, i % 5 === 0 ? 'again' : 'good'));
  fs.writeFileSync(file, answers.map(serialise).join(''));
  return file;
}

const checkpointOf = (file: string) => JSON.parse(fs.readFileSync(path.join(path.dirname(file), CHECKPOINT_FILE), 'utf8')) as { seen?: string; offset: number };
/** A moment long enough after the log's last change for its identity to be remembered. */
const later = () => Date.now() + RACY_MS + 1_000;
const json = (s: Summary): unknown => JSON.parse(JSON.stringify(summaryToJson(s)));
/** How many SHA-256 hashes a load makes: the checkpoint's check of the log is one. */
async function hashesMadeBy(load: () => Promise<Summary>): Promise<{ summary: Summary; hashes: number }> {
  const spy = vi.spyOn(crypto, 'createHash');
  const summary = await load();
  const hashes = spy.mock.calls.filter(([algorithm]) => algorithm === 'sha256').length;
  spy.mockRestore();
  return { summary, hashes };
}

describe('the checkpoint remembers the log it covered', () => {
  it('a log unchanged since its checkpoint is not hashed again, and gives the same figures', async () => {
    const file = longLog();
    const first = await new ProgressStore(file).loadSummary(later());
    expect(checkpointOf(file).seen).toBe(identityOf(fs.statSync(file)));
    const again = await hashesMadeBy(() => new ProgressStore(file).loadSummary(later()));
    expect(again.hashes).toBe(0);
    expect(json(again.summary)).toEqual(json(first));
  });

  it('a log that changed within two seconds of the read is not remembered, and is hashed at the next start', async () => {
    const file = longLog();
    await new ProgressStore(file).loadSummary(Date.now());
    expect(checkpointOf(file).seen).toBeUndefined();
    const again = await hashesMadeBy(() => new ProgressStore(file).loadSummary(later()));
    expect(again.hashes).toBe(1);
    // Found unchanged and now settled: remembered from here on.
    expect(checkpointOf(file).seen).toBe(identityOf(fs.statSync(file)));
    expect((await hashesMadeBy(() => new ProgressStore(file).loadSummary(later()))).hashes).toBe(0);
  });

  it('an edit of the same length after the log was remembered is noticed: the figures follow the log', async () => {
    const file = longLog();
    const before = await new ProgressStore(file).loadSummary(later());
    expect(checkpointOf(file).seen).toBeDefined();
    const text = fs.readFileSync(file, 'utf8');
    const edited = text.replaceAll('"result":"correct"', '"result":"skipped"');
    expect(edited.length).toBe(text.length);
    fs.writeFileSync(file, edited);
    const after = await new ProgressStore(file).loadSummary(later());
    expect(after.answers).toBe(before.answers);
    const correct = (s: Summary) => [...s.tallies.values()].reduce((n, t) => n + t.correct, 0);
    expect(correct(before)).toBeGreaterThan(0);
    expect(correct(after)).toBe(0);
  });

  it('an edit whose modification time is set back afterwards is still noticed (the change time moves on)', async () => {
    const file = longLog();
    // A modification time a copy tool can put back exactly.
    const mtime = new Date('2024-06-01T12:00:00.000Z');
    fs.utimesSync(file, mtime, mtime);
    const before = await new ProgressStore(file).loadSummary(later());
    expect(checkpointOf(file).seen).toBe(identityOf(fs.statSync(file)));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('"result":"correct"', '"result":"skipped"'));
    fs.utimesSync(file, mtime, mtime);
    expect(fs.statSync(file).mtimeMs).toBe(mtime.getTime());
    const after = await new ProgressStore(file).loadSummary(later());
    const correct = (s: Summary) => [...s.tallies.values()].reduce((n, t) => n + t.correct, 0);
    expect(correct(before)).toBeGreaterThan(0);
    expect(correct(after)).toBe(0);
  });

  it('answers appended after it are folded in, and the new checkpoint remembers the longer log', async () => {
    const file = longLog();
    const before = await new ProgressStore(file).loadSummary(later());
    fs.appendFileSync(file, serialise(answer('q-new', T0 + (CHECKPOINT_MIN_ANSWERS + 20) * 60_000, 'good')));
    const after = await new ProgressStore(file).loadSummary(later());
    expect(after.answers).toBe(before.answers + 1);
    expect(after.tallies.get('q-new')?.correct).toBe(1);
    expect(checkpointOf(file)).toMatchObject({ offset: fs.statSync(file).size, seen: identityOf(fs.statSync(file)) });
  });

  it('a log put back in place by another file of the same size and times is read again', async () => {
    const file = longLog();
    await new ProgressStore(file).loadSummary(later());
    const { seen } = checkpointOf(file);
    const copy = `${file}.copy`;
    fs.copyFileSync(file, copy);
    fs.renameSync(copy, file);
    expect(identityOf(fs.statSync(file))).not.toBe(seen);
    expect((await hashesMadeBy(() => new ProgressStore(file).loadSummary(later()))).hashes).toBe(1);
  });

  it.each([
    ['a number', 12],
    ['words', 'the same file'],
    ['four fields', '1 2 3 4'],
  ])('a remembered identity that is %s makes the checkpoint invalid: the log is read in full', async (_what, forged) => {
    const file = longLog();
    const truth = await new ProgressStore(file).loadSummary(later());
    const cpFile = path.join(path.dirname(file), CHECKPOINT_FILE);
    const cp = JSON.parse(fs.readFileSync(cpFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(cpFile, JSON.stringify({ ...cp, seen: forged }));
    const store = new ProgressStore(file);
    const read = await store.loadSummary(later());
    expect(json(read)).toEqual(json(truth));
    expect(store.takeNotices().join('\n')).toContain('is not a valid checkpoint');
  });
});
