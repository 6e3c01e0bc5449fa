import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers.js';
import { describeInTerminal, history, startInTmux, tmux, waitForScreen } from './tmux.js';
import { expectNoStackTrace, home, letterOf, MINI_BANK, nextQuestion, progressFileOf, readJsonLines, startSession } from './support.js';
import { displayWidth } from '../../src/ui/width.js';

/** Suspend and leeches (issue 15), as a learner meets them: the built binary, a temporary home. */

const mini = (h: string, args: string[], input = '', env: NodeJS.ProcessEnv = {}) => {
  const r = runCli(['--bank', MINI_BANK, ...args], { home: h, input, env });
  expectNoStackTrace(r);
  return r;
};
/** Skip every question of a plain drill of the mini bank: the ids asked are then in the log. */
const drillAll = (h: string) => mini(h, ['--plain', '-n', '3', '--seed', '1'], ':s\n:s\n:s\n');
const kinds = (h: string) => readJsonLines(progressFileOf(h)).map((r) => `${String(r.kind)} ${String(r.id)}`);

describe('suspend and unsuspend', () => {
  it('a suspended question is not drilled, is marked in list and counted in stats, until unsuspended', () => {
    const h = home();
    const s = mini(h, ['suspend', 'mini-choice']);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^suspended mini-choice$/m);
    expect(s.stdout).toMatch(/unsuspend mini-choice$/m);
    expect(kinds(h)).toEqual(['suspend mini-choice']);

    const drilled = drillAll(h);
    expect(drilled.code).toBe(0);
    expect(drilled.stdout).toContain('2 question(s)');
    expect(drilled.stdout).not.toContain('Which port does the health check use');
    expect(kinds(h).filter((k) => k.startsWith('answer')).sort()).toEqual(['answer mini-open', 'answer mini-output']);

    // Every filter, review and exam included: a suspended question is never asked.
    const only = mini(h, ['--plain', '--type', 'choice']);
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('every question that matches is suspended (1)');
    const exam = mini(h, ['exam', '--plain', '--type', 'choice']);
    expect(exam.code).toBe(2);

    const named = mini(h, ['drill', 'mini-choice', '--plain']);
    expect(named.code).toBe(2);
    expect(named.stderr.trim()).toMatch(/^error: mini-choice is suspended; to drill it again: (npx )?mlops-drill unsuspend mini-choice$/);
    const both = mini(h, ['drill', 'mini-choice', 'mini-open', '--plain'], ':q\n');
    expect(both.code).toBe(0);
    expect(both.stderr).toMatch(/mini-choice is suspended and not asked; to bring it back: (npx )?mlops-drill unsuspend mini-choice/);
    expect(both.stdout).toContain('1 question(s), as named');

    const listed = mini(h, ['list'], '', { COLUMNS: '120' });
    expect(listed.stdout).toMatch(/mini-choice\s+easy\s+choice\s+susp\s/);
    expect(listed.stdout).toContain('susp: suspended (see: unsuspend)');
    const json = JSON.parse(mini(h, ['list', '--json']).stdout) as { id: string; suspended: boolean }[];
    expect(json.map((q) => [q.id, q.suspended])).toEqual(expect.arrayContaining([['mini-choice', true], ['mini-open', false]]));
    expect(JSON.parse(mini(h, ['stats', '--json']).stdout)).toMatchObject({ suspended: 1 });
    expect(mini(h, ['stats']).stdout).toContain('1 suspended');

    const u = mini(h, ['unsuspend', 'mini-choice']);
    expect(u.code).toBe(0);
    expect(u.stdout).toMatch(/^unsuspended mini-choice$/m);
    expect(drillAll(h).stdout).toContain('Which port does the health check use');
    expect(JSON.parse(mini(h, ['stats', '--json']).stdout)).toMatchObject({ suspended: 0 });
    expect(mini(h, ['list']).stdout).not.toContain('susp');
  });

  it('says what is already so, names the closest id for a typo (exit 2, nothing written), and waits for no lock it cannot take (exit 1)', () => {
    const h = home();
    mini(h, ['suspend', 'mini-open']);
    const again = mini(h, ['suspend', 'mini-open', 'mini-output']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already suspended: mini-open');
    expect(again.stdout).toMatch(/^suspended mini-output$/m);
    const not = mini(h, ['unsuspend', 'mini-choice']);
    expect(not.code).toBe(0);
    expect(not.stdout).toContain('not suspended: mini-choice');
    const before = kinds(h);
    expect(before).toEqual(['suspend mini-open', 'suspend mini-output']);

    const typo = mini(h, ['suspend', 'mini-choice', 'mini-chioce']);
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim()).toBe("error: no question with id 'mini-chioce'. Did you mean: mini-choice?");
    expect(kinds(h)).toEqual(before);

    fs.mkdirSync(`${progressFileOf(h)}.lock`);
    const locked = mini(h, ['unsuspend', 'mini-open']);
    expect(locked.code).toBe(1);
    expect(locked.stderr.trim().split('\n')).toHaveLength(1);
    expect(locked.stderr).toContain('progress is locked by another mlops-drill');
    expect(kinds(h)).toEqual(before);
  });

  it("a cloze question's id suspends every one of its cards; a card can be brought back alone", () => {
    const h = home();
    const deck = path.join(FIXTURES, 'cloze-deck');
    const r = runCli(['--bank', deck, 'suspend', 'canary-release'], { home: h });
    expect(r.code).toBe(0);
    expect(kinds(h)).toEqual(['suspend canary-release#c1', 'suspend canary-release#c2']);
    expect(runCli(['--bank', deck, 'unsuspend', 'canary-release#c2'], { home: h }).code).toBe(0);
    const listed = JSON.parse(runCli(['--bank', deck, 'list', '--json'], { home: h }).stdout) as { id: string; suspended: boolean }[];
    expect(listed.filter((q) => q.suspended).map((q) => q.id)).toEqual(['canary-release#c1']);
  });

  it('moves with progress export and import, and an older log without suspensions keeps working', () => {
    const h = home();
    // A log as older versions wrote it: answers only.
    const at = new Date(Date.now() - 86_400_000).toISOString();
    const old = { v: 1, kind: 'answer', rid: 'a1', at, session: 's', bank: MINI_BANK, id: 'mini-open', result: 'correct', grade: 'good', hints: 0, revealed: false, nearMiss: false, seconds: 3, mode: 'drill' };
    fs.mkdirSync(path.dirname(progressFileOf(h)), { recursive: true, mode: 0o700 });
    fs.writeFileSync(progressFileOf(h), JSON.stringify(old) + '\n');
    expect(JSON.parse(mini(h, ['stats', '--json']).stdout)).toMatchObject({ answered: 1, suspended: 0 });
    mini(h, ['suspend', 'mini-choice']);
    const file = path.join(h, 'backup.jsonl');
    expect(mini(h, ['progress', 'export', file]).code).toBe(0);

    const other = home();
    const imported = mini(other, ['progress', 'import', file]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported 1 answers (and 1 suspend or unsuspend records)');
    expect(JSON.parse(mini(other, ['stats', '--json']).stdout)).toMatchObject({ answered: 1, suspended: 1 });
  });
});

/** A home where mini-choice was learned a month ago (so it is due, and a miss is a lapse), with leech settings. */
function leechHome(action: 'mark' | 'suspend'): { h: string; env: NodeJS.ProcessEnv } {
  const h = home();
  const at = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const learned = { v: 1, kind: 'answer', rid: 'learned', at, session: 's', bank: MINI_BANK, id: 'mini-choice', result: 'correct', grade: 'easy', hints: 0, revealed: false, nearMiss: false, seconds: 3, mode: 'drill' };
  fs.mkdirSync(path.dirname(progressFileOf(h)), { recursive: true, mode: 0o700 });
  fs.writeFileSync(progressFileOf(h), JSON.stringify(learned) + '\n');
  const config = path.join(h, 'config.json');
  // mark is the default: left out of the settings, so the default is what is tested.
  fs.writeFileSync(config, JSON.stringify({ 'leech-threshold': 1, ...(action === 'suspend' ? { 'leech-action': action } : {}) }));
  return { h, env: { MLOPS_DRILL_CONFIG: config } };
}

describe('leech-action', () => {
  it('suspend: the miss that reaches the threshold suspends the question, says so and how to undo it; the next drill leaves it out', async () => {
    const { h, env } = leechHome('suspend');
    const s = startSession(['--bank', MINI_BANK, '--plain', '--type', 'choice', '--seed', '3'], { home: h, env });
    const q = await nextQuestion(s, 1, 1);
    s.send(letterOf(q.text, '80'));
    const r = await s.exited;
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Leech, forgotten once: suspended \((npx )?mlops-drill unsuspend mini-choice\)$/m);
    expect(r.stdout).toContain('→ again · suspended as a leech');
    // Not counted as coming due: it will not be asked.
    expect(r.stdout).toContain('0 due within the hour');
    expect(kinds(h)).toEqual(['answer mini-choice', 'answer mini-choice', 'suspend mini-choice']);

    expect(mini(h, ['--plain', '--type', 'choice'], '', env).code).toBe(2);
    expect(mini(h, ['list'], '', { ...env, COLUMNS: '120' }).stdout).toMatch(/mini-choice\s+easy\s+choice\s+susp\s+leech/);
    mini(h, ['unsuspend', 'mini-choice'], '', env);
    expect(mini(h, ['drill', 'mini-choice', '--plain'], ':q\n', env).stdout).toContain('Which port does the health check use');
  });

  it('mark (the default): the line is said, nothing is suspended', async () => {
    const { h, env } = leechHome('mark');
    const s = startSession(['--bank', MINI_BANK, '--plain', '--type', 'choice', '--seed', '3'], { home: h, env });
    const q = await nextQuestion(s, 1, 1);
    s.send(letterOf(q.text, '443'));
    // The miss comes back in the session: answer it right.
    await s.waitFor(/Once more \(missed\)[\s\S]*Answer with a letter/);
    s.send(letterOf(s.stdout.slice(s.stdout.lastIndexOf('Once more')), '8080'));
    const r = await s.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Leech, forgotten once \((npx )?mlops-drill suspend mini-choice sets it aside\)$/m);
    expect(kinds(h).filter((k) => k.startsWith('suspend'))).toEqual([]);
  });
});

describeInTerminal('leech line in a real terminal (tmux)', () => {
  it('at 80 columns: one line, then undo takes back the answer and the suspension', async () => {
    const { h, env } = leechHome('suspend');
    const name = startInTmux(h, ['--bank', MINI_BANK, '--type', 'choice', '--seed', '3'], { width: 80, height: 40 }, { env: env as Record<string, string> });
    const first = await waitForScreen(name, /Question 1 of 1[\s\S]*1-3 pick/);
    const options = first.split('\n').filter((l) => /^\s*(?:❯\s*)?[A-F]\) /.test(l)).map((l) => l.replace(/^\s*(?:❯\s*)?[A-F]\) /, '').trim());
    tmux('send-keys', '-t', name, String(options.indexOf('80') + 1));
    const after = await waitForScreen(name, /Leech, forgotten once[\s\S]*Ready\?/);
    const line = after.split('\n').find((l) => l.startsWith('Leech'))!;
    expect(line.trimEnd()).toMatch(/^Leech, forgotten once: suspended \((npx )?mlops-drill unsuspend mini-choice\)$/);
    expect(displayWidth(line.trimEnd())).toBeLessThanOrEqual(80);
    expect(kinds(h)).toEqual(['answer mini-choice', 'answer mini-choice', 'suspend mini-choice']);

    tmux('send-keys', '-t', name, 'u');
    await waitForScreen(name, 'the question is not suspended: answer the question again', 10_000, history);
    expect(kinds(h)).toEqual(['answer mini-choice', 'answer mini-choice', 'suspend mini-choice', 'undo undefined', 'unsuspend mini-choice']);
    tmux('send-keys', '-t', name, 'q');
    await waitForScreen(name, /EXIT=0/, 10_000, history);
    expect(JSON.parse(mini(h, ['stats', '--json'], '', env).stdout)).toMatchObject({ suspended: 0 });
  });
});
