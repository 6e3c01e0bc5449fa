import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers.js';
import { expectNoStackTrace, home, progressFileOf, readJsonLines } from './support.js';
import { all, openApkg } from './anki-fixtures.js';

const CLOZE_DECK = path.join(FIXTURES, 'cloze-deck');

function saved(h: string) {
  return readJsonLines(progressFileOf(h)).map((r) => ({ id: r.id, result: r.result, grade: r.grade, hints: r.hints, mode: r.mode }));
}

describe('cloze cards in plain mode', () => {
  it('asks each cloze number as its own card, grades the typed text and saves it under id#cN', () => {
    const h = home();
    // c1: a near miss accepted; c2: a hint, then the right text in other letter case and spacing.
    const r = runCli(['--bank', CLOZE_DECK, 'drill', '--plain', 'canary-release'], { home: h, input: 'smal share\ny\n:h\n:h\n  Error Rate \n' });
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('A canary release sends a [how much?] of live traffic to the new model version,');
    expect(r.stdout).toContain('and rolls back when its [...] rises above the old one');
    expect(r.stdout).toContain('✘ Close: the only difference is a small typo.');
    // The reveal marks the answer without colour: NO_COLOR and plain mode still show where it was.
    expect(r.stdout).toContain('A canary release sends a [small share] of live traffic');
    expect(r.stdout).toContain('Hint 1 of 1:\n  Think of the canary');
    expect(r.stdout).toContain('and rolls back when its [error rate] rises above');
    expect(saved(h)).toEqual([
      { id: 'canary-release#c1', result: 'correct', grade: 'hard', hints: 0, mode: 'drill' },
      { id: 'canary-release#c2', result: 'correct', grade: 'hard', hints: 1, mode: 'drill' },
    ]);
    // The cloze's own hint comes first, then the file's ## Hint.
    const again = runCli(['--bank', CLOZE_DECK, 'drill', '--plain', '--cram', 'canary-release#c1'], { home: h, input: ':h\n:h\n:r\n' });
    expect(again.stdout).toContain('Hint 1 of 2:\n  how much?');
    expect(again.stdout).toContain('Hint 2 of 2:\n  Think of the canary');
    expect(again.stdout).toContain('Answer: small share (revealed: counts as a miss)');
  });

  it('hides a cloze in a code block without Markdown escapes, and takes template braces in an answer', () => {
    const h = home();
    const r = runCli(['--bank', CLOZE_DECK, 'drill', '--plain', 'kubectl-rollback'], { home: h, input: 'undo\n{{ .values.image.tag }}\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kubectl rollout [...] deployment/model-server');
    expect(r.stdout).toContain('The image is set in the chart as [...].');
    expect(r.stdout).toContain('kubectl rollout [undo] deployment/model-server');
    expect(r.stdout).toContain('[{{ .Values.image.tag }}]');
    expect(saved(h).map((a) => [a.id, a.result])).toEqual([
      ['kubectl-rollback#c1', 'correct'],
      ['kubectl-rollback#c2', 'correct'],
    ]);
  });

  it('counts a wrong cloze in an exam without showing the answer until the report', () => {
    const h = home();
    const r = runCli(['--bank', CLOZE_DECK, 'exam', '--plain', '--type', 'cloze', '--topic', 'deployment', '--seed', '3'], { home: h, input: 'small share\nwrong\n' });
    expectNoStackTrace(r);
    expect(r.stdout).not.toMatch(/Correct|Not quite/);
    expect(r.stdout).toMatch(/Right answer: +(small share|error rate)/);
    expect(saved(h).map((a) => a.result).sort()).toEqual(['correct', 'incorrect']);
    expect(saved(h).every((a) => a.mode === 'exam')).toBe(true);
  });
});

describe('cloze cards in review', () => {
  it('reviews the card that is due, by its card id, and leaves the other card alone', () => {
    const h = home();
    const log = path.join(h, '.mlops-drill', 'progress.jsonl');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const at = new Date(Date.now() - 60 * 86_400_000).toISOString();
    fs.writeFileSync(log, JSON.stringify({ v: 1, kind: 'answer', rid: 'r1', at, session: 's', bank: CLOZE_DECK, id: 'canary-release#c1', result: 'correct', grade: 'good', hints: 0, revealed: false, nearMiss: false, seconds: 3, mode: 'drill' }) + '\n');
    const r = runCli(['--bank', CLOZE_DECK, 'review', '--plain'], { home: h, input: 'small share\n' });
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 question(s): 1 due for review, 0 new');
    expect(r.stdout).toContain('A canary release sends a [how much?] of live traffic');
    expect(saved(h).slice(1)).toEqual([{ id: 'canary-release#c1', result: 'correct', grade: 'good', hints: 0, mode: 'review' }]);
  });
});

describe('cloze cards in list and show', () => {
  it('lists each card by its id, and a question without difficulty as unrated', () => {
    const h = home();
    const r = runCli(['--bank', CLOZE_DECK, 'list'], { home: h, env: { COLUMNS: '100' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/canary-release#c1 +easy +cloze/);
    expect(r.stdout).toMatch(/kubectl-rollback#c2 +unrated +cloze/);
    const json = JSON.parse(runCli(['--bank', CLOZE_DECK, 'list', '--json', '--type', 'cloze'], { home: h }).stdout) as { id: string; answer: string; difficulty: string; unrated?: boolean }[];
    expect(json.map((q) => [q.id, q.answer])).toEqual([
      ['canary-release#c1', 'small share'],
      ['canary-release#c2', 'error rate'],
      ['kubectl-rollback#c1', 'undo'],
      ['kubectl-rollback#c2', '{{ .Values.image.tag }}'],
    ]);
    expect(json.find((q) => q.id === 'kubectl-rollback#c1')).toMatchObject({ difficulty: 'medium', unrated: true });
  });

  it('shows one card, or every card of a question named by its own id', () => {
    const h = home();
    const one = runCli(['--bank', CLOZE_DECK, 'show', 'kubectl-rollback#c2', '--answer'], { home: h });
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('kubectl-rollback#c2  unrated · cloze · kubernetes');
    expect(one.stdout).toContain('The image is set in the chart as [{{ .Values.image.tag }}].');
    expect(one.stdout).toContain('Notes');
    const all = runCli(['--bank', CLOZE_DECK, 'show', 'canary-release'], { home: h });
    expect(all.stdout).toContain('canary-release#c1');
    expect(all.stdout).toContain('canary-release#c2');
    expect(all.stdout).not.toContain('[small share]');
    expect(all.stdout).not.toContain('[error rate]');
  });
});

describe('validate', () => {
  it('reports cloze syntax errors with line and column, and a cloze in another type as a warning', () => {
    const h = home();
    const dir = path.join(h, 'deck');
    fs.mkdirSync(dir);
    const front = (id: string, type: string) => ['---', `id: ${id}`, `type: ${type}`, 'topics: [a]', '---'];
    fs.writeFileSync(path.join(dir, 'broken.md'), [...front('broken', 'cloze'), 'One {{c1::fine}} line.', 'Then {{c0::zero}} and {{cx::x}}', 'and {{c2::never closed', ''].join('\n'));
    fs.writeFileSync(path.join(dir, 'none.md'), [...front('none', 'cloze'), 'No cloze here.', ''].join('\n'));
    fs.writeFileSync(path.join(dir, 'open.md'), [...front('open', 'open'), 'What is {{c1::this}}?', '', '## Answer', 'That.', ''].join('\n'));
    const r = runCli(['validate', dir], { home: h });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => l.replace(/^.*?(\w+\.md)/, '$1'));
    expect(lines).toEqual([
      "broken.md:7:6: error: cloze number c0 is out of range: numbers go from c1 to c999",
      "broken.md:7:23: error: 'cx' is not a cloze number: write c1, c2, … as in {{c1::answer}}",
      "broken.md:8:5: error: cloze is never closed: end it with '}}'",
      'none.md:6:1: error: a cloze question needs at least one cloze in its prompt, as in {{c1::answer}} or {{c1::answer::hint}}',
      'open.md:6:9: warning: cloze syntax in the prompt of an open question is shown as written: use type: cloze to make cards of it',
    ]);
    const ok = runCli(['validate', CLOZE_DECK], { home: h });
    expect(ok.code).toBe(0);
    // Question files are counted, not cards.
    expect(ok.stderr).toContain('3 file(s) checked, 3 question(s) valid: 0 error(s), 0 warning(s)');
  });
});

describe('export, then import, of cloze questions', () => {
  it('writes Anki cloze notes and reads them back as the same questions and cards', () => {
    const h = home();
    const apkg = path.join(h, 'cloze.apkg');
    const ex = runCli(['--bank', CLOZE_DECK, 'export', '--anki', apkg], { home: h });
    expect(ex.code).toBe(0);
    expect(ex.stdout).toMatch(/wrote 3 note\(s\), 5 card\(s\)/);
    const deck = path.join(h, 'back');
    const im = runCli(['import', apkg, '--to', deck], { home: h });
    expect(im.code).toBe(0);
    expect(im.stdout).toMatch(/imported 3 question\(s\) \(2 cloze\)/);
    expect(runCli(['validate', deck], { home: h }).code).toBe(0);
    const list = (bank: string) =>
      (JSON.parse(runCli(['--bank', bank, 'list', '--json'], { home: h }).stdout) as Record<string, unknown>[]).map((q) => {
        const { file: _file, cloze, prompt, answerNotes, explanation, ...rest } = q as Record<string, unknown> & { cloze?: { text: string } };
        const words = (s: unknown) => String(s).replace(/\s+/g, ' ').trim();
        return { ...rest, prompt: words(prompt), answerNotes: words(answerNotes), explanation: words(explanation), text: cloze ? words(cloze.text) : null };
      });
    expect(list(deck)).toEqual(list(CLOZE_DECK));
  });
});

describe('export --anki --with-progress of cloze cards', () => {
  it('writes a cloze note whose card n carries the schedule and reviews of id#cn', async () => {
    const h = home();
    const log = path.join(h, '.mlops-drill', 'progress.jsonl');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const day = 86_400_000;
    const start = Date.now() - 10 * day;
    const answer = (i: number, id: string, grade: string, at: number) =>
      JSON.stringify({ v: 1, kind: 'answer', rid: `r${i}`, at: new Date(at).toISOString(), session: 's', bank: CLOZE_DECK, id, result: 'correct', grade, hints: 0, revealed: false, nearMiss: false, seconds: 4, mode: 'drill' });
    fs.writeFileSync(log, [answer(1, 'canary-release#c2', 'good', start), answer(2, 'canary-release#c2', 'good', start + 3 * day)].join('\n') + '\n');
    const file = path.join(h, 'c.apkg');
    const r = runCli(['--bank', CLOZE_DECK, 'export', '--anki', file, '--with-progress', '--type', 'cloze'], { home: h });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/wrote 2 note\(s\), 4 card\(s\), 2 review\(s\) of 1 question\(s\)/);
    const apkg = await openApkg(file);
    const notes = all<{ id: number; guid: string; mid: number; flds: string }>(apkg.db, 'SELECT id, guid, mid, flds FROM notes ORDER BY guid');
    expect(notes.map((n) => n.guid)).toEqual(['mlops-drill:canary-release', 'mlops-drill:kubectl-rollback']);
    const models = JSON.parse(all<{ models: string }>(apkg.db, 'SELECT models FROM col')[0]!.models) as Record<string, { type: number; name: string }>;
    expect(models[String(notes[0]!.mid)]).toMatchObject({ type: 1, name: 'mlops-drill cloze' });
    const [text, backExtra] = notes[0]!.flds.split('\u001f');
    expect(text).toContain('{{c1::small share::how much?}}');
    expect(backExtra).toBe('');
    // The question's own title opens the Text field; the other note has none of its own.
    expect(notes[1]!.flds.split('\u001f')[0]).toMatch(/^<div class="title">Rolling back a Kubernetes deployment<\/div>/);
    const cards = all<{ id: number; ord: number; type: number; reps: number }>(apkg.db, `SELECT id, ord, type, reps FROM cards WHERE nid = ${notes[0]!.id} ORDER BY ord`);
    expect(cards.map((c) => [c.ord, c.type, c.reps])).toEqual([
      [0, 0, 0],
      [1, 2, 2],
    ]);
    const revlog = all<{ cid: number }>(apkg.db, 'SELECT cid FROM revlog');
    expect(revlog.map((x) => x.cid)).toEqual([cards[1]!.id, cards[1]!.id]);
    apkg.db.close();
  });
});
