/**
 * The promises of README "Your progress is safe" that concern the log itself, each as the
 * failure that was reproduced against the built binary: answers counted twice, a checkpoint
 * that lied, imports that rewrote history, files that froze or crashed a command.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers.js';
import { MINI_BANK, chmodDoesNotStopWrites, countOf, expectNoStackTrace, generatedChoiceBank, home, progressFileOf, noDailyLimit, readJsonLines, startSession } from './support.js';

/** A tiny tmpfs, to fill a disk for real; only where the tests run as root and mount works. */
function smallDisk(): { dir: string; unmount: () => void } | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = home();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=700', 'tmpfs', dir]);
  if (r.status !== 0) return null;
  return { dir, unmount: () => spawnSync('umount', [dir]) };
}
const disk = smallDisk();
if (!disk) console.warn('no small tmpfs (needs root and mount): the real full-disk test is skipped; the unit test simulates a short write instead');
disk?.unmount();

const IDS = ['mini-choice', 'mini-output', 'mini-open'];
const T0 = Date.UTC(2025, 0, 1);

/** n answers as the drill writes them, one a minute from T0; every third one wrong. */
function answers(n: number, over: (i: number) => Record<string, unknown> = () => ({}), tag = 'a'): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      v: 1,
      kind: 'answer',
      rid: `${tag}-${String(i).padStart(7, '0')}`,
      at: new Date(T0 + i * 60_000).toISOString(),
      session: 'earlier',
      bank: 'bundled',
      id: IDS[i % 3],
      result: i % 3 === 2 ? 'incorrect' : 'correct',
      grade: i % 3 === 2 ? 'again' : 'good',
      hints: 0,
      revealed: false,
      nearMiss: false,
      seconds: 3,
      mode: 'drill',
      ...over(i),
    }),
  );
}

function writeLog(h: string, text: string | Buffer): string {
  const file = progressFileOf(h);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, text);
  return file;
}

interface Stats {
  answered: number;
  correct: number;
  seen: number;
  mastered: number;
}

function stats(h: string, env: NodeJS.ProcessEnv = {}): Stats & { stderr: string } {
  const r = runCli(['--bank', MINI_BANK, 'stats', '--json'], { home: h, env });
  expectNoStackTrace(r);
  expect(r.code, r.stderr).toBe(0);
  return { ...(JSON.parse(r.stdout) as Stats), stderr: r.stderr };
}

const checkpointOf = (h: string) => path.join(path.dirname(progressFileOf(h)), 'replay-cache.json');

describe('answers counted twice or lost', () => {
  it('a record id that appears twice (a retried write) is counted once', () => {
    const h = home();
    const lines = answers(4);
    writeLog(h, [...lines, lines[1], lines[3]].join('\n') + '\n');
    const s = stats(h);
    expect(s.answered).toBe(4);
    expect(s.correct).toBe(3);
  });

  it('a checkpointed log whose last complete record has no newline: five runs of stats agree', () => {
    const h = home();
    const lines = answers(2_500);
    const file = writeLog(h, lines.join('\n'));
    const runs = [1, 2, 3, 4, 5].map(() => stats(h));
    expect(fs.existsSync(checkpointOf(h))).toBe(true);
    for (const s of runs) expect(s.answered).toBe(2_500);
    // and the log was not touched by reading it
    expect(fs.readFileSync(file, 'utf8')).toBe(lines.join('\n'));
  });

  // A write that fails for good (a file size limit: EFBIG, as a full disk gives ENOSPC).
  it.skipIf(process.platform === 'win32' || !fs.existsSync('/bin/sh')).each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)(
    '%s with answers waiting in memory: one last write is tried and the learner is told how many were not saved, exit %i',
    async (signal, exitCode) => {
      const h = home();
      const base = answers(1, () => ({ bank: '' }))[0]! + '\n';
      const before = answers(1, () => ({ bank: ' '.repeat(2048 - base.length) }))[0]! + '\n';
      expect(before.length).toBe(2048);
      const file = writeLog(h, before);
      // Skip every question: a skip is an answer too, and is saved like one.
      const child = spawn('/bin/sh', ['-c', 'ulimit -f 4 && exec "$0" "$@"', process.execPath, BIN, '--bank', MINI_BANK, '--plain', '--seed', '1'], {
        cwd: h,
        env: cleanEnv(h),
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const waiting = new Set<() => void>();
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        for (const check of [...waiting]) check();
      });
      const seen = (text: string) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (!stdout.includes(text)) return;
            waiting.delete(check);
            resolve();
          };
          waiting.add(check);
          check();
        });
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await seen('Question 1 of 3');
      child.stdin.write(':s\n');
      await seen('Question 2 of 3');
      child.kill(signal);
      const r = { code: await exited, stdout, stderr };
      expect(r.code, r.stderr).toBe(exitCode);
      expectNoStackTrace(r);
      expect(r.stderr).toMatch(/kept in memory/);
      expect(countOf(r.stderr, /^1 answer\(s\) could not be saved\.$/m)).toBe(1);
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
    },
  );
});

describe.skipIf(!disk)('a disk that really fills up (tmpfs)', () => {
  it('answers given while the disk is full are each written once when space comes back', async () => {
    const d = smallDisk()!;
    try {
      const bank = generatedChoiceBank(40);
      // Fill every page but the one the log starts in.
      fs.writeFileSync(path.join(d.dir, 'progress.jsonl'), '');
      const filler = path.join(d.dir, 'filler');
      const fd = fs.openSync(filler, 'w');
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(1024));
      } catch {
        // full
      } finally {
        fs.closeSync(fd);
      }
      fs.truncateSync(filler, fs.statSync(filler).size - 4096);
      const s = startSession(['--bank', bank, '--plain', '-n', '40', '--seed', '3'], { home: d.dir, env: { MLOPS_DRILL_HOME: d.dir, ...noDailyLimit(bank) } });
      for (let n = 1; n <= 35; n++) {
        await s.waitFor(`Question ${n} of 40`);
        // One page back while more than a page of answers waits: the next write lands some of them whole, then fails again.
        if (n === 28) fs.truncateSync(filler, fs.statSync(filler).size - 4096);
        if (n === 32) fs.rmSync(filler);
        s.send('2');
      }
      await s.waitFor('Question 36 of 40');
      s.send(':q');
      const r = await s.exited;
      expect(r.stderr).toMatch(/kept in memory/);
      expect(r.stderr).toMatch(/saved again/);
      const text = fs.readFileSync(path.join(d.dir, 'progress.jsonl'), 'utf8');
      const rids = text.split('\n').flatMap((l) => {
        try {
          return [(JSON.parse(l) as { rid: string }).rid];
        } catch {
          return [];
        }
      });
      expect(rids).toHaveLength(35);
      expect(new Set(rids).size).toBe(35);
    } finally {
      d.unmount();
    }
  });
});

describe('a checkpoint that cannot lie', () => {
  function checkpointed(n = 2_100): { h: string; file: string; truth: Stats } {
    const h = home();
    const file = writeLog(h, answers(n).join('\n') + '\n');
    const truth = stats(h);
    expect(fs.existsSync(checkpointOf(h))).toBe(true);
    return { h, file, truth };
  }

  it('an edit in the middle of the log, same length, is noticed: the figures follow the log', () => {
    const { h, file, truth } = checkpointed();
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    for (let i = 900; i < 1_000; i++) if (lines[i]!.includes('"result":"correct"')) lines[i] = lines[i]!.replace('"result":"correct"', '"result":"skipped"');
    const edited = lines.join('\n');
    expect(edited.length).toBe(text.length);
    fs.writeFileSync(file, edited);
    const changed = (text.slice(0, text.length).match(/"result":"correct"/g)!.length - edited.match(/"result":"correct"/g)!.length);
    expect(changed).toBeGreaterThan(50);
    const s = stats(h);
    expect(s.correct).toBe(truth.correct - changed);
  });

  it('a forged checkpoint is ignored: the figures come from the log', () => {
    const { h, truth } = checkpointed();
    const cp = JSON.parse(fs.readFileSync(checkpointOf(h), 'utf8')) as { summary: { answers: number; tallies: [string, { attempts: number; answered: number; correct: number }][] } };
    cp.summary.answers = 500_000;
    for (const [, t] of cp.summary.tallies) Object.assign(t, { attempts: 500_000 / 3, answered: 500_000 / 3, correct: 500_000 / 3 });
    fs.writeFileSync(checkpointOf(h), JSON.stringify(cp));
    const s = stats(h);
    expect(s).toMatchObject({ answered: truth.answered, correct: truth.correct });
  });

  const crafted: [string, (cp: Record<string, any>) => void][] = [
    ['a card state "weird"', (cp) => (cp.summary.cards[0][1].state = 'weird')],
    ['a negative offset', (cp) => (cp.offset = -120)],
    ['a bad due date', (cp) => (cp.summary.cards[0][1].due = 'not a date')],
    ['a due date JavaScript cannot print', (cp) => (cp.summary.cards[0][1].due = '+275760-09-13T00:00:00.000Z')],
    ['a null tally', (cp) => (cp.summary.tallies[0][1] = null)],
    ['tallies that are not a list', (cp) => (cp.summary.tallies = { a: 1 })],
    ['suspensions that are not a list', (cp) => (cp.summary.suspensions = { 'mini-choice': true })],
    ['a suspension dated "soon"', (cp) => (cp.summary.suspensions = [['mini-choice', { suspended: true, at: 'soon' }]])],
    ['no suspensions (a checkpoint of the format before them, relabelled)', (cp) => delete cp.summary.suspensions],
    ['not JSON at all', (cp) => Object.keys(cp).forEach((k) => delete cp[k])],
  ];

  /** One checkpointed home and what it shows, copied for each crafted case. */
  let base: { h: string; truth: Stats; listed: string } | null = null;
  function copyOfBase(): { h: string; truth: Stats; listed: string } {
    if (!base) {
      const { h, truth } = checkpointed();
      base = { h, truth, listed: runCli(['--bank', MINI_BANK, 'list', '--json'], { home: h }).stdout };
    }
    const h = home();
    fs.cpSync(path.join(base.h, '.mlops-drill'), path.join(h, '.mlops-drill'), { recursive: true });
    return { ...base, h };
  }

  it.each(crafted)('%s: no crash in stats, list --json or the drill; the figures of the log; at most one notice; rebuilt', (what, craft) => {
    const { h, truth, listed } = copyOfBase();
    const cp = JSON.parse(fs.readFileSync(checkpointOf(h), 'utf8')) as Record<string, any>;
    craft(cp);
    const put = () => fs.writeFileSync(checkpointOf(h), Object.keys(cp).length === 0 ? '{"v":2,' : JSON.stringify(cp));
    put();
    const s = stats(h);
    expect(s).toMatchObject({ answered: truth.answered, correct: truth.correct });
    expect(countOf(s.stderr, /\n/)).toBeLessThanOrEqual(1);
    // A card or a date that is off would show in list --json (or crash it).
    if (/card|date/.test(what)) {
      put();
      const list = runCli(['--bank', MINI_BANK, 'list', '--json'], { home: h });
      expectNoStackTrace(list);
      expect(list.code).toBe(0);
      expect(list.stdout).toBe(listed);
    }
    if (what === crafted[0]![0]) {
      put();
      const drill = runCli(['--bank', MINI_BANK, '--plain', '--cram', '-n', '1'], { home: h, input: ':q\n' });
      expectNoStackTrace(drill);
      expect(drill.code).toBe(0);
    }
    // rebuilt: the next run reads it without a word
    expect(stats(h).stderr).toBe('');
  });
});

describe('files in the progress folder', () => {
  it('a progress folder others can write is refused for writing, with the chmod that fixes it', () => {
    const h = home();
    const shared = path.join(h, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    const env = { MLOPS_DRILL_HOME: shared };
    const r = runCli(['--bank', MINI_BANK, '--plain', '--type', 'choice'], { home: h, env, input: ':s\n' });
    expect(r.code).toBe(1);
    expectNoStackTrace(r);
    expect(countOf(r.stderr, /chmod 700 /)).toBe(1);
    expect(r.stderr).toContain(`chmod 700 ${shared}`);
    expect(fs.readdirSync(shared)).toEqual([]);
    const file = path.join(h, 'in.jsonl');
    fs.writeFileSync(file, answers(2).join('\n') + '\n');
    const i = runCli(['progress', 'import', file], { home: h, env });
    expect(i.code).toBe(1);
    expect(i.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(i.stderr).toContain(`chmod 700 ${shared}`);
    expect(fs.readdirSync(shared)).toEqual([]);
  });

  it('a link the learner made in their own private folder keeps working', () => {
    const h = home();
    const synced = path.join(h, 'synced');
    fs.mkdirSync(synced, { mode: 0o700 });
    const target = path.join(synced, 'progress.jsonl');
    fs.writeFileSync(target, answers(1).join('\n') + '\n');
    const file = progressFileOf(h);
    fs.mkdirSync(path.dirname(file), { mode: 0o700 });
    fs.symlinkSync(target, file);
    const r = runCli(['--bank', MINI_BANK, '--plain', '--type', 'open', '--cram'], { home: h, input: '\n3\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readJsonLines(target)).toHaveLength(2);
  });
});

describe('imports that cannot rewrite history', () => {
  const importFile = (h: string, text: string | Buffer) => {
    const file = path.join(h, `import-${crypto.randomUUID()}.jsonl`);
    fs.writeFileSync(file, text);
    return file;
  };

  it('70,000 records import in one go (no "Maximum call stack size exceeded")', () => {
    const a = home();
    const file = importFile(a, answers(70_000).join('\n') + '\n');
    const i = runCli(['progress', 'import', file], { home: a });
    expectNoStackTrace(i);
    expect(i.code, i.stderr).toBe(0);
    expect(i.stdout).toBe('imported 70000 answers, 0 already here, 0 unreadable lines skipped\n');
    expect(fs.readFileSync(progressFileOf(a), 'utf8')).toBe(fs.readFileSync(file, 'utf8'));
  });

  it('undo records may only take back answers of the same import', () => {
    const h = home();
    const local = answers(300, () => ({}), 'local');
    writeLog(h, local.join('\n') + '\n');
    const before = stats(h);
    const undos = local.map((l, i) =>
      JSON.stringify({ v: 1, kind: 'undo', rid: `u-${i}`, at: new Date(T0 + 400 * 60_000).toISOString(), session: 'x', undoes: (JSON.parse(l) as { rid: string }).rid }),
    );
    // and one answer of the import with its own undo, which is fine
    const own = answers(1, () => ({ at: new Date(T0 + 500 * 60_000).toISOString() }), 'theirs')[0]!;
    const ownUndo = JSON.stringify({ v: 1, kind: 'undo', rid: 'u-own', at: new Date(T0 + 501 * 60_000).toISOString(), session: 'x', undoes: 'theirs-0000000' });
    const r = runCli(['progress', 'import', importFile(h, [...undos, own, ownUndo].join('\n') + '\n')], { home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'imported 1 answers (and 1 undo records), 0 already here, 0 unreadable lines skipped, 300 undo records refused (they would take back answers that are not in this file)\n',
    );
    expect(stats(h)).toMatchObject({ answered: before.answered, correct: before.correct });
  });

  it('records dated after now are refused on import with a count; the reader never crashes on a date', () => {
    const h = home();
    const good = answers(2);
    const future = answers(2, (i) => ({ at: i === 0 ? '+275760-09-13T00:00:00.000Z' : '2999-01-01T00:00:00.000Z', id: 'mini-choice' }), 'future');
    const r = runCli(['progress', 'import', importFile(h, [...good, ...future].join('\n') + '\n')], { home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('imported 2 answers, 0 already here, 0 unreadable lines skipped, 2 dated in the future refused\n');
    // Written into the log by other means, they neither crash a command nor park a question.
    fs.appendFileSync(progressFileOf(h), future.join('\n') + '\n');
    const s = stats(h);
    expect(s.answered).toBe(2);
    expect(countOf(s.stderr, /2 record\(s\) .* dated in the future/g)).toBe(1);
    expect(stats(h).stderr).toBe('');
    const list = runCli(['--bank', MINI_BANK, 'list', '--json'], { home: h });
    expectNoStackTrace(list);
    expect(list.code).toBe(0);
    const choice = (JSON.parse(list.stdout) as { id: string; schedule: { due: string } | null }[]).find((q) => q.id === 'mini-choice')!;
    expect(Date.parse(choice.schedule!.due)).toBeLessThan(Date.now() + 366 * 86_400_000);
  });

  it('a UTF-8 BOM at the start of an import file or of the log is not a lost record', () => {
    const h = home();
    const r = runCli(['progress', 'import', importFile(h, '\uFEFF' + answers(3).join('\n') + '\n')], { home: h });
    expect(r.stdout).toBe('imported 3 answers, 0 already here, 0 unreadable lines skipped\n');
    const b = home();
    const file = writeLog(b, '\uFEFF' + answers(1)[0] + '\n');
    expect(stats(b).answered).toBe(1);
    const d = runCli(['--bank', MINI_BANK, '--plain', '--type', 'open', '--cram'], { home: b, input: '\n3\n' });
    expect(d.code, d.stderr).toBe(0);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['progress.jsonl']);
    expect(stats(b).answered).toBe(2);
  });

  it.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)('what is not a regular file is refused at once: a FIFO log, a link to /dev/zero, /dev/urandom', () => {
    const h = home();
    const file = progressFileOf(h);
    fs.mkdirSync(path.dirname(file), { mode: 0o700 });
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    const fifo = runCli(['progress', 'export'], { home: h });
    expect(fifo.code).toBe(1);
    expect(fifo.stderr).toMatch(/not a regular file/);
    fs.rmSync(file);
    fs.symlinkSync('/dev/zero', file);
    const zero = runCli(['progress', 'export', path.join(h, 'out.jsonl')], { home: h });
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/not a regular file/);
    fs.rmSync(file);
    const rnd = runCli(['progress', 'import', '/dev/urandom'], { home: h });
    expect(rnd.code).toBe(1);
    expect(rnd.stderr).toMatch(/not a regular file/);
    for (const r of [fifo, zero, rnd]) expectNoStackTrace(r);
  });
});

describe('smaller failures', () => {
  it('MLOPS_DRILL_HOME that is a file: import and reset say so in one line, exit 1, no "This is a bug"', () => {
    const h = home();
    const notAFolder = path.join(h, 'file');
    fs.writeFileSync(notAFolder, 'mine');
    const file = path.join(h, 'in.jsonl');
    fs.writeFileSync(file, answers(1).join('\n') + '\n');
    for (const args of [['progress', 'import', file], ['progress', 'export'], ['reset', '--yes']]) {
      const r = runCli(args, { home: h, env: { MLOPS_DRILL_HOME: notAFolder } });
      expectNoStackTrace(r);
      expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
      if (r.code === 1) expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(fs.readFileSync(notAFolder, 'utf8')).toBe('mine');
  });

  it.skipIf(chmodDoesNotStopWrites())('a read-only progress folder: import and reset say so in one line, exit 1 (skipped as root: chmod does not stop root)', () => {
    const h = home();
    const log = writeLog(h, answers(2).join('\n') + '\n');
    const file = path.join(h, 'in.jsonl');
    fs.writeFileSync(file, answers(1, () => ({}), 'other').join('\n') + '\n');
    fs.chmodSync(path.dirname(log), 0o500);
    try {
      for (const args of [['reset', '--yes'], ['progress', 'import', file]]) {
        const r = runCli(args, { home: h });
        expectNoStackTrace(r);
        expect(r.code).toBe(1);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/cannot be written/);
      }
    } finally {
      fs.chmodSync(path.dirname(log), 0o700);
    }
    expect(readJsonLines(log)).toHaveLength(2);
  });

  it.each([
    ['a dangling link', (lock: string) => fs.symlinkSync(path.join(path.dirname(lock), 'gone'), lock), /is a link, not a lock/],
    ['a folder with files in it, left long ago', (lock: string) => {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'mine'), 'x');
      const old = new Date(Date.now() - 3_600_000);
      fs.utimesSync(lock, old, old);
    }, /did not make/],
  ])('a lock file that is %s: reset and import say so in one line, exit 1', (_what, make, message) => {
    const h = home();
    const log = writeLog(h, answers(2).join('\n') + '\n');
    make(`${log}.lock`);
    const file = path.join(h, 'in.jsonl');
    fs.writeFileSync(file, answers(1, () => ({}), 'other').join('\n') + '\n');
    for (const args of [['reset', '--yes'], ['progress', 'import', file]]) {
      const r = runCli(args, { home: h });
      expectNoStackTrace(r);
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(readJsonLines(log)).toHaveLength(2);
  });

  it('records of a newer writer (kind "note", result "partial") are kept in the file and skipped, never set aside', () => {
    const h = home();
    const note = JSON.stringify({ v: 1, kind: 'note', rid: 'n1', at: new Date(T0).toISOString(), session: 's', text: 'hello' });
    const partial = answers(1, () => ({ result: 'partial' }), 'p')[0]!;
    const onlyNew = [note, partial].join('\n') + '\n';
    const file = writeLog(h, onlyNew);
    const r = runCli(['--bank', MINI_BANK, '--plain', '--type', 'open', '--cram'], { home: h, input: '\n3\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['progress.jsonl']);
    expect(fs.readFileSync(file, 'utf8').startsWith(onlyNew)).toBe(true);
    expect(stats(h).answered).toBe(1);
  });

  it('a torn line that is no longer the last warns once, and says how to clean it up', () => {
    const h = home();
    writeLog(h, [answers(1)[0], '{"v":1,"kind":"answer","rid":"cut-o', answers(1, () => ({}), 'b')[0]].join('\n') + '\n');
    const first = stats(h);
    expect(countOf(first.stderr, /unreadable line/)).toBe(1);
    expect(first.stderr).toContain('progress export');
    expect(first.answered).toBe(2);
    const second = stats(h);
    expect(second.stderr).toBe('');
    expect(second.answered).toBe(2);
  });
});
