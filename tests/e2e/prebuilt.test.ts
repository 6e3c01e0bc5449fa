import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadBank } from '../../src/bank/load.js';
import { CHECK_FILE, INDEX_FILE, loadPrebuilt, TEXT_FILE } from '../../src/bank/prebuilt.js';
import { ROOT, runCli } from '../helpers.js';
import { home } from './support.js';

/**
 * The build parses the bundled bank once into dist/bank-index.json; a start on the bundled
 * bank uses it only while every file matches. It must give exactly what parsing gives.
 */
const INDEX = path.join(ROOT, 'dist', INDEX_FILE);
const BANK = path.join(ROOT, 'questions');

function copyBank(): string {
  const dir = path.join(home(), 'questions');
  fs.cpSync(BANK, dir, { recursive: true });
  return dir;
}

describe('the prebuilt index of the bundled bank', () => {
  it('gives the same questions as parsing the files', () => {
    const fromIndex = loadPrebuilt(BANK, INDEX);
    expect(fromIndex).not.toBeNull();
    const parsed = loadBank([BANK]);
    expect(fromIndex!.questions).toEqual(parsed.questions);
    expect(fromIndex!.files).toBe(parsed.files);
  });

  it('is not used once a file is edited, added or removed', () => {
    const edited = copyBank();
    expect(loadPrebuilt(edited, INDEX)).not.toBeNull();
    const some = fs.readdirSync(path.join(edited, 'serving')).find((f) => f.endsWith('.md'))!;
    fs.appendFileSync(path.join(edited, 'serving', some), '\n');
    expect(loadPrebuilt(edited, INDEX)).toBeNull();

    const added = copyBank();
    fs.copyFileSync(path.join(added, 'serving', some), path.join(added, 'serving', 'extra-copy.md'));
    expect(loadPrebuilt(added, INDEX)).toBeNull();

    const removed = copyBank();
    fs.rmSync(path.join(removed, 'serving', some));
    expect(loadPrebuilt(removed, INDEX)).toBeNull();
  });

  it('is not used when it is missing or unreadable', () => {
    const bad = path.join(home(), INDEX_FILE);
    expect(loadPrebuilt(BANK, bad)).toBeNull();
    fs.writeFileSync(bad, '{not json');
    expect(loadPrebuilt(BANK, bad)).toBeNull();
  });
});

describe('the prebuilt index keeps question text apart', () => {
  it('gives each question its fields in the order parsing gives them, and takes assignments', () => {
    const fromIndex = loadPrebuilt(BANK, INDEX)!;
    const parsed = loadBank([BANK]);
    fromIndex.questions.forEach((q, i) => expect(Object.keys(q)).toEqual(Object.keys(parsed.questions[i]!)));
    const q = fromIndex.questions[0]!;
    q.prompt = 'changed';
    q.file = 'elsewhere.md';
    expect({ prompt: q.prompt, file: q.file, id: q.id }).toEqual({ prompt: 'changed', file: 'elsewhere.md', id: parsed.questions[0]!.id });
    expect(JSON.parse(JSON.stringify(fromIndex.questions[1]))).toEqual(JSON.parse(JSON.stringify(parsed.questions[1])));
  });

  it('is not used when its text file is missing, cut short or changed', () => {
    const dir = path.join(home(), 'dist');
    fs.mkdirSync(dir);
    fs.copyFileSync(INDEX, path.join(dir, INDEX_FILE));
    expect(loadPrebuilt(BANK, path.join(dir, INDEX_FILE))).toBeNull();
    const text = fs.readFileSync(path.join(ROOT, 'dist', TEXT_FILE));
    fs.writeFileSync(path.join(dir, TEXT_FILE), text.subarray(0, text.length - 10));
    expect(loadPrebuilt(BANK, path.join(dir, INDEX_FILE))).toBeNull();
    // The same length, one letter changed: the question text would not be the one indexed.
    const changed = Buffer.from(text);
    const at = changed.indexOf('"prompt":"') + 10;
    changed[at] = changed[at]! ^ 1;
    fs.writeFileSync(path.join(dir, TEXT_FILE), changed);
    expect(loadPrebuilt(BANK, path.join(dir, INDEX_FILE))).toBeNull();
    fs.writeFileSync(path.join(dir, TEXT_FILE), text);
    expect(loadPrebuilt(BANK, path.join(dir, INDEX_FILE))).not.toBeNull();
  });
});

describe('the last good check of the bundled bank', () => {
  const LATER = Date.now() + 60_000;
  function setUp() {
    const bank = copyBank();
    const state = path.join(home(), 'state');
    fs.mkdirSync(state, { mode: 0o700 });
    return { bank, cache: path.join(state, CHECK_FILE) };
  }
  const readsOf = (spy: { mock: { calls: unknown[][] } }, bank: string) => spy.mock.calls.filter(([f]) => typeof f === 'string' && f.startsWith(bank)).length;

  it('is remembered, and then the files are looked at but not read', () => {
    const { bank, cache } = setUp();
    expect(loadPrebuilt(bank, INDEX, cache, LATER)).not.toBeNull();
    expect(fs.existsSync(cache)).toBe(true);
    const spy = vi.spyOn(fs, 'readFileSync');
    try {
      expect(loadPrebuilt(bank, INDEX, cache, LATER)?.questions.length).toBeGreaterThan(200);
      expect(readsOf(spy, bank)).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('does not hide an edit that keeps the size, nor an added or removed file', () => {
    const { bank, cache } = setUp();
    expect(loadPrebuilt(bank, INDEX, cache, LATER)).not.toBeNull();
    const serving = path.join(bank, 'serving');
    const file = path.join(serving, fs.readdirSync(serving).find((f) => fs.readFileSync(path.join(serving, f), 'utf8').includes('- [ ]'))!);
    const text = fs.readFileSync(file, 'utf8');
    const flipped = text.replace('- [ ]', '- [y]');
    expect(flipped.length).toBe(text.length);
    fs.writeFileSync(file, flipped);
    expect(loadPrebuilt(bank, INDEX, cache, LATER)).toBeNull();
    fs.writeFileSync(file, text);
    expect(loadPrebuilt(bank, INDEX, cache, LATER)).not.toBeNull();
    fs.writeFileSync(path.join(bank, 'serving', 'new-one.md'), text);
    expect(loadPrebuilt(bank, INDEX, cache, LATER)).toBeNull();
    fs.rmSync(path.join(bank, 'serving', 'new-one.md'));
    fs.rmSync(file);
    expect(loadPrebuilt(bank, INDEX, cache, LATER)).toBeNull();
  });

  it('is not remembered for files changed in the last seconds, nor in a folder that does not exist', () => {
    const { bank, cache } = setUp();
    expect(loadPrebuilt(bank, INDEX, cache, Date.now())).not.toBeNull();
    expect(fs.existsSync(cache)).toBe(false);
    const missing = path.join(home(), 'no-such-folder', CHECK_FILE);
    expect(loadPrebuilt(bank, INDEX, missing, LATER)).not.toBeNull();
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it('a damaged or foreign record means a full check', () => {
    const { bank, cache } = setUp();
    for (const junk of ['{not json', 'null', '{"v":1,"program":"0.0.0","bank":"x","stats":[]}', JSON.stringify({ v: 1, stats: 'x' })]) {
      fs.writeFileSync(cache, junk);
      const spy = vi.spyOn(fs, 'readFileSync');
      try {
        expect(loadPrebuilt(bank, INDEX, cache, LATER)).not.toBeNull();
        expect(readsOf(spy, bank)).toBeGreaterThan(200);
      } finally {
        spy.mockRestore();
      }
    }
  });
});

describe('the binary on the bundled bank', () => {
  it('remembers its check in an existing progress folder, and never makes the folder for it', async () => {
    // A check is not remembered within two seconds of a change: a build just before this test must be older than that.
    const built = Math.max(...[INDEX, path.join(ROOT, 'dist', TEXT_FILE)].map((f) => fs.statSync(f).ctimeMs));
    const wait = built + 2_100 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const h = home();
    expect(runCli(['list'], { home: h }).code).toBe(0);
    expect(fs.existsSync(path.join(h, '.mlops-drill'))).toBe(false);
    fs.mkdirSync(path.join(h, '.mlops-drill'), { mode: 0o700 });
    const first = runCli(['list', '--json'], { home: h });
    expect(first.code).toBe(0);
    const check = JSON.parse(fs.readFileSync(path.join(h, '.mlops-drill', CHECK_FILE), 'utf8')) as { bank: string; stats: string[] };
    expect(check.bank).toBe(BANK);
    expect(check.stats.length).toBeGreaterThan(250);
    // Trusted the second time: the same questions, whole.
    expect(runCli(['list', '--json'], { home: h }).stdout).toBe(first.stdout);
  });
});
