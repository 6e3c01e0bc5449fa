/**
 * The Anki 2.1 "legacy" collection (schema 11): the SQLite layout every Anki version since
 * 2.1 imports from an .apkg's `collection.anki2`, and what AnkiDroid and AnkiMobile read.
 * Newer Anki versions keep note types and decks in tables of their own, but still accept
 * this form, where they are JSON in the `col` row.
 */
export const SCHEMA_SQL = `
CREATE TABLE col (
  id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null,
  conf text not null, models text not null, decks text not null, dconf text not null, tags text not null
);
CREATE TABLE notes (
  id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null,
  csum integer not null, flags integer not null, data text not null
);
CREATE TABLE cards (
  id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null,
  due integer not null, ivl integer not null, factor integer not null, reps integer not null,
  lapses integer not null, left integer not null, odue integer not null, odid integer not null,
  flags integer not null, data text not null
);
CREATE TABLE revlog (
  id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
  type integer not null
);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`;

/** Legacy schema version written in col.ver. */
export const SCHEMA_VERSION = 11;
/** Anki's field separator inside notes.flds. */
export const FIELD_SEPARATOR = '\u001f';

/** Card types and queues (cards.type, cards.queue) and review kinds (revlog.type). */
export const CARD_TYPE = { new: 0, learning: 1, review: 2, relearning: 3 } as const;
export const QUEUE = { new: 0, learning: 1, review: 2, dayLearning: 3 } as const;
export const REVLOG_TYPE = { learning: 0, review: 1, relearning: 2, cram: 3 } as const;

export interface NoteTypeSpec {
  id: number;
  name: string;
  fields: string[];
  templates: { name: string; qfmt: string; afmt: string }[];
  css: string;
  /** 0 standard, 1 cloze. */
  type: 0 | 1;
  deckId: number;
  /** Fields that must be non-empty for template 0 to make a card. */
  required: number[];
}

export function noteTypeJson(m: NoteTypeSpec, mod: number): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    type: m.type,
    mod,
    usn: -1,
    sortf: 0,
    did: m.deckId,
    tmpls: m.templates.map((t, ord) => ({ name: t.name, ord, qfmt: t.qfmt, afmt: t.afmt, bqfmt: '', bafmt: '', did: null })),
    flds: m.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] })),
    css: m.css,
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    tags: [],
    vers: [],
    req: [[0, 'all', m.required]],
  };
}

export function deckJson(id: number, name: string, mod: number, description = ''): Record<string, unknown> {
  return {
    id,
    name,
    desc: description,
    mod,
    usn: -1,
    collapsed: false,
    dyn: 0,
    conf: 1,
    extendNew: 10,
    extendRev: 50,
    newToday: [0, 0],
    revToday: [0, 0],
    lrnToday: [0, 0],
    timeToday: [0, 0],
  };
}

/** Anki's default deck options, so the collection is complete without them being imported. */
export function deckConfigJson(): Record<string, unknown> {
  return {
    '1': {
      id: 1,
      name: 'Default',
      mod: 0,
      usn: 0,
      maxTaken: 60,
      autoplay: true,
      timer: 0,
      replayq: true,
      dyn: false,
      new: { bury: true, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 7], order: 1, perDay: 20, separate: true },
      lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
      rev: { bury: true, ease4: 1.3, fuzz: 0.05, ivlFct: 1, maxIvl: 36500, minSpace: 1, perDay: 200 },
    },
  };
}

export function collectionConfJson(deckId: number, modelId: number): Record<string, unknown> {
  return {
    activeDecks: [deckId],
    curDeck: deckId,
    curModel: modelId,
    newSpread: 0,
    collapseTime: 1200,
    timeLim: 0,
    estTimes: true,
    dueCounts: true,
    nextPos: 1,
    sortType: 'noteFld',
    sortBackwards: false,
    addToCur: true,
    schedVer: 2,
  };
}
