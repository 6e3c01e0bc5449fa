import path from 'node:path';
import type { Database } from 'sql.js';
import { UserError } from '../errors.js';
import { FIELD_SEPARATOR } from './anki-schema.js';
import type { SourceNote } from './import-model.js';
import { checkMediaName, MAX_ZIP_BYTES, readLimited, type SourceDeck } from './import-source.js';
import { loadSqlite } from './sqlite.js';
import { readZip } from './zip.js';

/**
 * An Anki package (.apkg, one deck; .colpkg, a whole collection): a zip of an SQLite
 * collection, a `media` list (JSON: zip entry name → file name) and the media files.
 */
const NEWER_FORMAT =
  'is in the newer Anki package format (collection.anki21b, zstd-compressed), which mlops-drill cannot read yet: in Anki, export again with "Support older Anki versions (slower/larger files)" ticked';

export async function readApkg(file: string): Promise<SourceDeck> {
  const label = path.basename(file);
  const bytes = readLimited(file, MAX_ZIP_BYTES);
  // Media entries are named by number; only those the `media` list names are read.
  const entries = readZip(bytes, label, (name) => /^collection\.anki(2|21|21b)$/.test(name) || name === 'media' || /^\d+$/.test(name));
  const collection = entries.get('collection.anki21') ?? (entries.has('collection.anki21b') ? null : entries.get('collection.anki2'));
  if (!collection) {
    if (entries.has('collection.anki21b')) throw new UserError(`${label} ${NEWER_FORMAT}`);
    throw new UserError(`${label} holds no Anki collection (collection.anki2 or collection.anki21)`);
  }
  const media = new Map<string, () => Uint8Array | null>();
  const mediaList = entries.get('media');
  if (mediaList && mediaList.length > 0) {
    let map: Record<string, unknown>;
    try {
      map = JSON.parse(new TextDecoder().decode(mediaList)) as Record<string, unknown>;
    } catch {
      throw new UserError(`${label}: its media list is ${mediaList[0] === 0x28 || mediaList[0] === 0x0a ? 'in the newer format' : 'not JSON'}; ${NEWER_FORMAT.replace(/^is in/, 'the package is in')}`);
    }
    for (const [entry, name] of Object.entries(map ?? {})) {
      if (typeof name !== 'string') continue;
      checkMediaName(name, label);
      media.set(name, () => entries.get(entry) ?? null);
    }
  }

  const SQL = await loadSqlite();
  let db: Database;
  try {
    db = new SQL.Database(collection);
    db.exec('SELECT count(*) FROM notes');
  } catch (error) {
    throw new UserError(`${label}: its collection cannot be read as SQLite (${(error as Error).message})`);
  }
  try {
    return { format: file.toLowerCase().endsWith('.colpkg') ? 'Anki collection package' : 'Anki package', name: deckName(db) ?? label.replace(/\.[^.]+$/, ''), notes: readNotes(db, label), media, skipped: [], notices: notices(db) };
  } finally {
    db.close();
  }
}

interface NoteType {
  name: string;
  fields: string[];
  cloze: boolean;
}

function rows(db: Database, sql: string): unknown[][] {
  return db.exec(sql)[0]?.values ?? [];
}

function hasTable(db: Database, name: string): boolean {
  return rows(db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${name}'`).length > 0;
}

/** Note types: JSON in col.models (schema 11), or tables of their own (schema 15 and later). */
function noteTypes(db: Database, label: string): Map<number, NoteType> {
  const types = new Map<number, NoteType>();
  if (hasTable(db, 'notetypes') && hasTable(db, 'fields')) {
    for (const [id, name] of rows(db, 'SELECT id, name FROM notetypes')) {
      const fields = rows(db, `SELECT name FROM fields WHERE ntid = ${Number(id)} ORDER BY ord`).map((r) => String(r[0]));
      // The kind (standard or cloze) is in a protobuf blob; a cloze note type's template says {{cloze:…}}.
      const templates = hasTable(db, 'templates') ? rows(db, `SELECT config FROM templates WHERE ntid = ${Number(id)}`) : [];
      const cloze = templates.some((r) => Buffer.from(r[0] as Uint8Array).toString('utf8').includes('{{cloze:'));
      types.set(Number(id), { name: String(name), fields, cloze });
    }
    return types;
  }
  const json = rows(db, 'SELECT models FROM col')[0]?.[0];
  let models: Record<string, { name?: unknown; flds?: { name?: unknown; ord?: unknown }[]; type?: unknown }>;
  try {
    models = JSON.parse(String(json ?? '{}')) as typeof models;
  } catch {
    throw new UserError(`${label}: its note types cannot be read`);
  }
  for (const [id, m] of Object.entries(models)) {
    const fields = (m.flds ?? []).slice().sort((a, b) => Number(a.ord ?? 0) - Number(b.ord ?? 0)).map((f) => String(f.name ?? ''));
    types.set(Number(id), { name: String(m.name ?? 'note'), fields, cloze: m.type === 1 });
  }
  return types;
}

function readNotes(db: Database, label: string): SourceNote[] {
  const types = noteTypes(db, label);
  return rows(db, 'SELECT id, guid, mid, tags, flds FROM notes ORDER BY id').map(([id, guid, mid, tags, flds]) => {
    const type = types.get(Number(mid));
    const fields = String(flds ?? '').split(FIELD_SEPARATOR);
    return {
      key: String(guid ?? '') || String(id),
      keyKind: 'guid' as const,
      noteType: type?.name ?? 'note',
      fieldNames: type?.fields ?? fields.map((_, i) => `Field ${i + 1}`),
      fields,
      tags: String(tags ?? '').split(/\s+/).filter((t) => t !== ''),
      cloze: type?.cloze ?? false,
      html: true,
    };
  });
}

/** The name of the deck most cards are in (legacy JSON in col.decks, or the decks table). */
function deckName(db: Database): string | null {
  const did = Number(rows(db, 'SELECT did FROM cards GROUP BY did ORDER BY count(*) DESC LIMIT 1')[0]?.[0] ?? NaN);
  if (!Number.isFinite(did)) return null;
  if (hasTable(db, 'decks')) return String(rows(db, `SELECT name FROM decks WHERE id = ${did}`)[0]?.[0] ?? '').replace(/\u001f/g, '::') || null;
  try {
    const decks = JSON.parse(String(rows(db, 'SELECT decks FROM col')[0]?.[0] ?? '{}')) as Record<string, { name?: unknown }>;
    const name = decks[String(did)]?.name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

function notices(db: Database): string[] {
  const reviews = Number(rows(db, 'SELECT count(*) FROM revlog')[0]?.[0] ?? 0);
  return reviews > 0 ? [`The package holds ${reviews} review(s) of Anki's own schedule; they are not imported (the drill keeps its own).`] : [];
}
