import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, progressLines, runCli } from '../helpers.js';
import { ESC, MINI_BANK, expectNoStackTrace, generatedChoiceBank, home as tempHome } from './support.js';
import { describeInTerminal, history, startInTmux, tmux, waitForScreen } from './tmux.js';
import { displayWidth } from '../../src/ui/width.js';

const FIELDS = ['id', 'title', 'difficulty', 'type', 'topics', 'grading', 'file', 'prompt', 'code', 'choices', 'hints', 'answer', 'explanation', 'history', 'schedule'];

interface ListedQuestion {
  id: string;
  title: string;
  difficulty: string;
  type: string;
  topics: string[];
  grading: string | null;
  file: string;
  prompt: string;
  code: { language: string; text: string } | null;
  choices: { text: string; correct: boolean }[] | null;
  hints: string[];
  answer: string;
  explanation: string;
  history: { attempts: number; correct: number; lastResult: string | null; lastAt: string | null };
  schedule: unknown;
}

function listJson(args: string[], home: string): ListedQuestion[] {
  const r = runCli(['list', '--json', ...args], { home });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ListedQuestion[];
}

describe('help and version', () => {
  it('--help lists the commands and examples and exits 0', () => {
    const r = runCli(['--help'], { home: tempHome() });
    expect(r.code).toBe(0);
    for (const command of ['drill', 'review', 'exam', 'list', 'show', 'validate', 'stats', 'reset']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('$ mlops-drill validate ./my-deck');
    expect(r.stdout).toContain('MLOPS_DRILL_HOME');
  });

  it('every help screen fits 80 columns when piped', () => {
    const h = tempHome();
    const root = runCli(['--help'], { home: h }).stdout;
    const bankIds = new Set((JSON.parse(runCli(['list', '--json'], { home: h }).stdout) as { id: string }[]).map((q) => q.id));
    const commands = [...root.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['drill', 'suspend', 'due', 'sync']));
    for (const [name, text] of [['(root)', root] as const, ...commands.map((c) => [c, runCli([c, '--help'], { home: h }).stdout] as const)]) {
      const wide = text.split('\n').filter((l) => [...l].length > 80);
      expect(wide, `${name} --help`).toEqual([]);
      // The examples name real questions of the bundled bank, so a copied example works.
      for (const line of text.split('\n').filter((l) => /^\s+\$ mlops-drill (drill|show|suspend|unsuspend) /.test(l))) {
        for (const id of line.replace(/^\s+\$ mlops-drill \w+ /, '').split(/\s+/).filter((w) => /^[a-z0-9]+(-[a-z0-9]+)+$/.test(w))) {
          expect(bankIds.has(id), `${name} --help names ${id}`).toBe(true);
        }
      }
    }
  });

  it('drill --help shows the drill options and examples', () => {
    const r = runCli(['drill', '--help'], { home: tempHome() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--plain');
    expect(r.stdout).toContain('--seed');
    expect(r.stdout).toContain('$ mlops-drill --plain < answers.txt');
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = runCli([flag], { home: tempHome() });
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });
});

describe('the shape of the command line', () => {
  it('help, listed in --help, works, alone and for a command', () => {
    const h = tempHome();
    const all = runCli(['help'], { home: h });
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Usage: mlops-drill');
    const list = runCli(['help', 'list'], { home: h });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Usage: mlops-drill list');
    expect(list.stderr).toBe('');
    const typo = runCli(['help', 'lsit'], { home: h });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'lsit'. Did you mean list?");
  });

  it('progress without a subcommand prints one line and exits 2', () => {
    for (const args of [['progress'], ['progress', 'frobnicate']]) {
      const r = runCli(args, { home: tempHome() });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('path, export, import');
    }
  });

  it('an option of another command says which command it belongs to', () => {
    const r = runCli(['review', '--cram'], { home: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--cram'.*--cram belongs to drill/);
    expectNoStackTrace(r);
  });

  it('--help shows the defaults and allowed values from the option declarations', () => {
    const h = tempHome();
    expect(runCli(['exam', '--help'], { home: h }).stdout).toMatch(/--limit <n>\s+at most n questions \(default: 20\)/);
    expect(runCli(['validate', '--help'], { home: h }).stdout).toMatch(/choices:\s+"text",\s+"json",\s+"github"/);
  });
});

describe('usage errors exit 2 without a stack trace', () => {
  it.each([
    [['frobnicate'], /error:/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['list', '--frobnicate'], /unknown option '--frobnicate'/],
    [['list', '-d', 'impossible'], /--difficulty: 'impossible' is not one of easy, medium, hard/],
    [['list', '-n', 'zero'], /--limit must be a whole number/],
    [['--bank', '/nonexistent/bank/folder', 'list'], /is not a folder of question files/],
    [['validate', '--format', 'xml'], /--format must be one of text, json, github/],
    [['exam', '--pass', '120'], /--pass must be a percentage from 0 to 100/],
    [['exam', '--minutes', '0'], /--minutes must be a number of minutes above 0/],
    [['-n', '0'], /--limit must be a whole number/],
  ])('%j', (args, message) => {
    const r = runCli(args, { home: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expectNoStackTrace(r);
  });
});

describe('list --json on the bundled bank', () => {
  it('prints every question fully parsed', () => {
    const home = tempHome();
    const questions = listJson([], home);
    expect(questions.length).toBeGreaterThanOrEqual(75);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    for (const q of questions) {
      for (const field of FIELDS) expect(q, `${q.id} lacks ${field}`).toHaveProperty(field);
      expect(q.id).toMatch(/^[a-z0-9-]+$/);
      expect(q.title.trim()).not.toBe('');
      expect(['easy', 'medium', 'hard']).toContain(q.difficulty);
      expect(q.topics.length).toBeGreaterThan(0);
      expect(q.hints.length, q.id).toBeGreaterThan(0);
      expect(q.prompt.trim(), q.id).not.toBe('');
      expect(fs.existsSync(path.resolve(home, q.file)), q.file).toBe(true);
      expect(q.history).toEqual({ attempts: 0, correct: 0, lastResult: null, lastAt: null });
      expect(q.schedule).toBeNull();
      if (q.type === 'output') {
        expect(q.code?.language, q.id).toBe('python');
        expect(q.code?.text.trim(), q.id).not.toBe('');
        expect(q.answer.trim(), q.id).not.toBe('');
        expect(['exact', 'self']).toContain(q.grading);
      } else {
        expect(q.grading, q.id).toBeNull();
        expect(q.code, q.id).toBeNull();
      }
      if (q.type === 'choice') {
        expect(q.choices!.length).toBeGreaterThanOrEqual(3);
        expect(q.choices!.length).toBeLessThanOrEqual(6);
        expect(q.choices!.filter((c) => c.correct)).toHaveLength(1);
      } else {
        expect(q.choices, q.id).toBeNull();
      }
      if (q.type === 'open') expect(q.answer.trim(), q.id).not.toBe('');
    }
    for (const type of ['output', 'choice', 'open']) expect(questions.some((q) => q.type === type)).toBe(true);
  });

  it('-d easy --type choice keeps exactly the easy choice questions', () => {
    const home = tempHome();
    const all = listJson([], home);
    const filtered = listJson(['-d', 'easy', '--type', 'choice'], home);
    const expected = all.filter((q) => q.difficulty === 'easy' && q.type === 'choice').map((q) => q.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(filtered.map((q) => q.id)).toEqual(expected);
    expect(filtered.length).toBeLessThan(all.length);
  });

  it('list --json shows history after an answer', () => {
    const home = tempHome();
    const drill = runCli(['--bank', MINI_BANK, '--plain', '--type', 'open'], { home, input: '\n4\n' });
    expect(drill.code).toBe(0);
    const [q] = listJson(['--bank', MINI_BANK, '--type', 'open'], home);
    expect(q!.id).toBe('mini-open');
    expect(q!.history).toMatchObject({ attempts: 1, correct: 1, lastResult: 'correct' });
    expect(q!.schedule).not.toBeNull();
  });
});

describe('show', () => {
  it('show <id> --answer prints the question, options, hints, answer and explanation', () => {
    const home = tempHome();
    const q = listJson(['--type', 'choice'], home).find((x) => x.explanation.length > 0 && x.hints.length > 0)!;
    const r = runCli(['show', q.id, '--answer', '--no-color'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(q.id);
    expect(r.stdout).toContain(q.title);
    // Options are shown with their inline Markdown rendered: `code` loses its backticks.
    const shown = (text: string) => text.replace(/`([^`]*)`/g, '$1');
    const right = q.choices!.find((c) => c.correct)!;
    expect(r.stdout).toMatch(new RegExp(`^  [A-F]\\) ${shown(right.text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  ✔$`, 'm'));
    for (const c of q.choices!.filter((x) => !x.correct)) expect(r.stdout).toContain(`) ${shown(c.text)}\n`);
    expect(r.stdout).toContain(`Hint ${q.hints.length} of ${q.hints.length}:`);
    expect(r.stdout).toContain('Why');

    const plain = runCli(['show', q.id, '--no-color'], { home });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('✔');
    expect(plain.stdout).not.toContain('Hint 1 of');
    expect(plain.stdout).toContain(`${q.hints.length} hint(s). Add --answer`);
  });

  it('show --answer of an output question prints the expected output', () => {
    const r = runCli(['--bank', MINI_BANK, 'show', 'mini-output', '--answer', '--no-color'], { home: tempHome() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Answer\n  │ Model v2\n  │ ready');
    expect(r.stdout).toContain('MINI-OUTPUT-HINT-TWO');
  });

  it('show nope exits 2 with a message and no stack trace', () => {
    const r = runCli(['show', 'nope'], { home: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no question with id 'nope'");
    expect(r.stdout).toBe('');
    expectNoStackTrace(r);
  });
});

describe('a reader that stops early (list | head -1)', () => {
  async function readFirstChunkThenClose(args: string[], home: string) {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: home, env: cleanEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString('utf8');
      child.stdout.destroy();
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    return { code, signal, stderr, first };
  }

  it.each([
    ['list --json (one big write)', ['list', '--json']],
    ['show --answer', ['show', 'mini-output', '--answer', '--bank', MINI_BANK]],
  ])('%s: no EPIPE error', async (_name, args) => {
    const r = await readFirstChunkThenClose(args, tempHome());
    expect(r.first.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|^\s+at /m);
    expect(r.signal).toBeNull();
    expect([0, 1]).toContain(r.code);
  });

  it('list over a bank larger than a pipe buffer: no EPIPE error', async () => {
    const bank = generatedChoiceBank(1200);
    const r = await readFirstChunkThenClose(['list', '--bank', bank], tempHome());
    expect(r.first).toMatch(/gen-000/);
    expect(r.stderr).not.toMatch(/EPIPE|Error|^\s+at /m);
    expect(r.signal).toBeNull();
    fs.rmSync(bank, { recursive: true, force: true });
  });
});

describe('colour', () => {
  const commands: string[][] = [['list'], ['show', 'mini-choice', '--answer'], ['validate', MINI_BANK], ['stats'], ['show', 'nope']];

  it.each(commands)('NO_COLOR and --no-color turn colour off even when forced: %s', (...args) => {
    const home = tempHome();
    const bank = ['--bank', MINI_BANK];
    for (const r of [
      runCli([...bank, ...args], { home, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }),
      runCli([...bank, '--no-color', ...args], { home, env: { FORCE_COLOR: '1' } }),
      runCli([...bank, ...args, '--no-color'], { home, env: { FORCE_COLOR: '1' } }),
    ]) {
      expect(r.stdout + r.stderr).not.toContain(ESC);
      expect((r.stdout + r.stderr).length).toBeGreaterThan(0);
    }
  });

  it('FORCE_COLOR=1 gives colour, and a pipe without it gives none', () => {
    const home = tempHome();
    const forced = runCli(['--bank', MINI_BANK, 'list'], { home, env: { FORCE_COLOR: '1' } });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`${ESC}[`);
    const piped = runCli(['--bank', MINI_BANK, 'list'], { home });
    expect(piped.stdout).not.toContain(ESC);
    expect(piped.stdout).toContain('mini-choice');
  });
});

describe('stats --json', () => {
  it('has the documented shape after a few plain answers', () => {
    const home = tempHome();
    const drill = runCli(['--bank', MINI_BANK, '--plain', '--type', 'choice,open', '--seed', '3'], { home, input: ':s\n:s\n' });
    expect(drill.code).toBe(0);
    const open = runCli(['--bank', MINI_BANK, '--plain', '--type', 'open'], { home, input: '\n1\n' });
    expect(open.code).toBe(0);
    expect(progressLines(home)).toHaveLength(3);

    const r = runCli(['--bank', MINI_BANK, 'stats', '--json'], { home });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown> & {
      byDifficulty: { name: string; total: number; seen: number }[];
      byTopic: { name: string }[];
      forecast: { date: string; due: number }[];
    };
    expect(s.progressFile).toBe(path.join(home, '.mlops-drill', 'progress.jsonl'));
    expect(s).toMatchObject({ questions: 3, answered: 1, correct: 0, accuracy: 0 });
    expect(typeof s.seen).toBe('number');
    expect(typeof s.mastered).toBe('number');
    expect(typeof s.streakDays).toBe('number');
    expect(typeof s.dueNow).toBe('number');
    expect(Array.isArray(s.weakest)).toBe(true);
    expect(s.byDifficulty.map((d) => d.name)).toEqual(['easy', 'medium', 'hard']);
    expect(s.byDifficulty.map((d) => d.total)).toEqual([1, 1, 1]);
    expect(s.byTopic.map((t) => t.name).sort()).toEqual(['containers', 'serving', 'versioning']);
    expect(s.forecast).toHaveLength(7);
    for (const f of s.forecast) expect(f.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('works with no progress yet and does not create the progress file', () => {
    const home = tempHome();
    const r = runCli(['stats', '--json'], { home });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { questions: number; answered: number; seen: number };
    expect(s.questions).toBeGreaterThanOrEqual(75);
    expect(s.answered).toBe(0);
    expect(s.seen).toBe(0);
    expect(fs.existsSync(path.join(home, '.mlops-drill', 'progress.jsonl'))).toBe(false);
  });
});

describeInTerminal('list and stats fit the terminal (tmux)', () => {
  it.each([40, 80])('at %i columns no line of list or stats is wider than the pane', async (width) => {
    const h = tempHome();
    // Some history, so the weakest-questions table and the bars have something to show.
    expect(runCli(['--bank', MINI_BANK, '--plain', '--type', 'choice'], { home: h, input: 'A\n' }).code).not.toBe(2);
    for (const args of [['list'], ['stats'], ['list', '--bank', MINI_BANK], ['stats', '--bank', MINI_BANK]]) {
      const name = startInTmux(h, args, { width, height: 50 });
      const seen = await waitForScreen(name, /EXIT=\d+/, 10_000, history);
      expect(seen).toContain('EXIT=0');
      const lines = seen.split('\n').map((l) => l.trimEnd());
      const wide = lines.filter((l) => displayWidth(l) > width);
      expect(wide, `${args.join(' ')} at ${width}`).toEqual([]);
    }
  });
});

describeInTerminal('leaving at a signal in a terminal (tmux)', () => {
  it.each([['SIGTERM', 143], ['SIGHUP', 129]] as const)('after %s the next output starts on its own line', async (signal, code) => {
    const h = tempHome();
    const name = startInTmux(h, ['--bank', MINI_BANK, '--type', 'choice'], { width: 80, height: 24 });
    await waitForScreen(name, /Your answer/);
    // The pane runs a shell, and the shell runs mlops-drill.
    const shell = Number(tmux('list-panes', '-t', name, '-F', '#{pane_pid}').trim());
    const child = Number(spawnSync('pgrep', ['-P', String(shell)], { encoding: 'utf8' }).stdout.trim().split('\n')[0]);
    expect(child).toBeGreaterThan(0);
    process.kill(child, signal);
    const seen = await waitForScreen(name, /EXIT=\d+/);
    expect(seen).toMatch(new RegExp(`^EXIT=${code}$`, 'm'));
  });
});
