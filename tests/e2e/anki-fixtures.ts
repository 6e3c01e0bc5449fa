/**
 * Anki packages built in the tests with sql.js and fflate (no binary fixture committed),
 * and a reader for the packages `export` writes.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs, { type Database } from 'sql.js';
import { unzipSync, zipSync } from 'fflate';

const require = createRequire(import.meta.url);

export async function sqlite() {
  return initSqlJs({ wasmBinary: fs.readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm')).buffer as ArrayBuffer });
}

export interface ApkgContents {
  files: string[];
  db: Database;
  media: Record<string, string>;
}

export async function openApkg(file: string): Promise<ApkgContents> {
  const entries = unzipSync(fs.readFileSync(file));
  const SQL = await sqlite();
  const collection = entries['collection.anki21'] ?? entries['collection.anki2'];
  if (!collection) throw new Error('no collection in package');
  return {
    files: Object.keys(entries).sort(),
    db: new SQL.Database(collection),
    media: JSON.parse(new TextDecoder().decode(entries.media ?? new Uint8Array())) as Record<string, string>,
  };
}

export function all<T = Record<string, unknown>>(db: Database, sql: string): T[] {
  const r = db.exec(sql)[0];
  if (!r) return [];
  return r.values.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])) as T);
}

const SCHEMA = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);`;

export interface FixtureNote {
  guid: string;
  model: 'basic' | 'cloze';
  fields: string[];
  tags: string[];
}

/** A package as Anki 2.1 writes one with "Support older Anki versions": schema 11 in collection.anki21. */
export async function buildApkg(notes: FixtureNote[], media: Record<string, Uint8Array> = {}, opts: { mediaNames?: Record<string, string>; entryName?: string } = {}): Promise<Uint8Array> {
  const SQL = await sqlite();
  const db = new SQL.Database();
  db.run(SCHEMA);
  const models = {
    '1001': { id: 1001, name: 'Basic', type: 0, flds: [{ name: 'Front', ord: 0 }, { name: 'Back', ord: 1 }], tmpls: [] },
    '1002': { id: 1002, name: 'Cloze', type: 1, flds: [{ name: 'Text', ord: 0 }, { name: 'Back Extra', ord: 1 }], tmpls: [] },
  };
  const decks = { '1': { id: 1, name: 'Default' }, '2001': { id: 2001, name: 'ML Interview' } };
  db.run('INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, ?, ?, ?, ?, ?)', ['{}', JSON.stringify(models), JSON.stringify(decks), '{}', '{}']);
  notes.forEach((n, i) => {
    db.run('INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, \'\')', [1_600_000_000_000 + i, n.guid, n.model === 'basic' ? 1001 : 1002, ` ${n.tags.join(' ')} `, n.fields.join('\u001f'), n.fields[0] ?? '']);
    db.run('INSERT INTO cards VALUES (?, ?, 2001, 0, 0, 0, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, \'\')', [1_700_000_000_000 + i, 1_600_000_000_000 + i, i]);
  });
  const entries: Record<string, Uint8Array> = { [opts.entryName ?? 'collection.anki21']: db.export() };
  db.close();
  const names: Record<string, string> = opts.mediaNames ?? {};
  Object.keys(media).forEach((name, i) => {
    names[String(i)] ??= name;
    entries[String(i)] = media[name]!;
  });
  entries.media = new TextEncoder().encode(JSON.stringify(names));
  return zipSync(entries);
}

export const zip = zipSync;
