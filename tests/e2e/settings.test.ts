import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasGit, runCli, startCli } from '../helpers.js';
import { expectNoStackTrace, generatedChoiceBank, home, progressFileOf, readJsonLines } from './support.js';

/** Settings as a learner uses them: `config`, then drills that obey them. */
const plainAnswers = (n: number) => Array.from({ length: n }, () => '1\n').join('');

describe('config', () => {
  it('sets, gets, lists and unsets a setting in a private file; refuses a bad key or value with exit 2', () => {
    const h = home();
    expect(runCli(['config', 'set', 'new-per-day', '20'], { home: h }).stdout).toContain('new-per-day = 20');
    expect(runCli(['config', 'get', 'new-per-day'], { home: h }).stdout.trim()).toBe('20');
    const file = path.join(h, '.config', 'mlops-drill', 'config.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ 'new-per-day': 20 });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const list = runCli(['config', 'list'], { home: h });
    expect(list.stdout).toMatch(/^new-per-day +20 /m);
    expect(list.stdout).toMatch(/^desired-retention +0\.9 +default/m);
    // Values line up, a word value such as leech-action's included.
    expect(runCli(['config', 'set', 'leech-action', 'suspend'], { home: h }).code).toBe(0);
    const helpAt = runCli(['config', 'list'], { home: h }).stdout.split('\n').filter((l) => /^(new-per-day|leech-action|session-size) /.test(l)).map((l) => l.search(/ {2}(default · )?[a-z]+ [a-z]/));
    expect(new Set(helpAt).size).toBe(1);
    runCli(['config', 'unset', 'leech-action'], { home: h });

    const bad = runCli(['config', 'set', 'desired-retention', '1.5'], { home: h });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('desired-retention must be a number from 0.7 to 0.99');
    const typo = runCli(['config', 'get', 'new-per-dya'], { home: h });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean new-per-day?');
    expectNoStackTrace(typo);

    expect(runCli(['config', 'unset', 'new-per-day'], { home: h }).stdout).toContain('back to its default (10)');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({});
  });

  it('many config set of different keys at the same moment all land: the rewrite holds a lock', async () => {
    const h = home();
    const values: [string, string, unknown][] = [
      ['new-per-day', '21', 21],
      ['reviews-per-day', '99', 99],
      ['desired-retention', '0.85', 0.85],
      ['day-starts-at', '6', 6],
      ['session-size', '7', 7],
      ['leech-threshold', '9', 9],
      ['fsrs-parameters', Array.from({ length: 21 }, (_, i) => String(i / 10)).join(','), Array.from({ length: 21 }, (_, i) => i / 10)],
    ];
    const runs = values.map(([key, text]) => {
      const child = startCli(['config', 'set', key, text], { home: h });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
    });
    const results = await Promise.all(runs);
    expect(results).toEqual(values.map(() => ({ code: 0, stderr: '' })));
    const file = path.join(h, '.config', 'mlops-drill', 'config.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(Object.fromEntries(values.map(([key, , value]) => [key, value])));
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.json']);
  });

  it('a settings file broken by hand is reported once and the drill runs with the defaults', () => {
    const h = home();
    const file = path.join(h, '.config', 'mlops-drill', 'config.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"new-per-day": ');
    const bank = generatedChoiceBank(3);
    const r = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '1'], { home: h, input: '1\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('is not valid JSON');
    expect(readJsonLines(progressFileOf(h))).toHaveLength(1);
  });
});

describe('daily limits and session size', () => {
  it('introduces at most new-per-day new questions per learning day, across sessions, and says what is left', () => {
    const h = home();
    const bank = generatedChoiceBank(8);
    runCli(['config', 'set', 'new-per-day', '3'], { home: h });
    const first = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '5', '--seed', '1'], { home: h, input: plainAnswers(5) });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 question(s): 0 due for review, 3 new');
    // A miss comes back in the session, so count questions, not records.
    const ids = () => new Set(readJsonLines(progressFileOf(h)).map((r) => r.id)).size;
    expect(ids()).toBe(3);

    const second = runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '5', '--seed', '2'], { home: h, input: plainAnswers(5) });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/today's 3 new questions are done; 5 more wait for tomorrow/);
    expect(ids()).toBe(3);
    // Cram is outside the schedule, so outside the limits.
    const cram = runCli(['--plain', '-d', 'easy', '--bank', bank, '--cram', '-n', '2', '--seed', '3'], { home: h, input: plainAnswers(2) });
    expect(cram.stdout).toContain('cramming 2 question(s)');
  });

  it('counts new questions per learning day in the local time zone, with the day starting at day-starts-at', () => {
    const h = home();
    const bank = generatedChoiceBank(8);
    // A clock set to a chosen moment, loaded before the program: the binary itself is unchanged.
    const clock = path.join(h, 'clock.mjs');
    fs.writeFileSync(
      clock,
      [
        'const RealDate = Date;',
        'const offset = RealDate.parse(process.env.FAKE_NOW) - RealDate.now();',
        'globalThis.Date = class extends RealDate {',
        '  constructor(...a) { if (a.length === 0) super(RealDate.now() + offset); else super(...a); }',
        '  static now() { return RealDate.now() + offset; }',
        '};',
      ].join('\n'),
    );
    runCli(['config', 'set', 'new-per-day', '2'], { home: h });
    // Los Angeles in May is UTC-7: 03:30, 03:50 and 04:10 there are all on one UTC day (10:30 to 11:10 UTC).
    const at = (local: string, seed: string) =>
      runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '5', '--seed', seed], {
        home: h,
        input: plainAnswers(5),
        env: { TZ: 'America/Los_Angeles', NODE_OPTIONS: `--import=${pathToFileURL(clock).href}`, FAKE_NOW: `2026-05-10T${local}:00-07:00` },
      });
    const first = at('03:30', '1');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('2 question(s): 0 due for review, 2 new');
    expect(readJsonLines(progressFileOf(h))[0]!.at).toMatch(/^2026-05-10T10:3/);
    // Still the learning day of May 9: its two new questions are done.
    const second = at('03:50', '2');
    expect(second.stdout).toMatch(/today's 2 new questions are done/);
    // 04:10 local starts the learning day of May 10, though the UTC day is the same.
    const third = at('04:10', '3');
    expect(third.stdout).toMatch(/question\(s\): \d+ due for review, 2 new/);
  });

  it('asks session-size questions when -n is not given', () => {
    const h = home();
    runCli(['config', 'set', 'session-size', '2'], { home: h });
    const r = runCli(['--plain', '-d', 'easy', '--bank', generatedChoiceBank(6), '--seed', '1'], { home: h, input: plainAnswers(6) });
    expect(r.stdout).toContain('2 question(s)');
    expect(new Set(readJsonLines(progressFileOf(h)).map((x) => x.id)).size).toBe(2);
  });
});

describe('desired retention', () => {
  it('gives longer intervals at 0.8 than at 0.95 for the same history', () => {
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    const rec = (rid: string, daysAgo: number) => ({ v: 1, kind: 'answer', rid, at: at(daysAgo), session: 's', bank: 'b', id: 'gen-000', result: 'correct', grade: 'good', hints: 0, revealed: false, nearMiss: false, seconds: 3, mode: 'drill' });
    const history = [rec('r1', 30), rec('r2', 29.99), rec('r3', 25), rec('r4', 15)].map((r) => JSON.stringify(r)).join('\n') + '\n';
    const bank = generatedChoiceBank(1);
    const dueWith = (retention: string): number => {
      const h = home();
      const file = path.join(h, 'history.jsonl');
      fs.writeFileSync(file, history);
      runCli(['config', 'set', 'desired-retention', retention], { home: h });
      expect(runCli(['progress', 'import', file], { home: h }).code).toBe(0);
      const list = JSON.parse(runCli(['list', '--json', '--bank', bank], { home: h }).stdout) as { schedule: { due: string } }[];
      return Date.parse(list[0]!.schedule.due);
    };
    expect(dueWith('0.8')).toBeGreaterThan(dueWith('0.95'));
  });
});


describe.skipIf(!hasGit())('sync', () => {
  it('two homes that answered offline end with identical logs holding every answer once', () => {
    const remote = path.join(home(), 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    const bank = generatedChoiceBank(4);
    const laptop = home();
    const desktop = home();
    runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '2', '--seed', '1'], { home: laptop, input: plainAnswers(2) });
    runCli(['--plain', '-d', 'easy', '--bank', bank, '-n', '3', '--seed', '2'], { home: desktop, input: plainAnswers(3) });

    const rids = (h: string) => readJsonLines(progressFileOf(h)).map((r) => r.rid as string).sort();
    // A miss comes back in the session, so a session may hold more records than questions.
    const [onLaptop, onDesktop] = [rids(laptop).length, rids(desktop).length];
    expect(runCli(['sync', '--remote', remote], { home: laptop }).stdout).toContain(`0 record(s) received, ${onLaptop} sent`);
    expect(runCli(['sync', '--remote', remote], { home: desktop }).stdout).toContain(`${onLaptop} record(s) received, ${onDesktop} sent`);
    expect(runCli(['sync'], { home: laptop }).stdout).toContain(`${onDesktop} record(s) received, 0 sent`);
    expect(runCli(['sync'], { home: desktop }).stdout).toContain('0 record(s) received, 0 sent');

    expect(rids(laptop)).toHaveLength(onLaptop + onDesktop);
    expect(new Set(rids(laptop)).size).toBe(onLaptop + onDesktop);
    expect(rids(laptop)).toEqual(rids(desktop));
    const listed = JSON.parse(runCli(['list', '--json', '--bank', bank], { home: laptop }).stdout) as { history: { attempts: number } }[];
    expect(listed.reduce((n, q) => n + q.history.attempts, 0)).toBe(onLaptop + onDesktop);
  });

  it('without a remote, or with git missing, says so in one line and changes nothing', () => {
    const h = home();
    const none = runCli(['sync'], { home: h });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('sync is not set up yet');
    const remote = path.join(h, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    // A PATH with nothing on it: the binary itself is started by its absolute path.
    const emptyPath = path.join(h, 'empty-bin');
    fs.mkdirSync(emptyPath);
    const noGit = runCli(['sync', '--remote', remote], { home: h, env: { PATH: emptyPath } });
    expect(noGit.code).toBe(1);
    expect(noGit.stderr).toContain('git is not installed');
    expectNoStackTrace(noGit);
  });
});
