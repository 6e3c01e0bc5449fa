/**
 * `mlops-drill due` as a shell prompt runs it: the built binary, a temporary HOME and a
 * generated log; one line on stdout, warnings on stderr, never a stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers.js';
import { answer } from '../builders.js';
import { expectNoStackTrace, home, MINI_BANK, progressFileOf, writeLog } from './support.js';

const MINI_IDS = ['mini-choice', 'mini-open', 'mini-output'];
const DAY = 86_400_000;
const due = (h: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) => runCli(['due', '--bank', MINI_BANK, ...args], { home: h, env });

describe('mlops-drill due', () => {
  it('with no progress yet: nothing due, the day’s new questions, and nothing written', () => {
    const h = home();
    const r = due(h);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('nothing due · 3 new today\n');
    expect(r.stderr).toBe('');
    expect(fs.existsSync(path.dirname(progressFileOf(h)))).toBe(false);
    // The bundled bank: its ids come from the build, all new.
    const bundled = runCli(['due', '--json'], { home: h });
    expect(bundled.code).toBe(0);
    const report = JSON.parse(bundled.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ due: 0, new: 10, newToday: 0, newPerDay: 10, reviewsLeft: null, nextDue: null });
    expect(report.unseen).toBe(report.questions);
    expect(report.questions).toBeGreaterThan(100);
  });

  it('with every question answered a month ago: all due, none new', () => {
    const h = home();
    const long = Date.now() - 30 * DAY;
    writeLog(h, MINI_IDS.map((id, i) => answer(id, long + i * 60_000, 'good')));
    const r = due(h);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('3 due · every question started\n');
    const json = JSON.parse(due(h, ['--json']).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ due: 3, new: 0, unseen: 0, questions: 3, newToday: 0 });
    expect(Object.keys(json).sort()).toEqual(['due', 'new', 'newPerDay', 'newToday', 'nextDue', 'questions', 'reviewsLeft', 'reviewsPerDay', 'reviewsToday', 'unseen']);
  });

  it('leaves suspended questions out: neither due nor new', () => {
    const h = home();
    const long = Date.now() - 30 * DAY;
    const suspend = { v: 1, kind: 'suspend', rid: 'rid-suspend-1', at: new Date(long + DAY).toISOString(), session: 'test', bank: 'test-bank', id: 'mini-open' };
    writeLog(h, [answer('mini-choice', long, 'good'), answer('mini-open', long, 'good'), suspend]);
    expect(due(h).stdout).toBe('1 due · 1 new today\n');
  });

  it('with the daily limit reached: says so, and when the next review is', () => {
    const h = home();
    const config = path.join(h, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ 'new-per-day': 1 }));
    // Just now, so today's learning day holds it whatever the hour.
    writeLog(h, [answer('mini-open', Date.now() - 10, 'good')]);
    const r = due(h, [], { MLOPS_DRILL_CONFIG: config });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nothing due · today's 1 new done · next review in \d+ (min|h|days?)\n$/);
    expect(JSON.parse(due(h, ['--json'], { MLOPS_DRILL_CONFIG: config }).stdout)).toMatchObject({ due: 0, new: 0, unseen: 2, newToday: 1, newPerDay: 1 });
  });

  it('reads the log again once it changed, and keeps its cache only in the progress folder', () => {
    const h = home();
    const file = writeLog(h, [answer('mini-open', Date.now() - 30 * DAY, 'good')]);
    expect(due(h).stdout).toBe('1 due · 2 new today\n');
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['due-cache.json', 'progress.jsonl']);
    fs.appendFileSync(file, JSON.stringify(answer('mini-open', Date.now() - 1000, 'good')) + '\n');
    expect(due(h).stdout).toBe('nothing due · 2 new today\n');
    // A damaged cache is ignored and made again.
    fs.writeFileSync(path.join(path.dirname(file), 'due-cache.json'), '{"v":1,"entries":[[');
    const r = due(h);
    expect(r.stdout).toBe('nothing due · 2 new today\n');
    expect(r.stderr).toBe('');
  });

  it('with a corrupt checkpoint: the count from the log, and one line about the checkpoint', () => {
    const h = home();
    const file = writeLog(h, [answer('mini-choice', Date.now() - 30 * DAY, 'good')]);
    fs.writeFileSync(path.join(path.dirname(file), 'replay-cache.json'), '{"v": 3, "broken": ');
    const r = due(h);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 due · 2 new today\n');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^warning: .*replay-cache\.json is not a valid checkpoint/);
    expectNoStackTrace(r);
  });

  it('with a file that is not a progress log: one line, exit 1, and the file left as it is', () => {
    const h = home();
    const file = progressFileOf(h);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, 'this is somebody else’s notes\nand more\n');
    const r = due(h);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*is not a progress log/);
    expect(fs.readFileSync(file, 'utf8')).toBe('this is somebody else’s notes\nand more\n');
    expectNoStackTrace(r);
  });

  it('with damaged lines in a log: counts the rest, says so once', () => {
    const h = home();
    const file = writeLog(h, [answer('mini-choice', Date.now() - 30 * DAY, 'good')]);
    fs.appendFileSync(file, '{not json\n');
    const first = due(h);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('1 due · 2 new today\n');
    expect(first.stderr).toMatch(/^warning: 1 unreadable line/);
    expect(due(h).stderr).toBe('');
  });

  it('counts each card of a cloze question in a deck of one’s own, as the drill asks them', () => {
    const h = home();
    writeLog(h, [answer('canary-release#c1', Date.now() - 30 * DAY, 'good')]);
    const r = runCli(['due', '--bank', path.join(FIXTURES, 'cloze-deck')], { home: h });
    expect(r.code).toBe(0);
    // canary-release and kubectl-rollback have two cloze numbers each, open-plain is one question.
    expect(r.stdout).toBe('1 due · 4 new today\n');
  });

  it('a folder that is not a bank, or a mistyped option: one line and exit 2', () => {
    const h = home();
    const r = runCli(['due', '--bank', path.join(h, 'nowhere')], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --bank: .* is not a folder of question files\n/);
    const typo = runCli(['due', '--jsno'], { home: h });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown option '--jsno'/);
    expectNoStackTrace(typo);
    expect(runCli(['due', '--help'], { home: h }).stdout).toMatch(/one line for a shell prompt/);
  });
});
