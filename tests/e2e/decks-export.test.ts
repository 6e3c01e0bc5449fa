import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';
import { all, openApkg } from './anki-fixtures.js';
import { MINI_BANK, expectNoStackTrace, home } from './support.js';

interface NoteRow {
  id: number;
  guid: string;
  mid: number;
  tags: string;
  flds: string;
  sfld: string;
  csum: number;
}
interface CardRow {
  id: number;
  nid: number;
  did: number;
  ord: number;
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  data: string;
}

const FIELDS = ['Prompt', 'Code', 'Options', 'Hints', 'Answer', 'Explanation', 'Source'];

function fieldsOf(note: NoteRow): Record<string, string> {
  const values = note.flds.split('\u001f');
  return Object.fromEntries(FIELDS.map((f, i) => [f, values[i] ?? '']));
}

describe('export --anki', () => {
  it('writes notes, cards, one note type and the deck in Anki’s collection schema', async () => {
    const h = home();
    const file = path.join(h, 'mini.apkg');
    const r = runCli(['--bank', MINI_BANK, 'export', '--anki', file, '--deck', 'Mini deck'], { home: h });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 3 note\(s\), 3 card\(s\)/);

    const apkg = await openApkg(file);
    expect(apkg.files).toEqual(['collection.anki2', 'media']);
    const tables = all<{ name: string }>(apkg.db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((t) => t.name);
    expect(tables).toEqual(['cards', 'col', 'graves', 'notes', 'revlog']);
    const col = all<{ ver: number; models: string; decks: string }>(apkg.db, 'SELECT ver, models, decks FROM col')[0]!;
    expect(col.ver).toBe(11);
    const models = Object.values(JSON.parse(col.models) as Record<string, { id: number; name: string; type: number; flds: { name: string }[]; tmpls: { qfmt: string; afmt: string }[] }>);
    expect(models.map((m) => m.name)).toEqual(['mlops-drill']);
    expect(models[0]!.flds.map((f) => f.name)).toEqual(FIELDS);
    expect(models[0]!.tmpls[0]!.qfmt).toContain('{{Prompt}}');
    expect(models[0]!.tmpls[0]!.afmt).toContain('{{Answer}}');
    const decks = Object.values(JSON.parse(col.decks) as Record<string, { id: number; name: string }>);
    const deck = decks.find((d) => d.name === 'Mini deck');
    expect(deck).toBeDefined();

    const notes = all<NoteRow>(apkg.db, 'SELECT * FROM notes ORDER BY guid');
    expect(notes.map((n) => n.guid)).toEqual(['mlops-drill:mini-choice', 'mlops-drill:mini-open', 'mlops-drill:mini-output']);
    expect(new Set(notes.map((n) => n.mid))).toEqual(new Set([models[0]!.id]));
    const [choice, open, output] = notes.map(fieldsOf) as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(choice.Options).toBe('<ol class="options"><li>80</li><li class="correct">8080</li><li>443</li></ol>');
    expect(choice.Hints).toContain('The health check talks to the same service.');
    expect(open.Answer).toContain('MINI-OPEN-MODEL-ANSWER');
    expect(output.Code).toMatch(/^<pre><code class="language-python">version = &quot;v2&quot;\nprint\(&quot;Model&quot;, version\)/);
    // The question's own title opens the prompt, as in the drill; the code has its own field.
    expect(output.Prompt).toBe('<div class="title">Printing the model version</div><p>What does this print?</p>');
    expect(output.Answer).toContain('<pre><code class="language-text">Model v2\nready</code></pre>');
    expect(notes[0]!.tags.trim().split(' ').sort()).toEqual(['difficulty::easy', 'serving']);
    expect(notes[0]!.sfld).toMatch(/^Which port does the health check use The service listens on port 8080/);

    const cards = all<CardRow>(apkg.db, 'SELECT * FROM cards');
    expect(cards).toHaveLength(3);
    expect(new Set(cards.map((c) => c.did))).toEqual(new Set([deck!.id]));
    expect(new Set(cards.map((c) => c.nid))).toEqual(new Set(notes.map((n) => n.id)));
    expect(cards.every((c) => c.type === 0 && c.queue === 0)).toBe(true);
    expect(all(apkg.db, 'SELECT * FROM revlog')).toEqual([]);
    apkg.db.close();
  });

  it('gives the same guids and ids when run again, so Anki updates its notes', async () => {
    const h = home();
    const ids = async (name: string) => {
      const file = path.join(h, name);
      expect(runCli(['--bank', MINI_BANK, 'export', '--anki', file], { home: h }).code).toBe(0);
      const apkg = await openApkg(file);
      const rows = all(apkg.db, 'SELECT n.id, n.guid, c.id AS cid FROM notes n JOIN cards c ON c.nid = n.id ORDER BY n.guid');
      apkg.db.close();
      return rows;
    };
    expect(await ids('a.apkg')).toEqual(await ids('b.apkg'));
  });

  it('applies the filters and refuses to overwrite a file that is not a package', async () => {
    const h = home();
    const file = path.join(h, 'easy.apkg');
    expect(runCli(['--bank', MINI_BANK, 'export', '--anki', file, '-d', 'easy'], { home: h }).code).toBe(0);
    const apkg = await openApkg(file);
    expect(all(apkg.db, 'SELECT guid FROM notes')).toEqual([{ guid: 'mlops-drill:mini-choice' }]);
    apkg.db.close();

    const notes = path.join(h, 'notes.apkg');
    fs.writeFileSync(notes, 'my notes');
    const r = runCli(['--bank', MINI_BANK, 'export', '--anki', notes], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/exists and is not an Anki package/);
    expect(fs.readFileSync(notes, 'utf8')).toBe('my notes');
    expectNoStackTrace(r);
  });

  it('--with-progress writes the review history and the schedule of each card', async () => {
    const h = home();
    const log = path.join(h, '.mlops-drill', 'progress.jsonl');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const day = 86_400_000;
    const start = Date.now() - 20 * day;
    const answer = (i: number, id: string, grade: string | null, at: number, mode = 'drill') =>
      JSON.stringify({ v: 1, kind: 'answer', rid: `r${i}`, at: new Date(at).toISOString(), session: 's', bank: MINI_BANK, id, result: grade === 'again' ? 'incorrect' : grade === null ? 'skipped' : 'correct', grade, hints: 0, revealed: false, nearMiss: false, seconds: 12.5, mode });
    fs.writeFileSync(
      log,
      [
        answer(1, 'mini-choice', 'good', start),
        answer(2, 'mini-choice', 'good', start + 3 * day),
        answer(3, 'mini-choice', 'easy', start + 10 * day),
        answer(4, 'mini-open', 'again', start + 11 * day),
        answer(5, 'mini-output', null, start + 12 * day),
      ].join('\n') + '\n',
    );
    const file = path.join(h, 'p.apkg');
    const r = runCli(['--bank', MINI_BANK, 'export', '--anki', file, '--with-progress'], { home: h });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4 review\(s\) of 2 question\(s\)/);
    const apkg = await openApkg(file);
    const byGuid = (guid: string) => all<CardRow>(apkg.db, `SELECT c.* FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = 'mlops-drill:${guid}'`)[0]!;
    const choice = byGuid('mini-choice');
    expect(choice).toMatchObject({ type: 2, queue: 2, reps: 3, lapses: 0 });
    expect(choice.ivl).toBeGreaterThan(1);
    const crt = all<{ crt: number }>(apkg.db, 'SELECT crt FROM col')[0]!.crt;
    // Due on the day FSRS says: the last review plus the interval, counted from the collection's creation.
    expect(choice.due).toBe(Math.floor((start + 10 * day + choice.ivl * day - crt * 1000) / day));
    expect(JSON.parse(choice.data)).toMatchObject({ s: expect.any(Number), d: expect.any(Number) });
    const open = byGuid('mini-open');
    expect(open).toMatchObject({ type: 1, queue: 1, reps: 1 });
    expect(byGuid('mini-output')).toMatchObject({ type: 0, queue: 0, reps: 0 });

    const revlog = all<{ id: number; cid: number; ease: number; ivl: number; type: number; time: number }>(apkg.db, 'SELECT * FROM revlog ORDER BY id');
    expect(revlog.map((x) => x.ease)).toEqual([3, 3, 4, 1]);
    expect(revlog.map((x) => x.id)).toEqual([start, start + 3 * day, start + 10 * day, start + 11 * day]);
    expect(revlog.slice(0, 3).every((x) => x.cid === choice.id)).toBe(true);
    expect(revlog[3]!.cid).toBe(open.id);
    expect(revlog[0]!.type).toBe(0);
    expect(revlog[2]!.type).toBe(1);
    expect(revlog[0]!.time).toBe(12_500);
    apkg.db.close();
  });

  it('packs the images a question shows from inside the bank, and those only', async () => {
    const h = home();
    const bank = path.join(h, 'bank');
    fs.mkdirSync(path.join(bank, 'img'), { recursive: true });
    fs.writeFileSync(path.join(bank, 'img', 'roc curve.png'), 'PNG-DATA');
    fs.writeFileSync(path.join(h, 'outside.png'), 'SECRET');
    fs.writeFileSync(
      path.join(bank, 'roc.md'),
      '---\nid: roc-shape\ntitle: ROC shape\ndifficulty: easy\ntype: open\ntopics: [metrics]\n---\nWhat does this curve show?\n\n![the curve](<img/roc curve.png>) ![x](../outside.png)\n\n## Hint\nAxes.\n\n## Answer\nTPR against FPR.\n',
    );
    const file = path.join(h, 'img.apkg');
    const r = runCli(['--bank', bank, 'export', '--anki', file], { home: h });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 media file\(s\)/);
    expect(r.stderr).toMatch(/1 image link\(s\) point to no file inside the bank.*\.\.\/outside\.png/);
    const apkg = await openApkg(file);
    expect(apkg.media).toEqual({ '0': 'roc curve.png' });
    expect(apkg.files).toEqual(['0', 'collection.anki2', 'media']);
    const prompt = fieldsOf(all<NoteRow>(apkg.db, 'SELECT * FROM notes')[0]!).Prompt;
    expect(prompt).toContain('<img src="roc curve.png" alt="the curve">');
    expect(prompt).toContain('<img src="../outside.png" alt="x">');
    apkg.db.close();

    const back = path.join(h, 'back');
    expect(runCli(['import', file, '--to', back], { home: h }).code).toBe(0);
    expect(fs.readFileSync(path.join(back, 'roc curve.png'), 'utf8')).toBe('PNG-DATA');
    expect(fs.readFileSync(path.join(back, 'roc-shape.md'), 'utf8')).toContain('![the curve](<roc curve.png>)');
  });

  it('says what is missing, in one line', () => {
    const h = home();
    const r = runCli(['--bank', MINI_BANK, 'export'], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--anki <file.apkg>/);
    expectNoStackTrace(r);
    expect(fs.readdirSync(h)).toEqual([]);
  });
});

describe('start-up', () => {
  /** Every file the entry loads before any dynamic import: what `--version`, `list` and the drill pay for. */
  function staticallyLoaded(entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^|[;\n])\s*import\s*(?:[^'"();]*?from\s*)?["'](\.[^"']+)["']/g)) visit(path.resolve(path.dirname(file), m[1]!));
    };
    visit(entry);
    return [...seen];
  }

  it('loads sql.js, fflate and the HTML converter only in import and export', () => {
    const dist = path.join(ROOT, 'dist');
    const chunks = fs.readdirSync(path.join(dist, 'chunks'));
    const entries = [path.join(dist, 'main.js'), ...chunks.filter((c) => /^(cli|list|drill|show|stats|validate)-/.test(c)).map((c) => path.join(dist, 'chunks', c))];
    expect(entries.length).toBeGreaterThanOrEqual(6);
    const loaded = new Set(entries.flatMap(staticallyLoaded));
    const markers = [/sql-wasm\.wasm/, /UnzipInflate/, /TurndownService/];
    for (const file of loaded) for (const marker of markers) expect(`${path.basename(file)}: ${marker.test(fs.readFileSync(file, 'utf8'))}`).toBe(`${path.basename(file)}: false`);
    // …and they are in the bundle, for the commands that use them.
    const everything = chunks.map((c) => fs.readFileSync(path.join(dist, 'chunks', c), 'utf8')).join('\n');
    for (const marker of markers) expect(everything).toMatch(marker);
    expect(fs.existsSync(path.join(dist, 'sql-wasm.wasm'))).toBe(true);
  });
});
