/**
 * End-to-end tests of the author and housekeeping commands: `new`, `completion` and
 * `progress path|export|import`, run as the built binary with a temporary HOME.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli, tempHome } from '../helpers.js';
import { countOf, expectNoStackTrace } from './support.js';
import { itInTerminal, keys, startInTmux, type, waitForScreen } from './tmux.js';

const made: string[] = [];
function home(): string {
  const dir = tempHome();
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const DECK = path.join(FIXTURES, 'authoring-deck');
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

interface Listed {
  id: string;
  title: string;
  type: string;
  difficulty: string;
  topics: string[];
  code: { language: string; text: string } | null;
  choices: { text: string; correct: boolean }[] | null;
  hints: string[];
  answer: string;
  explanation: string;
  history: { attempts: number; correct: number; lastResult: string | null };
  schedule: unknown;
}

function listJson(h: string, args: string[] = []): Listed[] {
  const r = runCli(['list', '--json', ...args], { home: h });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed[];
}

function bundledFiles(): string[] {
  return (fs.readdirSync(path.join(ROOT, 'questions'), { recursive: true }) as string[]).sort();
}

describe('new', () => {
  const flags = (type: string, title: string, dir: string) => ['new', '--type', type, '--difficulty', 'medium', '--topic', 'serving,api', '--title', title, '--dir', dir];

  it('a deck folder that cannot be made is one line and exit 1, never a hang or a stack trace', () => {
    const h = home();
    const file = path.join(h, 'a-file');
    fs.writeFileSync(file, 'x');
    const under = runCli(flags('open', 'Under a file', path.join(file, 'deck')), { home: h });
    expect(under.code).toBe(1);
    expect(under.stderr).toMatch(/cannot create the folder .*a-file\/deck: ENOTDIR/);
    expectNoStackTrace(under);
    if (process.platform === 'linux') {
      // Node's recursive mkdir spins forever on a path like this one.
      const proc = runCli(flags('open', 'Under proc', '/proc/mlops-drill-deck'), { home: h });
      expect(proc.code).toBe(1);
      expect(proc.stderr).toContain('cannot create the folder');
    }
  });

  it.each(['output', 'choice', 'open'])('writes a %s question that validate accepts, and --strict refuses until its TODO text is replaced', (type) => {
    const h = home();
    const deck = path.join(h, 'deck');
    const r = runCli(flags(type, 'My first question', deck), { home: h });
    expect(r.code, r.stderr).toBe(0);
    const written = path.resolve(h, r.stdout.trim());
    expect(written).toBe(path.join(deck, 'my-first-question.md'));

    const v = runCli(['validate', deck], { home: h });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stderr).toContain('1 file(s) checked, 1 question(s) valid: 0 error(s), 1 warning(s)');
    const todoLine = fs.readFileSync(written, 'utf8').split('\n').findIndex((l) => /^(- \[[ x]\] )?TODO:/.test(l)) + 1;
    expect(v.stdout).toContain(`my-first-question.md:${todoLine}:1: warning: the TODO text written by mlops-drill new is still here: replace it`);
    const strict = runCli(['validate', '--strict', deck], { home: h });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(`my-first-question.md:${todoLine}:1: error: the TODO text written by mlops-drill new is still here`);
    fs.writeFileSync(written, fs.readFileSync(written, 'utf8').replace(/TODO: ?/g, ''));
    expect(runCli(['validate', '--strict', deck], { home: h }).code).toBe(0);

    const [q, ...rest] = listJson(h, ['--bank', deck]);
    expect(rest).toEqual([]);
    expect(q).toMatchObject({ id: 'my-first-question', title: 'My first question', type, difficulty: 'medium', topics: ['serving', 'api'] });
    expect(q!.hints.length).toBeGreaterThanOrEqual(1);
    expect(q!.explanation).not.toBe('');
    if (type === 'output') {
      expect(q!.code).toEqual({ language: 'python', text: 'print("hello")' });
      expect(q!.answer).toBe('hello');
    } else if (type === 'choice') {
      expect(q!.choices).toHaveLength(4);
      expect(q!.choices!.filter((c) => c.correct)).toHaveLength(1);
    } else {
      expect(q!.answer).toMatch(/model answer/);
    }
  });

  it.skipIf(!has('python3'))('the output placeholder is a true answer key: python3 prints exactly the expected output', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    expect(runCli(flags('output', 'Proof', deck), { home: h }).code).toBe(0);
    const [q] = listJson(h, ['--bank', deck]);
    const run = spawnSync('python3', ['-c', q!.code!.text], { encoding: 'utf8' });
    expect(run.stdout).toBe(`${q!.answer}\n`);
  });

  it('gives a second question with the same title a different id, and both stay valid together', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    const first = runCli(flags('choice', 'Same title', deck), { home: h });
    const second = runCli(flags('open', 'Same title', deck), { home: h });
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(path.basename(first.stdout.trim())).toBe('same-title.md');
    expect(path.basename(second.stdout.trim())).toBe('same-title-2.md');
    expect(fs.readFileSync(path.join(deck, 'same-title-2.md'), 'utf8')).toMatch(/^id: same-title-2$/m);
    expect(runCli(['validate', deck], { home: h }).code).toBe(0);
    expect(listJson(h, ['--bank', deck]).map((q) => q.id).sort()).toEqual(['same-title', 'same-title-2']);
  });

  it('avoids ids used anywhere in the bank, even by a broken file, and never overwrites a file', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    fs.mkdirSync(path.join(deck, 'sub'), { recursive: true });
    // A valid question under another file name holds the id 'taken'.
    fs.writeFileSync(path.join(deck, 'sub', 'elsewhere.md'), fs.readFileSync(path.join(DECK, 'alpha-first.md'), 'utf8').replace('id: alpha-first', 'id: taken'));
    // A broken file (no type) still claims 'taken-2'; 'taken-3.md' exists but is not a question.
    fs.writeFileSync(path.join(deck, 'broken.md'), '---\nid: taken-2\ntitle: Broken\n---\nNo type.\n');
    fs.writeFileSync(path.join(deck, 'taken-3.md'), 'my notes, not a question\n');
    const r = runCli(['new', '--type', 'open', '--difficulty', 'easy', '--topic', 'x', '--title', 'Taken', '--bank', deck], { home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(path.resolve(h, r.stdout.trim())).toBe(path.join(deck, 'taken-4.md'));
    expect(fs.readFileSync(path.join(deck, 'taken-3.md'), 'utf8')).toBe('my notes, not a question\n');
  });

  it('keeps any title intact in YAML and falls back to question-<n> when the title has no id characters', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    const title = 'Café: "quoted" #hash - what\'s [up]?';
    expect(runCli(flags('open', title, deck), { home: h }).code).toBe(0);
    expect(runCli(flags('open', '???', deck), { home: h }).code).toBe(0);
    expect(runCli(flags('open', '!!!', deck), { home: h }).code).toBe(0);
    expect(runCli(['validate', deck], { home: h }).code).toBe(0);
    const byId = new Map(listJson(h, ['--bank', deck]).map((q) => [q.id, q.title]));
    expect(byId).toEqual(new Map([['cafe-quoted-hash-what-s-up', title], ['question-1', '???'], ['question-2', '!!!']]));
  });

  it('uses the MLOPS_DRILL_BANK folder when neither --dir nor --bank is given', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    fs.mkdirSync(deck);
    const r = runCli(['new', '--type', 'choice', '--difficulty', 'hard', '--topic', 'drift', '--title', 'From env'], { home: h, env: { MLOPS_DRILL_BANK: deck } });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(deck)).toEqual(['from-env.md']);
  });

  it('without a terminal, names the missing flags and exits 2 without writing', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    const r = runCli(['new', '--type', 'open', '--dir', deck], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --difficulty, --title, --topic');
    expect(fs.existsSync(deck)).toBe(false);
  });

  it('refuses to write into the bundled bank: no --dir or --bank is exit 2', () => {
    const h = home();
    const before = bundledFiles();
    const r = runCli(['new', '--type', 'open', '--difficulty', 'easy', '--topic', 'x', '--title', 'Nope'], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pass --dir or --bank: the bundled bank is not yours to edit');
    expect(r.stdout).toBe('');
    expect(bundledFiles()).toEqual(before);
  });

  it.each([
    ['U+202E (right-to-left override)', 'Safe \u202Etxt.exe title'],
    ['U+0085 (next line)', 'Two\u0085lines'],
    ['U+2028 (line separator)', 'Two\u2028lines'],
    ['U+200B (zero-width space)', 'zero\u200Bwidth'],
  ])('a title holding %s writes nothing raw into the YAML', (_what, title) => {
    const h = home();
    const deck = path.join(h, 'deck');
    const r = runCli(['new', '--type', 'open', '--difficulty', 'easy', '--topic', 'x', '--title', title, '--dir', deck], { home: h });
    expect(r.code).toBe(0);
    const text = fs.readFileSync(path.join(h, r.stdout.trim()), 'utf8');
    expect(text).not.toMatch(/[\u0080-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e]/);
    const v = runCli(['validate', '--strict', deck], { home: h });
    expect(v.stderr).not.toContain('error: ');
  });

  it.each([
    [['--type', 'quiz'], '--type must be one of output, choice, open'],
    [['--difficulty', 'brutal'], '--difficulty must be one of easy, medium, hard'],
    [['--topic', 'Model Serving'], "topic 'Model Serving' must be lowercase"],
  ])('refuses a bad value %j with exit 2', (bad, message) => {
    const h = home();
    const good: Record<string, string> = { '--type': 'open', '--difficulty': 'easy', '--topic': 'x', '--title': 'T' };
    good[bad[0]!] = bad[1]!;
    const r = runCli(['new', ...Object.entries(good).flat(), '--dir', path.join(h, 'deck')], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(fs.existsSync(path.join(h, 'deck'))).toBe(false);
  });

  itInTerminal('asks for what is missing in a terminal (tmux)', async () => {
    const h = home();
    const deck = path.join(h, 'deck');
    const name = startInTmux(h, ['new', '--dir', deck], { width: 120, height: 30 });
    const waitFor = (text: string) => waitForScreen(name, text, 15_000);
    await waitFor('Type of question');
    keys(name, 'Down'); // output → choice
    keys(name, 'Enter');
    await waitFor('Difficulty');
    keys(name, 'Down', 'Down', 'Enter'); // hard
    await waitFor('Title');
    type(name, 'Asked in a terminal');
    keys(name, 'Enter');
    await waitFor('Topics');
    type(name, 'serving, rollout');
    keys(name, 'Enter');
    expect(await waitFor('EXIT=')).toContain('EXIT=0');
    const text = fs.readFileSync(path.join(deck, 'asked-in-a-terminal.md'), 'utf8');
    expect(text).toMatch(/^type: choice$/m);
    expect(text).toMatch(/^difficulty: hard$/m);
    expect(text).toMatch(/^topics: \[serving, rollout\]$/m);
    expect(runCli(['validate', deck], { home: h }).code).toBe(0);
  });
});

describe('completion', () => {
  function script(shell: string, args: string[] = []): { file: string; text: string } {
    const h = home();
    const r = runCli(['completion', shell, ...args], { home: h });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const file = path.join(h, `completion.${shell}`);
    fs.writeFileSync(file, r.stdout);
    return { file, text: r.stdout };
  }

  /** What bash offers for a command line, by calling the completion function as bash would. */
  function bashComplete(file: string, words: string[]): string[] {
    const r = spawnSync(
      'bash',
      ['--norc', '--noprofile', '-c', 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _mlops_drill; printf "%s\\n" "${COMPREPLY[@]}"', 'complete', file, ...words],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  it('bash: the script is valid bash', () => {
    const { file } = script('bash');
    const r = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('bash: completes commands, option values and question ids', () => {
    const { file, text } = script('bash');
    expect(bashComplete(file, ['mlops-drill', 'sh'])).toEqual(['show']);
    expect(bashComplete(file, ['mlops-drill', ''])).toEqual(['drill', 'review', 'exam', 'list', 'show', 'suspend', 'unsuspend', 'validate', 'stats', 'due', 'reset', 'new', 'completion', 'config', 'optimize', 'sync', 'export', 'import', 'progress']);
    expect(bashComplete(file, ['mlops-drill', 'drill', '--difficulty', ''])).toEqual(['easy', 'medium', 'hard']);
    expect(bashComplete(file, ['mlops-drill', 'list', '--type', ''])).toEqual(['output', 'choice', 'open', 'cloze']);
    expect(bashComplete(file, ['mlops-drill', 'validate', '--format', ''])).toEqual(['text', 'json', 'github']);
    const ids = bashComplete(file, ['mlops-drill', 'show', 'monitoring-p']);
    expect(ids).toContain('monitoring-psi-binned');
    expect(ids.every((id) => id.startsWith('monitoring-p'))).toBe(true);
    // suspend and unsuspend take any number of ids: the second is completed like the first.
    expect(bashComplete(file, ['mlops-drill', 'suspend', 'monitoring-psi-binned', 'monitoring-p'])).toEqual(ids);
    expect(bashComplete(file, ['mlops-drill', 'unsuspend', 'monitoring-p'])).toEqual(ids);
    expect(bashComplete(file, ['mlops-drill', 'progress', ''])).toEqual(['path', 'export', 'import']);
    expect(bashComplete(file, ['mlops-drill', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(file, ['mlops-drill', 'drill', '-t', 'monitoring,dr'])).toEqual(['monitoring,drift']);
    // bash splits --difficulty=e at '=' into three words
    expect(bashComplete(file, ['mlops-drill', 'review', '--difficulty', '=', 'e'])).toEqual(['easy']);
    expect(bashComplete(file, ['mlops-drill', 'list', '--js'])).toEqual(['--json']);
    expect(bashComplete(file, ['mlops-drill', 'new', '--ti'])).toEqual(['--title']);
    // an option's value is not taken for the command
    expect(bashComplete(file, ['mlops-drill', '--bank', 'show', 'sh'])).toEqual(['show']);
    expect(text).toContain('the bank rarely changes');
  });

  it('bash: topics and ids come from the bank in use when the script is written', () => {
    const { file, text } = script('bash', ['--bank', DECK]);
    expect(bashComplete(file, ['mlops-drill', 'show', ''])).toEqual(['alpha-first', 'beta-second']);
    expect(bashComplete(file, ['mlops-drill', 'drill', '--topic', ''])).toEqual(['alpha-topic', 'beta-topic', 'shared-topic']);
    expect(text).not.toContain('monitoring-psi-binned');
    expect(text).toContain(DECK);
  });

  it('zsh: the script names every command and the question ids', () => {
    const { file, text } = script('zsh');
    expect(text.startsWith('#compdef mlops-drill\n')).toBe(true);
    for (const command of ['drill', 'review', 'exam', 'list', 'show', 'validate', 'stats', 'due', 'reset', 'new', 'completion', 'progress', 'path', 'export', 'import']) {
      expect(text).toMatch(new RegExp(`'${command}:`));
    }
    expect(text).toContain('monitoring-psi-binned');
    expect(text).toContain('easy medium hard');
    if (has('zsh')) {
      const r = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it('fish: the script names every command and the question ids', () => {
    const { file, text } = script('fish');
    for (const command of ['drill', 'review', 'exam', 'list', 'show', 'validate', 'stats', 'due', 'reset', 'new', 'completion', 'progress', 'path', 'export', 'import']) {
      expect(text).toMatch(new RegExp(`-a ${command} -d `));
    }
    expect(text).toContain('monitoring-psi-binned');
    if (has('fish')) {
      const r = spawnSync('fish', ['--no-config', '-n', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it.skipIf(!has('fish'))('fish: completes commands, option values and ids (complete -C)', () => {
    const { file } = script('fish');
    const complete = (line: string) => {
      const r = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', file, line], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]);
    };
    expect(complete('mlops-drill sh')).toEqual(['show']);
    expect(complete('mlops-drill drill --difficulty ').sort()).toEqual(['easy', 'hard', 'medium']);
    expect(complete('mlops-drill show monitoring-p')).toContain('monitoring-psi-binned');
    expect(complete('mlops-drill progress ').sort()).toEqual(['export', 'import', 'path']);
  });

  it('refuses an unknown shell with exit 2', () => {
    const r = runCli(['completion', 'powershell'], { home: home() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("no completion for 'powershell': choose one of bash, zsh, fish");
  });
});

describe('progress', () => {
  const logOf = (h: string) => path.join(h, '.mlops-drill', 'progress.jsonl');
  const records = (file: string) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { rid: string; at: string; id: string });

  /** A home with a real log of two answers, written by the drill itself. */
  function homeWithAnswers(): string {
    const h = home();
    for (const seed of ['1', '2']) {
      const r = runCli(['drill', '--plain', '--seed', seed, '-n', '1', '--type', 'choice'], { home: h, input: 'A\n' });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(records(logOf(h))).toHaveLength(2);
    return h;
  }

  it('path prints $MLOPS_DRILL_HOME/progress.jsonl when set, else the one under HOME', () => {
    const h = home();
    const own = path.join(h, 'elsewhere');
    const r = runCli(['progress', 'path'], { home: h, env: { MLOPS_DRILL_HOME: own } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${path.join(own, 'progress.jsonl')}\n`);
    expect(runCli(['progress', 'path'], { home: h }).stdout).toBe(`${logOf(h)}\n`);
    expect(fs.existsSync(own)).toBe(false);
  });

  it('export then import into a fresh home gives the same answers', () => {
    const a = homeWithAnswers();
    const exported = path.join(a, 'export.jsonl');
    const e = runCli(['progress', 'export', exported], { home: a });
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toBe(`exported 2 records to ${exported}\n`);
    expect(records(exported)).toEqual(records(logOf(a)));

    const b = home();
    const i = runCli(['progress', 'import', exported], { home: b });
    expect(i.code, i.stderr).toBe(0);
    expect(i.stdout).toBe('imported 2 answers, 0 already here, 0 unreadable lines skipped\n');
    expect(records(logOf(b))).toEqual(records(logOf(a)));
    const view = (h: string) => listJson(h).map((q) => ({ id: q.id, history: q.history, schedule: q.schedule }));
    expect(view(b)).toEqual(view(a));
    expect(view(b).filter((q) => q.history.attempts > 0).length).toBeGreaterThan(0);
  });

  it('export without a file writes JSON Lines to stdout', () => {
    const a = homeWithAnswers();
    const r = runCli(['progress', 'export'], { home: a });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l))).toEqual(records(logOf(a)));
  });

  it('export never overwrites a file', () => {
    const a = homeWithAnswers();
    const target = path.join(a, 'mine.txt');
    fs.writeFileSync(target, 'keep me\n');
    const r = runCli(['progress', 'export', target], { home: a });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me\n');
  });

  it('export leaves out torn and unreadable lines of the log', () => {
    const a = homeWithAnswers();
    const good = records(logOf(a));
    fs.appendFileSync(logOf(a), 'not json at all\n{"v":1,"kind":"answer","rid":"half');
    const exported = path.join(a, 'export.jsonl');
    const r = runCli(['progress', 'export', exported], { home: a });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`exported 2 records, 2 unreadable lines skipped to ${exported}\n`);
    expect(records(exported)).toEqual(good);
  });

  it('importing the same file twice adds nothing the second time', () => {
    const a = homeWithAnswers();
    const exported = path.join(a, 'export.jsonl');
    expect(runCli(['progress', 'export', exported], { home: a }).code).toBe(0);
    const b = home();
    expect(runCli(['progress', 'import', exported], { home: b }).stdout).toBe('imported 2 answers, 0 already here, 0 unreadable lines skipped\n');
    const after = fs.readFileSync(logOf(b), 'utf8');
    const again = runCli(['progress', 'import', exported], { home: b });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('imported 0 answers, 2 already here, 0 unreadable lines skipped\n');
    expect(fs.readFileSync(logOf(b), 'utf8')).toBe(after);
    // and importing a log into the home it came from adds nothing either
    expect(runCli(['progress', 'import', exported], { home: a }).stdout).toBe('imported 0 answers, 2 already here, 0 unreadable lines skipped\n');
    expect(records(logOf(a))).toHaveLength(2);
  });

  it('skips torn and garbage lines of the import file and says how many', () => {
    const a = homeWithAnswers();
    const exported = path.join(a, 'export.jsonl');
    expect(runCli(['progress', 'export', exported], { home: a }).code).toBe(0);
    const file = path.join(a, 'damaged.jsonl');
    const garbage = ['garbage', '{"v":1,"kind":"answer"}', '[1,2]'].join('\n');
    fs.writeFileSync(file, `${fs.readFileSync(exported, 'utf8')}${garbage}\n{"v":1,"kind":"answer","rid":"tor`);
    const b = home();
    const r = runCli(['progress', 'import', file], { home: b });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('imported 2 answers, 0 already here, 4 unreadable lines skipped\n');
    expect(records(logOf(b))).toEqual(records(exported));
  });

  it('appends the new answers after the local ones, in time order', () => {
    const a = homeWithAnswers();
    const exported = records(logOf(a));
    const reversed = path.join(a, 'reversed.jsonl');
    fs.writeFileSync(reversed, [...exported].reverse().map((r) => JSON.stringify(r) + '\n').join(''));
    const b = homeWithAnswers();
    const local = records(logOf(b));
    const r = runCli(['progress', 'import', reversed], { home: b });
    expect(r.stdout).toBe('imported 2 answers, 0 already here, 0 unreadable lines skipped\n');
    const merged = records(logOf(b));
    expect(merged.slice(0, 2)).toEqual(local);
    expect(merged.slice(2).map((x) => x.rid)).toEqual([...exported].sort((x, y) => Date.parse(x.at) - Date.parse(y.at)).map((x) => x.rid));
  });

  it('refuses a file from a newer mlops-drill and imports nothing', () => {
    const a = homeWithAnswers();
    const file = path.join(a, 'newer.jsonl');
    const newer = { ...records(logOf(a))[0], v: 2, rid: 'from-the-future' };
    fs.writeFileSync(file, fs.readFileSync(logOf(a), 'utf8') + JSON.stringify(newer) + '\n');
    const b = home();
    const r = runCli(['progress', 'import', file], { home: b });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('newer version of mlops-drill (log format 2); nothing was imported');
    expect(fs.existsSync(logOf(b))).toBe(false);
  });

  it('a missing file is exit 1 and a missing argument exit 2', () => {
    const b = home();
    const r = runCli(['progress', 'import', path.join(b, 'nope.jsonl')], { home: b });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no such file');
    expect(runCli(['progress', 'import'], { home: b }).code).toBe(2);
    expect(fs.existsSync(logOf(b))).toBe(false);
  });

  it('a file with no records at all is refused, not imported as nothing', () => {
    const b = home();
    const file = path.join(b, 'notes.txt');
    fs.writeFileSync(file, 'these are my notes\nnot a progress log\n');
    const r = runCli(['progress', 'import', file], { home: b });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds no progress records (2 unreadable lines); nothing was imported');
    expect(fs.existsSync(logOf(b))).toBe(false);
  });
});

describe('docs/authoring.md', () => {
  /** The ````markdown examples of a question file in the guide. */
  function examples(): string[] {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'authoring.md'), 'utf8');
    return [...text.matchAll(/^````markdown\n([\s\S]*?)^````$/gm)].map((m) => m[1]!);
  }

  it('shows a full example of each type, and each passes validate --strict as printed', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    fs.mkdirSync(deck);
    examples().forEach((text, i) => fs.writeFileSync(path.join(deck, `example-${i}.md`), text));
    const v = runCli(['validate', '--strict', deck], { home: h });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stderr).toContain('4 file(s) checked, 4 question(s) valid: 0 error(s), 0 warning(s)');
    expect([...new Set(listJson(h, ['--bank', deck]).map((q) => q.type))].sort()).toEqual(['choice', 'cloze', 'open', 'output']);
  });

  it.skipIf(!has('python3'))('its output example prints exactly its answer', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    fs.mkdirSync(deck);
    examples().forEach((text, i) => fs.writeFileSync(path.join(deck, `example-${i}.md`), text));
    const q = listJson(h, ['--bank', deck, '--type', 'output'])[0]!;
    const run = spawnSync('python3', ['-c', q.code!.text], { encoding: 'utf8' });
    expect(run.stdout).toBe(`${q.answer}\n`);
  });
});

describe('new --title with characters that would drive the terminal', () => {
  it('writes no U+202E, U+0085 or other control or format character into the file', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    const r = runCli(['new', '--type', 'open', '--difficulty', 'easy', '--topic', 'x', '--title', 'Safe\u202e title\u0085 here\u200b', '--dir', deck], { home: h });
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(path.resolve(h, r.stdout.trim()), 'utf8');
    expect(text).toMatch(/^title: "?Safe title here"?$/m);
    expect(text).not.toMatch(/[\u0080-\u009f\u200b\u202a-\u202e]/);
  });
});

describe('a deck of real-world-shaped files', () => {
  const REAL = path.join(ROOT, 'tests', 'fixtures', 'real-world-deck');

  it('validates without hints, titles, difficulties or topics; --strict asks for the hints', () => {
    const r = runCli(['validate', REAL], { home: home() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('3 file(s) checked, 3 question(s) valid: 0 error(s), 0 warning(s)');
    const strict = runCli(['validate', '--strict', REAL], { home: home() });
    expect(strict.code).toBe(1);
    expect(strict.stdout.trim().split('\n')).toHaveLength(3);
    for (const line of strict.stdout.trim().split('\n')) expect(line).toMatch(/error: no '## Hint' section/);
  });

  it('lists underscore ids, the folder as topic, unrated as medium', () => {
    const qs = listJson(home(), ['--bank', REAL]);
    expect(qs.map((q) => q.id).sort()).toEqual(['Anki_Card_12', 'gradient_step', 'ml_9abb4654']);
    const bias = qs.find((q) => q.id === 'ml_9abb4654')!;
    expect(bias).toMatchObject({ title: 'What is the bias-variance trade-off?', difficulty: 'medium', unrated: true, topics: ['ml-basics'], license: 'CC-BY-4.0' });
    expect(listJson(home(), ['--bank', REAL, '-d', 'medium']).map((q) => q.id)).toContain('ml_9abb4654');
  });

  it('show --answer renders everything: headings, math, images, wide tables, HTML, credit, and the title once', () => {
    const r = runCli(['--bank', REAL, 'show', 'ml_9abb4654', '--answer', '--no-color'], { home: home(), env: { COLUMNS: '60' } });
    expect(r.code, r.stderr).toBe(0);
    expectNoStackTrace(r);
    const text = r.stdout;
    expect(countOf(text, 'What is the bias-variance trade-off?')).toBe(1);
    expect(text).toContain('unrated · open · ml-basics');
    for (const kept of ['Short answer', 'Longer answer', '\\text{Bias}^2 + \\text{Var} + \\sigma^2', '│ \\mathbb{E}[(y - \\hat f(x))^2]', '[image: bias-variance curve] https://example.com/img/bias_variance.png', 'model: deep tree grown without any depth limit', 'Source: https://github.com/example/ml-interview-questions · License: CC-BY-4.0']) {
      expect(text).toContain(kept);
    }
    const anki = runCli(['--bank', REAL, 'show', 'Anki_Card_12', '--answer', '--no-color'], { home: home() });
    expect(anki.stdout).toMatch(/What does precision measure\?/);
    expect(anki.stdout).toMatch(/^ +• high precision: few false alarms$/m);
    expect(anki.stdout).toContain('TP / (TP + FP)');
    expect(anki.stdout).not.toMatch(/<|-->|\*\*/);
  });

  it('the plain drill asks a question without hints and says there are none', () => {
    const r = runCli(['--bank', REAL, '--plain', 'review', '--no-color'], { home: home() });
    expectNoStackTrace(r);
    const drill = runCli(['--bank', REAL, '--plain', '-n', '1', '--type', 'output'], { home: home(), input: ':h\n0.8\n.\n' });
    expectNoStackTrace(drill);
    expect(drill.code, drill.stderr).toBe(0);
    expect(drill.stdout).toContain('One gradient step');
    expect(drill.stdout).toMatch(/Correct/);
  });
});
