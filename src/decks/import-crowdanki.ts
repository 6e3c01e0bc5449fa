import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Skipped, SourceNote } from './import-model.js';
import { checkMediaName, readLimitedText, type SourceDeck } from './import-source.js';

/**
 * CrowdAnki's export: a folder holding `<deck>.json` (decks, note models and notes, HTML
 * fields) and a `media/` folder. Subdecks are read too; their notes join the one deck.
 */
interface CrowdDeck {
  name?: unknown;
  notes?: unknown;
  children?: unknown;
  note_models?: unknown;
  media_files?: unknown;
}
interface CrowdModel {
  crowdanki_uuid?: unknown;
  name?: unknown;
  flds?: unknown;
  type?: unknown;
}

export function crowdAnkiJsonIn(dir: string): string {
  const candidates = fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort((a, b) => (a === 'deck.json' ? -1 : b === 'deck.json' ? 1 : a.localeCompare(b)));
  for (const f of candidates) {
    const file = path.join(dir, f);
    if (fs.statSync(file).isFile() && fs.readFileSync(file, 'utf8').slice(0, 4096).includes('"__type__"')) return file;
  }
  throw new UserError(`${dir} holds no CrowdAnki deck (a .json file with "__type__": "Deck")`);
}

export function readCrowdAnki(file: string): SourceDeck {
  let root: CrowdDeck;
  try {
    root = JSON.parse(readLimitedText(file)) as CrowdDeck;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (root === null || typeof root !== 'object' || !Array.isArray(root.notes ?? []) || (root as { __type__?: unknown }).__type__ !== 'Deck') {
    throw new UserError(`${file} is not a CrowdAnki deck (expected "__type__": "Deck" at the top)`);
  }
  const models = new Map<string, { name: string; fields: string[]; cloze: boolean }>();
  const notes: SourceNote[] = [];
  const skipped: Skipped[] = [];
  const mediaNames = new Set<string>();
  const visit = (deck: CrowdDeck, depth: number) => {
    if (depth > 50) return;
    for (const m of Array.isArray(deck.note_models) ? (deck.note_models as CrowdModel[]) : []) {
      if (typeof m?.crowdanki_uuid !== 'string') continue;
      const fields = Array.isArray(m.flds)
        ? (m.flds as { name?: unknown; ord?: unknown }[])
            .slice()
            .sort((a, b) => Number(a.ord ?? 0) - Number(b.ord ?? 0))
            .map((f) => String(f.name ?? ''))
        : [];
      models.set(m.crowdanki_uuid, { name: String(m.name ?? 'note'), fields, cloze: m.type === 1 });
    }
    for (const name of Array.isArray(deck.media_files) ? deck.media_files : []) if (typeof name === 'string') mediaNames.add(name);
    for (const child of Array.isArray(deck.children) ? (deck.children as CrowdDeck[]) : []) if (child && typeof child === 'object') visit(child, depth + 1);
  };
  visit(root, 0);
  const collect = (deck: CrowdDeck, depth: number) => {
    if (depth > 50) return;
    for (const n of Array.isArray(deck.notes) ? (deck.notes as Record<string, unknown>[]) : []) {
      const guid = typeof n?.guid === 'string' ? n.guid : null;
      const fields = Array.isArray(n?.fields) ? (n.fields as unknown[]).map((f) => (typeof f === 'string' ? f : '')) : null;
      if (!guid || !fields) {
        skipped.push({ key: guid ?? '?', what: 'note', why: 'no guid or no fields' });
        continue;
      }
      const model = models.get(String(n.note_model_uuid ?? ''));
      notes.push({
        key: guid,
        keyKind: 'guid',
        noteType: model?.name ?? 'note',
        fieldNames: model?.fields ?? fields.map((_, i) => (i === 0 ? 'Front' : i === 1 ? 'Back' : `Field ${i + 1}`)),
        fields,
        tags: Array.isArray(n.tags) ? (n.tags as unknown[]).filter((t): t is string => typeof t === 'string') : [],
        cloze: model?.cloze ?? false,
        html: true,
      });
    }
    for (const child of Array.isArray(deck.children) ? (deck.children as CrowdDeck[]) : []) if (child && typeof child === 'object') collect(child, depth + 1);
  };
  collect(root, 0);

  const mediaDir = path.join(path.dirname(file), 'media');
  const media = new Map<string, () => Uint8Array | null>();
  for (const name of mediaNames) {
    checkMediaName(name, file);
    media.set(name, () => {
      const p = path.join(mediaDir, name);
      try {
        // A link inside the export could point anywhere: only regular files are copied.
        const st = fs.lstatSync(p);
        return st.isFile() && st.size <= 64 * 1024 * 1024 ? fs.readFileSync(p) : null;
      } catch {
        return null;
      }
    });
  }
  return { format: 'CrowdAnki JSON', name: typeof root.name === 'string' ? root.name : path.basename(file, '.json'), notes, media, skipped, notices: [] };
}
