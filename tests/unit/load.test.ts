import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayPath, findQuestionFiles, isQuestionFileName, loadBank, MAX_FILE_BYTES } from '../../src/bank/load.js';
import { openFile } from './question-text.js';

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-unit-load-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function write(rel: string, text: string) {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return full;
}

const BROKEN = 'not a question at all\n';

describe('isQuestionFileName', () => {
  it.each([
    ['drift.md', true],
    ['DRIFT.MD', true],
    ['README.md', false],
    ['readme.md', false],
    ['Readme.MD', false],
    ['_draft.md', false],
    ['.hidden.md', false],
    ['notes.txt', false],
    ['md', false],
    ['readme-first.md', true],
  ])('%s → %s', (name, expected) => {
    expect(isQuestionFileName(name)).toBe(expected);
  });
});

describe('displayPath', () => {
  it.each([
    ['/srv/decks/bank/a.md', '/srv/decks', 'bank/a.md'],
    ['/srv/decks/bank/a.md', '/srv/decks/bank', 'a.md'],
    ['/elsewhere/a.md', '/srv/decks', '/elsewhere/a.md'],
    ['/srv/decks', '/srv/decks', '/srv/decks'],
  ])('%s seen from %s is %s', (abs, cwd, expected) => {
    expect(displayPath(abs, cwd)).toBe(expected);
  });

  it('shows control characters in a file name as escapes', () => {
    expect(displayPath('/srv/decks/bank/a\u001b]0;x\u0007.md', '/srv/decks')).toBe('bank/a\\x1b]0;x\\x07.md');
  });
});

describe('loadBank', () => {
  it('finds nested questions and ignores README.md, _drafts, dot folders and other files', () => {
    write('a.md', openFile({ id: 'a' }));
    write('nested/deeper/b.md', openFile({ id: 'b' }));
    write('README.md', BROKEN);
    write('nested/readme.md', BROKEN);
    write('_draft.md', BROKEN);
    write('_drafts/c.md', BROKEN);
    write('.hidden/d.md', BROKEN);
    write('.e.md', BROKEN);
    write('notes.txt', BROKEN);
    const bank = loadBank([root]);
    expect(bank.problems).toEqual([]);
    expect(bank.files).toBe(2);
    expect(bank.questions.map((q) => q.id)).toEqual(['a', 'b']);
    expect(bank.questions[1]!.file).toBe(path.join(root, 'nested', 'deeper', 'b.md'));
    expect(bank.root).toBe(root);
  });

  it('lists files in a stable, sorted order', () => {
    for (const name of ['c', 'a', 'b']) write(`${name}/${name}.md`, openFile({ id: `q-${name}` }));
    write('0.md', openFile({ id: 'q-0' }));
    expect(loadBank([root]).questions.map((q) => q.id)).toEqual(['q-0', 'q-a', 'q-b', 'q-c']);
  });

  it('reports a duplicate id on both files, each naming the other', () => {
    const one = write('x/one.md', openFile({ id: 'same' }));
    const two = write('y/two.md', openFile({ id: 'same' }));
    const bank = loadBank([root]);
    // An id used twice is ambiguous: neither question is used.
    expect(bank.questions).toEqual([]);
    expect(bank.problems).toHaveLength(2);
    const onOne = bank.problems.find((p) => p.file === one);
    const onTwo = bank.problems.find((p) => p.file === two);
    expect(onOne).toMatchObject({ line: 2, severity: 'error' });
    expect(onTwo).toMatchObject({ line: 2, severity: 'error' });
    expect(onOne!.message).toBe(`duplicate id 'same': also used by ${two}`);
    expect(onTwo!.message).toBe(`duplicate id 'same': also used by ${one}`);
  });

  it('warns about ids that differ only in case, at the id line of the second, and keeps both', () => {
    const one = write('x/one.md', openFile({ id: 'Card_1' }));
    const two = write('y/two.md', ['---', 'title: T', 'id: card_1', 'type: open', '---', 'Why?', '', '## Answer', 'a', ''].join('\n'));
    const bank = loadBank([root]);
    expect(bank.questions.map((q) => q.id)).toEqual(['Card_1', 'card_1']);
    expect(bank.problems).toEqual([{ file: two, line: 3, col: 1, severity: 'warning', message: `id 'card_1' differs only in case from 'Card_1' in ${one}` }]);
  });

  it('reports a problem of an invalid file with its path and keeps the valid ones', () => {
    write('good.md', openFile({ id: 'good' }));
    const bad = write('bad.md', openFile({ id: 'bad', difficulty: 'extreme' }));
    const bank = loadBank([root]);
    expect(bank.files).toBe(2);
    expect(bank.questions.map((q) => q.id)).toEqual(['good']);
    expect(bank.problems.map((p) => [p.file, p.line])).toEqual([[bad, 4]]);
  });

  it("refuses a file over the size limit as 'too large' without parsing it", () => {
    const big = write('big.md', openFile({ id: 'big' }) + 'x'.repeat(MAX_FILE_BYTES));
    const bank = loadBank([root]);
    expect(bank.questions).toEqual([]);
    expect(bank.problems).toHaveLength(1);
    expect(bank.problems[0]).toMatchObject({ file: big, line: 1, severity: 'error' });
    expect(bank.problems[0]!.message).toContain('too large');
  });

  it('accepts a file of exactly the size limit', () => {
    // Hint sections of 200 lines each: within the line and section limits.
    let text = openFile({ id: 'just-fits' });
    const hint = '\n## Hint\n' + ('y'.repeat(99) + '\n').repeat(200);
    while (Buffer.byteLength(text + hint) < MAX_FILE_BYTES) text += hint;
    text += '\n## Hint\n';
    const rest = MAX_FILE_BYTES - Buffer.byteLength(text);
    write('fits.md', text + ('y'.repeat(99) + '\n').repeat(Math.floor(rest / 100)) + 'y'.repeat(rest % 100));
    expect(fs.statSync(path.join(root, 'fits.md')).size).toBe(MAX_FILE_BYTES);
    const bank = loadBank([root]);
    expect(bank.problems).toEqual([]);
    expect(bank.questions.map((q) => q.id)).toEqual(['just-fits']);
  });

  it('does not hang on a symbolic link loop and reports it', () => {
    write('a/q.md', openFile({ id: 'q' }));
    fs.symlinkSync(root, path.join(root, 'a', 'loop'), 'dir');
    const bank = loadBank([root]);
    expect(bank.questions.map((q) => q.id)).toEqual(['q']);
    expect(bank.problems).toHaveLength(1);
    expect(bank.problems[0]!.file).toBe(path.join(root, 'a', 'loop'));
    expect(bank.problems[0]!.message).toContain('symbolic link loop');
  });

  it('reports a question file that is a link to itself as a broken link', () => {
    fs.symlinkSync('self.md', path.join(root, 'self.md'));
    const bank = loadBank([root]);
    expect(bank.files).toBe(0);
    expect(bank.problems.map((p) => p.message)).toEqual(['broken symbolic link']);
  });

  it('follows a link to a question file outside the folder', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drill-unit-load-out-'));
    try {
      fs.writeFileSync(path.join(outside, 'real.md'), openFile({ id: 'linked' }));
      fs.symlinkSync(path.join(outside, 'real.md'), path.join(root, 'link.md'));
      expect(loadBank([root]).questions.map((q) => q.id)).toEqual(['linked']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('accepts single files as paths and reports a path that does not exist', () => {
    const file = write('one.md', openFile({ id: 'one' }));
    const missing = path.join(root, 'missing');
    const bank = loadBank([file, missing]);
    expect(bank.questions.map((q) => q.id)).toEqual(['one']);
    expect(bank.problems.map((p) => [p.file, p.message])).toEqual([[missing, 'no such file or folder']]);
  });

  it('counts a folder and a file inside it only once', () => {
    const file = write('one.md', openFile({ id: 'one' }));
    const found = findQuestionFiles([root, file]);
    expect(found.files).toEqual([file]);
  });

  it('finds nothing in an empty folder', () => {
    expect(loadBank([root])).toEqual({ root, questions: [], problems: [], files: 0 });
  });
});
