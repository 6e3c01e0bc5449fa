import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { buildApkg, sqlite, zip } from './anki-fixtures.js';
import { MINI_BANK, expectNoStackTrace, home } from './support.js';

interface Listed {
  id: string;
  title: string;
  type: string;
  prompt: string;
  answer: string;
  hints: string[];
  explanation: string;
  choices: { text: string; correct: boolean }[] | null;
  topics: string[];
  difficulty: string;
  code: { language: string; text: string } | null;
}

interface ValidateReport {
  problems: { file: string; severity: string; message: string }[];
}

/** Errors (not warnings: a question without a hint is one) of `validate` on an imported deck. */
function validationErrors(dir: string, h: string): string[] {
  const r = runCli(['validate', '--format', 'json', dir], { home: h });
  const report = JSON.parse(r.stdout) as ValidateReport;
  return report.problems.filter((p) => p.severity === 'error').map((p) => `${path.basename(p.file)}: ${p.message}`);
}

function list(h: string, bank: string): Listed[] {
  const r = runCli(['--bank', bank, 'list', '--json'], { home: h });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Listed[];
}

const words = (s: string) => s.replace(/\s+/g, ' ').trim();

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

describe('export, then import', () => {
  it('gives back the same questions: prompts, answers, options, hints, explanations', () => {
    const h = home();
    const apkg = path.join(h, 'mini.apkg');
    expect(runCli(['--bank', MINI_BANK, 'export', '--anki', apkg], { home: h }).code).toBe(0);
    const deck = path.join(h, 'back');
    const r = runCli(['import', apkg, '--to', deck], { home: h });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 3 question\(s\)/);
    expect(validationErrors(deck, h)).toEqual([]);
    const before = list(h, MINI_BANK);
    const after = new Map(list(h, deck).map((q) => [q.id, q]));
    expect([...after.keys()].sort()).toEqual(before.map((q) => q.id).sort());
    for (const q of before) {
      const back = after.get(q.id)!;
      expect(back.type).toBe(q.type);
      expect(back.title).toBe(q.title);
      expect(words(back.prompt)).toBe(words(q.prompt));
      expect(words(back.answer)).toBe(words(q.answer));
      expect(back.hints.map(words)).toEqual(q.hints.map(words));
      expect(words(back.explanation)).toBe(words(q.explanation));
      expect(back.choices).toEqual(q.choices);
      expect(back.code).toEqual(q.code);
      expect(back.topics).toEqual(q.topics);
      expect(back.difficulty).toBe(q.difficulty);
    }
    // Importing again updates the same files: nothing is added.
    const files = filesUnder(deck);
    expect(runCli(['import', apkg, '--to', deck], { home: h }).code).toBe(0);
    expect(filesUnder(deck)).toEqual(files);
  });
});

describe('import', () => {
  it('reads a CrowdAnki deck folder: HTML to Markdown, tags to topics, media copied', () => {
    const h = home();
    const src = path.join(h, 'ML_Deck');
    fs.mkdirSync(path.join(src, 'media'), { recursive: true });
    fs.writeFileSync(path.join(src, 'media', 'roc curve.png'), 'PNG-BYTES');
    const deck = {
      __type__: 'Deck',
      name: 'ML Deck',
      media_files: ['roc curve.png'],
      note_models: [
        { __type__: 'NoteModel', crowdanki_uuid: 'm-basic', name: 'Basic', type: 0, flds: [{ name: 'Front', ord: 0 }, { name: 'Back', ord: 1 }, { name: 'Source', ord: 2 }] },
      ],
      notes: [
        { __type__: 'Note', guid: 'Ab1#xY', note_model_uuid: 'm-basic', tags: ['ML::Metrics', 'leech'], fields: ['What does the <b>ROC</b> curve plot?', 'TPR against FPR.<br>Area: AUC.<img src="roc curve.png">', 'https://example.org/roc'] },
      ],
      children: [
        {
          __type__: 'Deck',
          name: 'Sub',
          notes: [{ __type__: 'Note', guid: 'sub_1', note_model_uuid: 'm-basic', tags: [], fields: ['Define <i>recall</i>.', '<ul><li>TP / (TP + FN)</li><li>also: sensitivity</li></ul><h2>More</h2>\\(x^2\\)', ''] }],
        },
      ],
    };
    fs.writeFileSync(path.join(src, 'deck.json'), JSON.stringify(deck));
    const out = path.join(h, 'metrics');
    const r = runCli(['import', src, '--to', out], { home: h });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(filesUnder(out).filter((f) => !f.startsWith('anki-'))).toEqual(['_import-report.md', 'roc curve.png']);
    expect(validationErrors(out, h)).toEqual([]);
    const questions = list(h, out);
    expect(questions).toHaveLength(2);
    const roc = questions.find((q) => q.prompt.includes('ROC'))!;
    expect(roc.prompt).toBe('What does the **ROC** curve plot?');
    expect(roc.answer).toMatch(/^TPR against FPR\.\s+Area: AUC\.!\[\]\(<roc curve\.png>\)$/);
    expect(roc.topics).toEqual(['ml-metrics']);
    expect(roc.type).toBe('open');
    const recall = questions.find((q) => q.prompt.includes('recall'))!;
    expect(recall.answer).toContain('- TP / (TP + FN)');
    expect(recall.answer).toContain('### More');
    expect(recall.answer).toContain('$x^2$');
    expect(recall.topics).toEqual(['metrics']);
    expect(fs.readFileSync(path.join(out, '_import-report.md'), 'utf8')).toMatch(/2 question file\(s\) written: 2 open/);
  });

  it('reads an Anki plain-text export with its header lines', () => {
    const h = home();
    const file = path.join(h, 'notes.txt');
    fs.writeFileSync(
      file,
      [
        '#separator:tab',
        '#html:true',
        '#guid column:1',
        '#notetype column:2',
        '#tags column:5',
        'g1\tBasic\tWhat is <b>drift</b>?\tThe input distribution changes.\tmonitoring',
        'g2\tBasic\t"A field with a ""quote""\nand a line break"\tYes.\tmonitoring basics',
        'g3\tCloze\tThe {{c1::p99}} latency is the {{c2::99th percentile}}.\tFrom SRE.\tlatency',
        '',
      ].join('\n'),
    );
    const out = path.join(h, 'ops');
    const r = runCli(['import', file, '--to', out], { home: h });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 3 question\(s\) \(1 cloze\)/);
    const cloze = fs.readFileSync(path.join(out, 'anki-g3.md'), 'utf8');
    expect(cloze).toMatch(/^type: cloze$/m);
    expect(cloze).toContain('The {{c1::p99}} latency is the {{c2::99th percentile}}.');
    fs.renameSync(path.join(out, 'anki-g3.md'), path.join(h, 'cloze.md'));
    expect(validationErrors(out, h)).toEqual([]);
    const questions = list(h, out);
    expect(questions.map((q) => q.id).sort()).toEqual(['anki-g1', 'anki-g2']);
    // In an HTML field a line break is white space, as Anki shows it.
    expect(questions.find((q) => q.id === 'anki-g2')!.prompt).toBe('A field with a "quote" and a line break');
    expect(questions.find((q) => q.id === 'anki-g2')!.topics).toEqual(['monitoring', 'basics']);
    expect(fs.readFileSync(path.join(out, '_import-report.md'), 'utf8')).toMatch(/## Cloze notes[\s\S]*anki-g3/);
  });

  it('reads an .apkg: basic and cloze notes, media, the collection.anki21 over the legacy file', async () => {
    const h = home();
    const file = path.join(h, 'deck.apkg');
    fs.writeFileSync(
      file,
      await buildApkg(
        [
          { guid: 'n1', model: 'basic', fields: ['Why version models?', 'To roll back.<img src="diagram.png">'], tags: ['versioning'] },
          { guid: 'n2', model: 'basic', fields: ['Name a canary metric', 'Error rate &amp; latency'], tags: [] },
          { guid: 'n3', model: 'cloze', fields: ['A {{c1::shadow}} deployment gets a copy of traffic', ''], tags: ['deploy'] },
          { guid: 'n4', model: 'basic', fields: ['No answer here', ''], tags: [] },
        ],
        { 'diagram.png': new TextEncoder().encode('IMG') },
      ),
    );
    const out = path.join(h, 'from-anki');
    const r = runCli(['import', file, '--to', out], { home: h });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'diagram.png'), 'utf8')).toBe('IMG');
    const report = fs.readFileSync(path.join(out, '_import-report.md'), 'utf8');
    expect(report).toMatch(/deck "ML Interview"/);
    expect(report).toMatch(/the back \(answer\) is empty/);
    expect(fs.readFileSync(path.join(out, 'anki-n3.md'), 'utf8')).toContain('A {{c1::shadow}} deployment');
    fs.rmSync(path.join(out, 'anki-n3.md'));
    expect(validationErrors(out, h)).toEqual([]);
    const questions = list(h, out);
    expect(questions.map((q) => q.id)).toEqual(['anki-n1', 'anki-n2']);
    expect(questions[1]!.answer).toBe('Error rate & latency');
    expect(questions[1]!.topics).toEqual(['from-anki']);
  });

  it('reads a collection whose note types and decks are tables of their own (Anki 2.1.28 and later)', async () => {
    const h = home();
    const SQL = await sqlite();
    const db = new SQL.Database();
    db.run(`CREATE TABLE col (id integer primary key, crt integer, mod integer, scm integer, ver integer, dty integer, usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);
      CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text, flds text, sfld integer, csum integer, flags integer, data text);
      CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer, type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer, left integer, odue integer, odid integer, flags integer, data text);
      CREATE TABLE revlog (id integer primary key, cid integer, usn integer, ease integer, ivl integer, lastIvl integer, factor integer, time integer, type integer);
      CREATE TABLE notetypes (id integer primary key, name text, mtime_secs integer, usn integer, config blob);
      CREATE TABLE fields (ntid integer, ord integer, name text, config blob);
      CREATE TABLE templates (ntid integer, ord integer, name text, mtime_secs integer, usn integer, config blob);
      CREATE TABLE decks (id integer primary key, name text, mtime_secs integer, usn integer, common blob, kind blob);`);
    db.run("INSERT INTO col VALUES (1, 0, 0, 0, 18, 0, 0, 0, '', '', '', '', '')");
    db.run("INSERT INTO notetypes VALUES (7, 'Cloze+', 0, 0, x'00'), (8, 'Basic (and reversed)', 0, 0, x'00')");
    db.run("INSERT INTO fields VALUES (7, 0, 'Text', x''), (7, 1, 'Back Extra', x''), (8, 0, 'Front', x''), (8, 1, 'Back', x'')");
    db.run("INSERT INTO templates VALUES (7, 0, 'Cloze', 0, 0, CAST('{{cloze:Text}}' AS BLOB)), (8, 0, 'Card 1', 0, 0, CAST('{{Front}}' AS BLOB))");
    db.run("INSERT INTO decks VALUES (5, 'Ops' || char(31) || 'Serving', 0, 0, x'', x'')");
    db.run("INSERT INTO notes VALUES (1, 'c1', 7, 0, 0, '', 'The {{c1::p50}} is the median' || char(31) || '', '', 0, 0, ''), (2, 'b1', 8, 0, 0, ' ops ', 'What is p99?' || char(31) || 'The 99th percentile.', '', 0, 0, '')");
    db.run('INSERT INTO cards VALUES (10, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \'\'), (11, 2, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \'\')');
    const file = path.join(h, 'modern.colpkg');
    fs.writeFileSync(file, zip({ 'collection.anki21': db.export(), media: new TextEncoder().encode('{}') }));
    db.close();
    const out = path.join(h, 'modern');
    const r = runCli(['import', file, '--to', out], { home: h });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(out, '_import-report.md'), 'utf8')).toMatch(/Anki collection package, deck "Ops::Serving"/);
    expect(fs.readFileSync(path.join(out, 'anki-c1.md'), 'utf8')).toMatch(/^type: cloze$/m);
    fs.rmSync(path.join(out, 'anki-c1.md'));
    expect(validationErrors(out, h)).toEqual([]);
    expect(list(h, out).map((q) => [q.id, q.type, q.answer])).toEqual([['anki-b1', 'open', 'The 99th percentile.']]);
  });

  it('refuses the newer zstd package format and names the Anki option that writes a readable one', async () => {
    const h = home();
    const file = path.join(h, 'new.apkg');
    fs.writeFileSync(file, zip({ 'collection.anki21b': new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]), 'collection.anki2': new Uint8Array(10), media: new Uint8Array([0x28, 0xb5]) }));
    const r = runCli(['import', file, '--to', path.join(h, 'out')], { home: h });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/collection\.anki21b.*Support older Anki versions/);
    expect(fs.existsSync(path.join(h, 'out'))).toBe(false);
  });

  it('reads a Markdown file of ## and ### question headings', () => {
    const h = home();
    const repo = path.join(h, 'repo');
    fs.mkdirSync(path.join(repo, 'img'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'img', 'shadow flow.png'), 'FLOW');
    fs.writeFileSync(path.join(h, 'secret.png'), 'SECRET');
    const file = path.join(repo, 'interview.md');
    fs.writeFileSync(
      file,
      [
        '# MLOps interview questions',
        '',
        '## Serving',
        '',
        '### 1. What is a canary release?',
        '',
        'Sending a small share of traffic to the new model first.',
        '',
        '```python',
        '### not a heading',
        '```',
        '',
        '### 2. What is shadow deployment?',
        '<details><summary>Answer</summary>',
        '',
        'The new model sees real traffic but its answers are not used.',
        '',
        '![flow](img/shadow%20flow.png) ![secret](../secret.png)',
        '',
        '</details>',
        '',
        '## Data',
        '',
        '### What is drift?',
        '',
        'A change in the data.',
        '',
      ].join('\n'),
    );
    const out = path.join(h, 'interview');
    const r = runCli(['import', file, '--to', out], { home: h });
    expect(r.code).toBe(0);
    expect(validationErrors(out, h)).toEqual([]);
    const questions = list(h, out);
    expect(questions.map((q) => [q.prompt, q.topics[0]])).toEqual([
      ['What is a canary release?', 'serving'],
      ['What is drift?', 'data'],
      ['What is shadow deployment?', 'serving'],
    ]);
    expect(questions[0]!.answer).toContain('### not a heading');
    expect(questions[2]!.answer).toBe('The new model sees real traffic but its answers are not used.\n\n![flow](<shadow flow.png>) ![secret](../secret.png)');
    // Images inside the file's folder are copied beside the questions; others are not read.
    expect(fs.readFileSync(path.join(out, 'shadow flow.png'), 'utf8')).toBe('FLOW');
    expect(filesUnder(out).filter((f) => f.endsWith('.png'))).toEqual(['shadow flow.png']);
  });
});

describe('import refuses hostile input with one line and writes nothing outside --to', () => {
  const refused = (h: string, file: string, pattern: RegExp) => {
    const out = path.join(h, 'deck');
    const r = runCli(['import', file, '--to', out], { home: h });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expectNoStackTrace(r);
    expect(filesUnder(out)).toEqual([]);
    return r;
  };

  it('a zip bomb', () => {
    const h = home();
    const file = path.join(h, 'bomb.apkg');
    fs.writeFileSync(file, zip({ 'collection.anki21': [new Uint8Array(64 * 1024 * 1024), { level: 1 }] }));
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    refused(h, file, /zip bomb/);
  });

  it('a media name that climbs out of the deck folder', async () => {
    const h = home();
    const inner = path.join(h, 'a', 'b');
    fs.mkdirSync(inner, { recursive: true });
    const file = path.join(inner, 'evil.apkg');
    fs.writeFileSync(file, await buildApkg([{ guid: 'e1', model: 'basic', fields: ['Q <img src="../../x">', 'A'], tags: [] }], { x: new Uint8Array([1]) }, { mediaNames: { '0': '../../x' } }));
    const before = filesUnder(h);
    refused(h, file, /media file "\.\.\/\.\.\/x".*outside the deck folder/);
    expect(filesUnder(h)).toEqual(before);
  });

  it('a CrowdAnki deck naming a media file outside its folder', () => {
    const h = home();
    const src = path.join(h, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(
      path.join(src, 'deck.json'),
      JSON.stringify({ __type__: 'Deck', name: 'x', media_files: ['../../etc/passwd'], note_models: [], notes: [{ guid: 'g', fields: ['Q', 'A <img src="../../etc/passwd">'], tags: [] }] }),
    );
    refused(h, src, /media file "\.\.\/\.\.\/etc\/passwd".*outside the deck folder/);
  });

  it('a file that is not a zip, and a text file too large to be a deck', () => {
    const h = home();
    const fake = path.join(h, 'fake.apkg');
    fs.writeFileSync(fake, 'just text');
    refused(h, fake, /not a zip file/);
    const huge = path.join(h, 'huge.txt');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 80 * 1024 * 1024);
    refused(h, huge, /larger than 64 MiB/);
  });
});
