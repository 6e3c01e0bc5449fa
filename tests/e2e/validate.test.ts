import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { BROKEN_BANK, MINI_BANK, countOf, expectNoStackTrace, home } from './support.js';

/** Every file of the broken bank and the problem it must produce, at its line. */
const EXPECTED: { file: string; line: number; severity: 'error' | 'warning'; message: RegExp }[] = [
  { file: 'bad-yaml.md', line: 3, severity: 'error', message: /invalid YAML/ },
  { file: 'binary.md', line: 1, severity: 'error', message: /binary file/ },
  { file: 'dup-a/first.md', line: 2, severity: 'error', message: /duplicate id 'same-id': also used by .*dup-b\/second\.md/ },
  { file: 'dup-b/second.md', line: 4, severity: 'error', message: /duplicate id 'same-id': also used by .*dup-a\/first\.md/ },
  { file: 'empty.md', line: 1, severity: 'error', message: /empty file/ },
  { file: 'js-front-matter.md', line: 1, severity: 'error', message: /front matter in 'js' is refused/ },
  { file: 'numeric-id.md', line: 5, severity: 'error', message: /id must be text, got the number 123/ },
  { file: 'output-no-answer-block.md', line: 17, severity: 'error', message: /Answer of an output question holds exactly one fenced block/ },
  { file: 'two-correct.md', line: 10, severity: 'error', message: /exactly one option must be marked \[x\] \(found 2\)/ },
  { file: 'unclosed-fence.md', line: 18, severity: 'error', message: /code block is never closed/ },
  { file: 'unknown-key.md', line: 7, severity: 'warning', message: /unknown key 'author'/ },
  { file: 'unknown-section.md', line: 13, severity: 'error', message: /unknown section '## Explaination': did you mean '## Explanation'\?/ },
];

const CANARY = 'js-canary-created';

function questionFilesIn(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).map((f) => f.split(path.sep).join('/')).sort();
}

describe('the bundled bank', () => {
  it('passes validate --strict: every question parses (the CI check)', () => {
    const r = runCli(['validate', '--strict'], { home: home() });
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^(\d+) file\(s\) checked, \1 question\(s\) valid: 0 error\(s\), 0 warning\(s\)\n$/);
    expect(r.code).toBe(0);
  });

  it('--format json reports ok with no problems', () => {
    const r = runCli(['validate', '--strict', '--format', 'json'], { home: home() });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; files: number; questions: number; errors: number; warnings: number; problems: unknown[] };
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0, problems: [] });
    expect(report.questions).toBe(report.files);
    expect(report.files).toBeGreaterThanOrEqual(75);
  });
});

describe('a bank of broken files', () => {
  it('the fixture has exactly one file per expected problem kind', () => {
    expect(questionFilesIn(BROKEN_BANK)).toEqual(EXPECTED.map((e) => e.file).sort());
  });

  it('reports every file at its line as file:line:col, exits 1, and never runs ---js front matter', () => {
    const cwd = home();
    const r = runCli(['validate', BROKEN_BANK], { home: home(), cwd });
    expect(r.code).toBe(1);
    expectNoStackTrace(r);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^.+:\d+:\d+: (error|warning): .+$/);
    for (const e of EXPECTED) {
      const prefix = `${path.join(BROKEN_BANK, e.file)}:${e.line}:`;
      const hit = lines.find((l) => l.startsWith(prefix) && l.includes(`: ${e.severity}: `) && e.message.test(l));
      expect(hit, `no ${e.severity} at ${e.file}:${e.line} matching ${e.message}\n${r.stdout}`).toBeDefined();
    }
    expect(lines).toHaveLength(EXPECTED.length);
    expect(r.stderr).toContain(`${EXPECTED.length} file(s) checked, 1 question(s) valid: 11 error(s), 1 warning(s)`);
    expect(fs.readdirSync(cwd)).toEqual([]);
    expect(fs.existsSync(path.join(BROKEN_BANK, CANARY))).toBe(false);
  });

  it('shows paths relative to the working folder when inside it', () => {
    const r = runCli(['validate', '.'], { home: home(), cwd: BROKEN_BANK });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^bad-yaml\.md:3:8: error: invalid YAML/m);
    expect(r.stdout).toMatch(/^dup-a\/first\.md:2:1: error: duplicate id 'same-id': also used by dup-b\/second\.md$/m);
    expect(fs.existsSync(path.join(BROKEN_BANK, CANARY))).toBe(false);
  });

  it('--format json lists the same problems with file, line, col, severity and message', () => {
    const r = runCli(['validate', '--format', 'json', BROKEN_BANK], { home: home() });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      files: number;
      questions: number;
      errors: number;
      warnings: number;
      problems: { file: string; line: number; col: number; severity: string; message: string }[];
    };
    expect(report).toMatchObject({ ok: false, files: EXPECTED.length, questions: 1, errors: 11, warnings: 1 });
    expect(report.problems).toHaveLength(EXPECTED.length);
    for (const p of report.problems) {
      expect(Object.keys(p).sort()).toEqual(['col', 'file', 'line', 'message', 'severity']);
      expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
      expect(Number.isInteger(p.col) && p.col >= 1).toBe(true);
    }
    for (const e of EXPECTED) {
      expect(
        report.problems.some((p) => p.file === path.join(BROKEN_BANK, e.file) && p.line === e.line && p.severity === e.severity && e.message.test(p.message)),
        `${e.file}:${e.line}`,
      ).toBe(true);
    }
    expect(report.problems.find((p) => p.file.endsWith('bad-yaml.md'))!.col).toBe(8);
  });

  it('--format github prints workflow annotations', () => {
    const r = runCli(['validate', '--format', 'github', BROKEN_BANK], { home: home(), cwd: BROKEN_BANK });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const annotations = lines.filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(EXPECTED.length);
    for (const a of annotations) expect(a).toMatch(/^::(error|warning) file=[^,:]+,line=\d+,col=\d+::.+$/);
    expect(annotations).toContain(
      "::warning file=unknown-key.md,line=7,col=1::unknown key 'author' (known keys: id, title, difficulty, type, topics, grading, source, license, references, spacing)",
    );
    expect(annotations.some((a) => a.startsWith('::error file=bad-yaml.md,line=3,col=8::invalid YAML'))).toBe(true);
    expect(lines.at(-1)).toBe(`${EXPECTED.length} file(s) checked, 1 question(s) valid: 11 error(s), 1 warning(s)`);
  });
});

describe('exit codes and --strict', () => {
  const unknownKey = path.join(BROKEN_BANK, 'unknown-key.md');

  it('a warning alone exits 0; --strict makes it an error and exits 1', () => {
    const loose = runCli(['validate', unknownKey], { home: home() });
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/unknown-key\.md:7:1: warning: unknown key 'author'/);
    const strict = runCli(['validate', '--strict', unknownKey], { home: home() });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/unknown-key\.md:7:1: error: unknown key 'author'/);
    expect(strict.stderr).toContain('1 error(s), 0 warning(s)');
  });

  it('a good bank exits 0 and prints no problem', () => {
    const r = runCli(['validate', '--strict', MINI_BANK], { home: home() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('3 file(s) checked, 3 question(s) valid: 0 error(s), 0 warning(s)');
  });

  it('one broken file among good ones exits 1 and names only that file', () => {
    const r = runCli(['validate', MINI_BANK, path.join(BROKEN_BANK, 'two-correct.md')], { home: home() });
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/two-correct\.md:10:1: error: exactly one option/)]);
  });

  it('a folder with no question files exits 1 and says so', () => {
    const empty = home();
    const r = runCli(['validate', empty], { home: home() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no question files found');
  });

  it('a path that does not exist is an error at that path', () => {
    const missing = path.join(home(), 'missing');
    const r = runCli(['validate', missing], { home: home() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${missing}:1:1: error: no such file or folder`);
    expectNoStackTrace(r);
  });

  it('drill and list skip broken files with one warning and still work', () => {
    const r = runCli(['--bank', BROKEN_BANK, 'list', '--no-color'], { home: home() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: 11 question file\(s\) have errors and were left out; run: mlops-drill validate /);
    expect(countOf(r.stderr, 'warning:')).toBe(1);
    expect(r.stdout).toMatch(/^. unknown-key /m);
    for (const id of ['bad-yaml', 'two-correct', 'unclosed-fence', 'unknown-section', 'output-no-answer-block']) expect(r.stdout).not.toContain(id);
  });
});

describe('question files that would freeze or crash the drill', () => {
  /** A deck of one good question and the hostile files of the issue, written at run time (too big to commit). */
  function hostileDeck(): string {
    const dir = home();
    const front = (id: string) => ['---', `id: ${id}`, `title: ${id}`, 'difficulty: easy', 'type: open', 'topics: [load]', '---'];
    const write = (id: string, prompt: string) =>
      fs.writeFileSync(path.join(dir, `${id}.md`), [...front(id), prompt, '', '## Hint', 'h', '', '## Answer', 'a', ''].join('\n'));
    write('good', 'A fine question.');
    write('underscores', 'a ' + '_'.repeat(40_000) + ' b');
    write('star-a', '*a'.repeat(100_000));
    write('link-open', '[a]('.repeat(50_000));
    write('deep-quote', '>'.repeat(5_000) + ' a');
    write('deep-lines', Array.from({ length: 100 }, (_, i) => '>'.repeat(i + 1) + ' a').join('\n'));
    return dir;
  }

  it('validate reports each as an error at its line; list and drill skip them with one notice', () => {
    const deck = hostileDeck();
    const r = runCli(['validate', '.'], { home: home(), cwd: deck });
    expect(r.code).toBe(1);
    expectNoStackTrace(r);
    expect(r.stdout).toMatch(/^underscores\.md:8:1: error: line too long: 40004 characters/m);
    expect(r.stdout).toMatch(/^star-a\.md:1:1: error: file too large/m);
    expect(r.stdout).toMatch(/^link-open\.md:1:1: error: file too large/m);
    expect(r.stdout).toMatch(/^deep-quote\.md:8:1: error: line too long: 5002 characters/m);
    expect(r.stdout).toMatch(/^deep-lines\.md:40:1: error: nested too deeply/m);
    expect(r.stderr).toContain('6 file(s) checked, 1 question(s) valid');

    const list = runCli(['--bank', deck, 'list', '--no-color'], { home: home() });
    expect(list.code).toBe(0);
    expect(list.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^warning: 5 question file\(s\) have errors and were left out; run: mlops-drill validate /)]);
    expect(list.stdout).toMatch(/ good /);

    const drill = runCli(['--bank', deck, '--plain', '-n', '1'], { home: home(), input: '\n3\n' });
    expectNoStackTrace(drill);
    expect(drill.stderr).toMatch(/^warning: 5 question file\(s\) have errors and were left out/m);
    expect(drill.stdout).toContain('A fine question.');
  });
});

describe('names that would drive the terminal', () => {
  it('validate and the drill header print control and bidi characters of file and folder names escaped', () => {
    const base = home();
    const deck = path.join(base, 'deck\u202eevil\u001b[2J');
    fs.mkdirSync(deck);
    fs.copyFileSync(path.join(MINI_BANK, 'mini-open.md'), path.join(deck, 'open\u202e\u200b.md'));
    fs.writeFileSync(path.join(deck, 'broken\u061c.md'), '---\nid: broken\n---\n');
    const v = runCli(['validate', '.'], { home: home(), cwd: deck });
    expect(v.stdout).toContain('broken\\u061c.md:1:1: error:');
    expect(v.stdout + v.stderr).not.toMatch(/[\u202e\u200b\u061c\u001b]/);

    const drill = runCli(['--bank', deck, '--plain', '-n', '1', '--no-color'], { home: home(), input: '\n3\n' });
    expect(drill.stdout).toContain('bank: ' + path.join(base, 'deck\\u202eevil\\x1b[2J'));
    expect(drill.stdout + drill.stderr).not.toMatch(/[\u202e\u200b\u061c\u001b]/);
    expect(drill.stderr).toContain('run: mlops-drill validate "');
  });
});

describe('a deck whose later files need the full YAML parser', () => {
  it('reads every file the same: the simple ones first, then the bank again with the full parser', () => {
    const h = home();
    const deck = path.join(h, 'deck');
    fs.mkdirSync(deck);
    fs.copyFileSync(path.join(MINI_BANK, 'mini-open.md'), path.join(deck, 'a-simple.md'));
    const open = fs.readFileSync(path.join(MINI_BANK, 'mini-open.md'), 'utf8');
    // Quotes, a colon in the title and a comment: only the full parser reads these.
    fs.writeFileSync(
      path.join(deck, 'b-quoted.md'),
      open.replace('id: mini-open', 'id: "quoted-one" # a comment').replace(/^title: .*$/m, "title: 'Pinning: why it matters'"),
    );
    const r = runCli(['list', '--json', '--bank', deck], { home: h });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string; title: string }[]).map((q) => [q.id, q.title])).toEqual([
      ['mini-open', 'Why pin dependency versions'],
      ['quoted-one', 'Pinning: why it matters'],
    ]);
    const v = runCli(['validate', deck], { home: h });
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/2 file\(s\) checked, 2 question\(s\) valid: 0 error\(s\)/);
  });
});
