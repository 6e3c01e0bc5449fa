import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers.js';
import {
  BEL,
  ESC,
  MINI_BANK,
  answerRight,
  chmodDoesNotStopWrites,
  countOf,
  expectNoStackTrace,
  generatedChoiceBank,
  home,
  nextQuestion,
  progressFileOf,
  readJsonLines,
  noDailyLimit,
  startSession,
} from './support.js';

/** One choice question answered right, in plain mode: the smallest drill that saves something. */
const CHOICE_DRILL = ['--bank', MINI_BANK, '--plain', '--type', 'choice', '--seed', '1'];

let rightLetter: string | undefined;

/** The reply that picks the right option of mini-choice under CHOICE_DRILL, found the way a user would: by looking. */
function rightChoiceInput(): string {
  if (rightLetter === undefined) {
    const look = runCli([...CHOICE_DRILL, '--cram'], { home: home(), input: '' });
    const m = /^([A-C])\) 8080$/m.exec(look.stdout);
    if (!m) throw new Error(`no 8080 option in:\n${look.stdout}`);
    rightLetter = m[1]!;
  }
  return `${rightLetter}\n`;
}

let rids = 0;

/** A record exactly as the drill writes it. */
function recordLine(id: string, extra: Record<string, unknown> = {}): string {
  return (
    JSON.stringify({
      v: 1,
      kind: 'answer',
      rid: `rid-${id}-${String(++rids).padStart(6, '0')}`,
      at: '2026-01-02T03:04:05.000Z',
      session: 'earlier-session',
      bank: MINI_BANK,
      id,
      result: 'correct',
      grade: 'good',
      hints: 0,
      revealed: false,
      nearMiss: false,
      seconds: 3,
      mode: 'drill',
      ...extra,
    }) + '\n'
  );
}

function writeProgress(h: string, content: string | Buffer): string {
  const file = progressFileOf(h);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('three sessions at the same time', () => {
  it('keep all 300 answers, every line valid JSON', async () => {
    const bank = generatedChoiceBank(100);
    const h = home();
    const sessions = [1, 2, 3].map((seed) => startSession(['--bank', bank, '--plain', '-n', '100', '--seed', String(seed)], { home: h, env: noDailyLimit(h) }));
    // All three have read the (empty) log and wait on their first question: now they overlap.
    await Promise.all(sessions.map((s) => s.waitFor('Question 1 of 100')));
    sessions.forEach((s, k) => {
      // Answers piped in one go, as a script would: a mix of right and wrong picks.
      s.send(Array.from({ length: 100 }, (_, i) => String(((i + k) % 3) + 1)).join('\n'));
      s.end();
    });
    const results = await Promise.all(sessions.map((s) => s.exited));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('Question 100 of 100');
    }
    const text = fs.readFileSync(progressFileOf(h), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(300);
    const records = lines.map((l) => JSON.parse(l) as { session: string; id: string; result: string; rid: string });
    const bySession = new Map<string, Set<string>>();
    for (const r of records) {
      expect(['correct', 'incorrect']).toContain(r.result);
      bySession.set(r.session, (bySession.get(r.session) ?? new Set()).add(r.id));
    }
    expect([...bySession.values()].map((ids) => ids.size)).toEqual([100, 100, 100]);
    expect(new Set(records.map((r) => r.rid)).size).toBe(300);
  }, 60_000);
});

describe('a damaged progress file', () => {
  it('a torn last line: warns, appends the next answer whole on its own line, keeps the torn text', () => {
    const h = home();
    const torn = '{"v":1,"kind":"answer","rid":"cut-off-he';
    const before = recordLine('mini-open') + torn;
    const file = writeProgress(h, before);
    const r = runCli(CHOICE_DRILL, { home: h, input: rightChoiceInput() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ Correct.');
    expect(countOf(r.stderr, /^warning: .*cut off/m)).toBe(1);
    const after = fs.readFileSync(file, 'utf8');
    expect(after.startsWith(before + '\n')).toBe(true);
    const added = after.slice(before.length + 1);
    expect(added.endsWith('\n')).toBe(true);
    expect(added.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(added)).toMatchObject({ v: 1, kind: 'answer', id: 'mini-choice', result: 'correct' });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['progress.jsonl']);
  });

  const unreadable: [string, () => Buffer][] = [
    ['random bytes', () => Buffer.concat([Buffer.from([0xff, 0x00]), randomBytes(4096)])],
    ['random bytes without a newline', () => Buffer.from(randomBytes(4096).map((b) => (b === 0x0a || b === 0x7b ? 0x20 : b)))],
    ['valid JSON of the wrong shape', () => Buffer.from('{"hello":"world"}\n[1,2,3]\n"just text"\n')],
    ['one JSON object of the wrong shape, no newline', () => Buffer.from('{"v":1,"kind":"answer","note":"not a record"}')],
  ];

  it.each(unreadable)('%s: set aside under a new name with the same bytes, one notice, the answer saved', (_name, make) => {
    const h = home();
    const bytes = make();
    const file = writeProgress(h, bytes);
    const r = runCli(CHOICE_DRILL, { home: h, input: rightChoiceInput() });
    expect(r.code).toBe(0);
    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('progress.jsonl');
    expect(names[1]).toMatch(/^progress\.jsonl\.unreadable-/);
    expect(fs.readFileSync(path.join(path.dirname(file), names[1]!)).equals(bytes)).toBe(true);
    const notices = r.stderr.trimEnd().split('\n');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(names[1]);
    expect(readJsonLines(file)).toEqual([expect.objectContaining({ id: 'mini-choice', result: 'correct' })]);
  });

  it('a record of a newer version (v: 2): file left byte-identical, the drill runs, says progress is not saved, exit 1', () => {
    const h = home();
    const before = recordLine('mini-open') + JSON.stringify({ v: 2, kind: 'answer', id: 'mini-open', future: 'field' }) + '\n';
    const file = writeProgress(h, before);
    const r = runCli(CHOICE_DRILL, { home: h, input: rightChoiceInput() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✔ Correct.');
    expect(r.stderr).toMatch(/not saved/);
    expect(r.stderr).toMatch(/newer version/);
    expectNoStackTrace(r);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['progress.jsonl']);
  });
});

describe('a progress folder that cannot be written', () => {
  function expectRunsButNotSaved(r: { code: number | null; stdout: string; stderr: string }, why: RegExp) {
    expect(r.code).toBe(1);
    expectNoStackTrace(r);
    // Both questions were asked and graded.
    expect(countOf(r.stdout, /^Question \d of 2/m)).toBe(2);
    expect(r.stdout).toContain('Session summary');
    // Said before the first question and once in the end, not after every answer.
    expect(countOf(r.stderr, /^warning: progress is not saved: /m)).toBe(1);
    expect(countOf(r.stderr, /^Progress was not saved \(see the warning above\)\./m)).toBe(1);
    expect(countOf(r.stderr, /not saved/)).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr.indexOf('not saved')).toBeLessThan(r.stderr.length);
  }

  it('MLOPS_DRILL_HOME through a regular file (<tmp>/file/sub)', () => {
    const h = home();
    fs.writeFileSync(path.join(h, 'file'), 'not a folder');
    const r = runCli(['--bank', MINI_BANK, '--plain', '--type', 'choice,open'], {
      home: h,
      input: ':s\n:s\n',
      env: { MLOPS_DRILL_HOME: path.join(h, 'file', 'sub') },
    });
    expectRunsButNotSaved(r, /file\/sub is not a folder \(ENOTDIR\)/);
    expect(fs.readFileSync(path.join(h, 'file'), 'utf8')).toBe('not a folder');
  });

  it.skipIf(chmodDoesNotStopWrites())(
    'a read-only folder (skipped when running as root: chmod 0o500 does not stop root from writing)',
    () => {
      const h = home();
      const ro = path.join(h, 'ro');
      fs.mkdirSync(ro);
      fs.chmodSync(ro, 0o500);
      try {
        const r = runCli(['--bank', MINI_BANK, '--plain', '--type', 'choice,open'], { home: h, input: ':s\n:s\n', env: { MLOPS_DRILL_HOME: ro } });
        expectRunsButNotSaved(r, /cannot be written \(EACCES\)/);
        expect(fs.readdirSync(ro)).toEqual([]);
      } finally {
        fs.chmodSync(ro, 0o700);
      }
    },
  );
});

describe('where progress goes when HOME is odd', () => {
  it("HOME='' with MLOPS_DRILL_HOME set: saved there, nothing in the working folder", () => {
    const h = home();
    const cwd = home();
    const state = path.join(h, 'state');
    const r = runCli(CHOICE_DRILL, { home: h, cwd, input: rightChoiceInput(), env: { HOME: '', MLOPS_DRILL_HOME: state } });
    expect(r.code).toBe(0);
    expect(readJsonLines(path.join(state, 'progress.jsonl'))).toEqual([expect.objectContaining({ id: 'mini-choice' })]);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('HOME unset with MLOPS_DRILL_HOME set: saved there, nothing in the working folder', () => {
    const h = home();
    const cwd = home();
    const state = path.join(h, 'state');
    const r = runCli(CHOICE_DRILL, { home: h, cwd, input: rightChoiceInput(), env: { HOME: undefined, MLOPS_DRILL_HOME: state } });
    expect(r.code).toBe(0);
    expect(readJsonLines(path.join(state, 'progress.jsonl'))).toHaveLength(1);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('HOME unset with an absolute XDG_STATE_HOME: saved in $XDG_STATE_HOME/mlops-drill', () => {
    const h = home();
    const cwd = home();
    const xdg = path.join(h, 'xdg');
    const r = runCli(CHOICE_DRILL, { home: h, cwd, input: rightChoiceInput(), env: { HOME: undefined, XDG_STATE_HOME: xdg } });
    expect(r.code).toBe(0);
    expect(readJsonLines(path.join(xdg, 'mlops-drill', 'progress.jsonl'))).toHaveLength(1);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('a relative XDG_STATE_HOME or an empty MLOPS_DRILL_HOME is ignored: ~/.mlops-drill, never the working folder', () => {
    const h = home();
    const cwd = home();
    const input = rightChoiceInput();
    for (const env of [{ XDG_STATE_HOME: 'state' }, { MLOPS_DRILL_HOME: '' }]) {
      const r = runCli([...CHOICE_DRILL, '--cram'], { home: h, cwd, input, env });
      expect(r.code).toBe(0);
    }
    expect(readJsonLines(progressFileOf(h))).toHaveLength(2);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('HOME unset: commands that do not save work and write nothing in the working folder', () => {
    const h = home();
    const cwd = home();
    for (const args of [['validate', MINI_BANK], ['--bank', MINI_BANK, 'show', 'mini-open'], ['--help']]) {
      const r = runCli(args, { home: h, cwd, env: { HOME: undefined } });
      expect([0, 2], r.stderr).toContain(r.code);
      expectNoStackTrace(r);
    }
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('signals during a plain drill', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s after the first answer: exit %i, the first answer saved', async (signal, code) => {
    const h = home();
    const s = startSession(['--bank', MINI_BANK, '--plain', '--seed', '1'], { home: h });
    const q = await nextQuestion(s, 1, 3);
    await answerRight(s, q);
    // Question 2 on screen means answer 1 is already saved.
    await nextQuestion(s, 2, 3);
    s.kill(signal);
    const r = await s.exited;
    expect(r.code).toBe(code);
    expect(r.signal).toBeNull();
    expectNoStackTrace(r);
    const records = readJsonLines(progressFileOf(h));
    expect(records).toEqual([expect.objectContaining({ id: `mini-${q.type}`, result: 'correct' })]);
    expect(fs.readFileSync(progressFileOf(h), 'utf8').endsWith('\n')).toBe(true);
  });
});

describe('a full disk', () => {
  it.skipIf(!fs.existsSync('/dev/full'))('progress.jsonl a symlink to /dev/full: the drill runs, progress is not saved, exit 1, nothing written', () => {
    const h = home();
    const state = path.join(h, 'state');
    fs.mkdirSync(state);
    fs.symlinkSync('/dev/full', path.join(state, 'progress.jsonl'));
    const r = runCli(CHOICE_DRILL, { home: h, input: rightChoiceInput(), env: { MLOPS_DRILL_HOME: state } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✔ Correct.');
    expect(r.stderr).toMatch(/not saved/);
    expectNoStackTrace(r);
    expect(fs.readlinkSync(path.join(state, 'progress.jsonl'))).toBe('/dev/full');
    expect(fs.readdirSync(state)).toEqual(['progress.jsonl']);
  });

  // A real "no space left" is hard to make without root; a file-size limit fails the write the same way (EFBIG).
  it.skipIf(process.platform === 'win32' || !fs.existsSync('/bin/sh'))(
    'a write that fails (file size limit reached): warns the answer is kept in memory, exit 1, nothing half-written',
    () => {
      const h = home();
      // Exactly 2048 bytes of valid log: `ulimit -f 4` (512-byte blocks in sh) lets no byte more in.
      let before = recordLine('mini-open');
      before = recordLine('mini-open', { bank: MINI_BANK + ' '.repeat(2048 - before.length) });
      expect(before.length).toBe(2048);
      const file = writeProgress(h, before);
      const input = rightChoiceInput();
      const r = spawnSync('/bin/sh', ['-c', 'ulimit -f 4 && exec "$0" "$@"', process.execPath, BIN, ...CHOICE_DRILL, '--cram'], {
        cwd: h,
        env: cleanEnv(h),
        input,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.stdout).toContain('✔ Correct.');
      expect(r.stderr).toMatch(/kept in memory/);
      expect(countOf(r.stderr, /kept in memory/)).toBe(1);
      expect(r.stderr).toMatch(/could not be saved|not saved/);
      expect(r.status).toBe(1);
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
    },
  );
});

describe('escape sequences in a deck', () => {
  const EVIL = '\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;aGVsbG8=\u0007';

  function evilBank(): string {
    const dir = home();
    const title = JSON.stringify(`Evil ${EVIL} title`);
    fs.writeFileSync(
      path.join(dir, 'evil-choice.md'),
      `---\nid: evil-choice\ntitle: ${title}\ndifficulty: easy\ntype: choice\ntopics: [security]\nsource: ${title}\n---\nPrompt ${EVIL} text.\n\n## Choices\n- [x] Right ${EVIL} option\n- [ ] Wrong ${EVIL} one\n- [ ] Wrong ${EVIL} two\n\n## Hint\nHint ${EVIL} one.\n\n## Answer\nAnswer ${EVIL} text.\n\n## Explanation\nExplanation ${EVIL} text.\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'evil-output.md'),
      `---\nid: evil-output\ntitle: ${title}\ndifficulty: easy\ntype: output\ntopics: [security]\n---\nPrompt ${EVIL} text.\n\n\`\`\`python\nprint("${EVIL}")\n\`\`\`\n\n## Hint\nHint ${EVIL} one.\n\n## Answer\n\`\`\`text\nout ${EVIL} put\n\`\`\`\n\nNote ${EVIL} here.\n\n## Explanation\nExplanation ${EVIL} text.\n`,
    );
    // A file name can carry them too.
    fs.writeFileSync(path.join(dir, `name${EVIL.slice(0, 10)}.md`), '');
    return dir;
  }

  function expectClean(text: string) {
    expect(text).not.toContain(ESC);
    expect(text).not.toContain(BEL);
  }

  it('show, list, validate and a plain drill never print ESC or BEL', () => {
    const bank = evilBank();
    const h = home();
    const runs = [
      runCli(['--bank', bank, '--no-color', 'show', 'evil-choice', '--answer'], { home: h }),
      runCli(['--bank', bank, '--no-color', 'show', 'evil-output', '--answer'], { home: h }),
      runCli(['--bank', bank, '--no-color', 'list'], { home: h }),
      runCli(['--bank', bank, '--no-color', 'list', '--json'], { home: h }),
      runCli(['--no-color', 'validate', bank], { home: h }),
      runCli(['--no-color', 'validate', '--format', 'github', bank], { home: h }),
      runCli(['--bank', bank, '--no-color', '--plain', '--seed', '1'], { home: h, input: ':h\n:r\n:h\nwrong\n.\nn\n' }),
    ];
    for (const r of runs) {
      expectClean(r.stdout);
      expectClean(r.stderr);
      expectNoStackTrace(r);
    }
    const [showChoice, showOutput, list, listJson, validate, , drill] = runs;
    expect(showChoice!.stdout).toMatch(/Evil .*title/);
    expect(showChoice!.stdout).toMatch(/Right .*option {2}✔/);
    expect(showChoice!.stdout).toMatch(/Hint .*one/);
    expect(showOutput!.stdout).toMatch(/out .*put/);
    expect(list!.stdout).toContain('evil-choice');
    expect((JSON.parse(listJson!.stdout) as { title: string }[]).map((q) => q.title)).toHaveLength(2);
    expect(validate!.stdout).toMatch(/name\\x1b\]0;pwned\\x07\.md:1:1: error: empty file/);
    expect(drill!.stdout).toMatch(/Hint 1 of 1:/);
    expect(drill!.stdout).toMatch(/Prompt .*text/);
    expect(countOf(drill!.stdout, /^Question \d of 2/m)).toBe(2);
  });
});

describe('files a validator must survive', () => {
  it('huge, binary, empty, 30 folders deep and symbolic link loops: one clear error each, and it finishes', () => {
    const bank = home();
    fs.writeFileSync(path.join(bank, 'huge.md'), '---\nid: huge\n---\n' + 'x'.repeat(1100 * 1024));
    fs.writeFileSync(path.join(bank, 'binary.md'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x0a]));
    fs.writeFileSync(path.join(bank, 'empty.md'), '');
    let deep = path.join(bank, 'deep');
    for (let i = 1; i <= 30; i++) deep = path.join(deep, `level${i}`);
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, 'bottom.md'), '');
    fs.mkdirSync(path.join(bank, 'loop'));
    fs.symlinkSync('..', path.join(bank, 'loop', 'up'));
    fs.symlinkSync('b.md', path.join(bank, 'a.md'));
    fs.symlinkSync('a.md', path.join(bank, 'b.md'));

    const started = Date.now();
    const r = runCli(['validate', '.'], { home: home(), cwd: bank });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expectNoStackTrace(r);
    const lines = r.stdout.trimEnd().split('\n');
    const errorFor = (prefix: string, message: RegExp) => {
      const hits = lines.filter((l) => l.startsWith(prefix));
      expect(hits, `${prefix}\n${r.stdout}`).toHaveLength(1);
      expect(hits[0]).toMatch(message);
    };
    errorFor('huge.md:1:1: error:', /too large/);
    errorFor('binary.md:1:1: error:', /binary/);
    errorFor('empty.md:1:1: error:', /empty/);
    errorFor('deep/level1/', /nested deeper/);
    errorFor('loop/up:1:1: error:', /loop/);
    errorFor('a.md:1:1: error:', /link/);
    errorFor('b.md:1:1: error:', /link/);
    expect(lines).toHaveLength(7);
    expect(r.stderr).toMatch(/0 question\(s\) valid: 7 error\(s\)/);
  });
});
