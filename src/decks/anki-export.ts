import type { Database } from 'sql.js';
import type { Question } from '../bank/question.js';
import {
  CARD_TYPE,
  QUEUE,
  SCHEMA_SQL,
  SCHEMA_VERSION,
  collectionConfJson,
  deckConfigJson,
  deckJson,
  noteTypeJson,
  type NoteTypeSpec,
} from './anki-schema.js';
import {
  basicNoteType,
  clozeNoteType,
  clozeNumbers,
  fieldChecksum,
  guidFor,
  joinFields,
  markdownToHtml,
  questionFields,
  questionTags,
  stableId,
  stripHtml,
  titleHtml,
} from './anki-notes.js';
import { allHidden, cardId as clozeCardId } from '../bank/cloze.js';
import type { QuestionSchedule } from './anki-schedule.js';
import { loadSqlite } from './sqlite.js';
import { writeZip } from './zip.js';
import type { MediaCollector } from './anki-media.js';

export interface ExportInput {
  questions: readonly Question[];
  deckName: string;
  /** When given, cards carry the learner's schedule and revlog their reviews. */
  schedules: Map<string, QuestionSchedule> | null;
  /** The collection's creation time (ms): day numbers of review cards count from it. */
  crtMs: number;
  now: Date;
  /** Gathers the images the questions show, for the package's media. */
  media: MediaCollector;
}

export interface ExportResult {
  apkg: Uint8Array;
  notes: number;
  cards: number;
  reviews: number;
  media: number;
}

const isCloze = (q: Question): boolean => q.type === 'cloze';

/** Build the collection in memory and pack it as an .apkg (collection.anki2 plus an empty media list). */
export async function buildApkg(input: ExportInput): Promise<ExportResult> {
  const SQL = await loadSqlite();
  const db = new SQL.Database();
  try {
    const counts = fillCollection(db, input);
    const collection = db.export();
    const media = input.media.entries();
    const apkg = writeZip({ 'collection.anki2': collection, media: new TextEncoder().encode(JSON.stringify(media.list)), ...media.files });
    return { apkg, ...counts, media: input.media.count };
  } finally {
    db.close();
  }
}

function fillCollection(db: Database, input: ExportInput): { notes: number; cards: number; reviews: number } {
  const modSeconds = Math.floor(input.now.getTime() / 1000);
  const deckId = stableId(`deck ${input.deckName}`);
  const basic = basicNoteType(deckId);
  const cloze = clozeNoteType(deckId);
  const types: NoteTypeSpec[] = input.questions.some(isCloze) ? [basic, cloze] : [basic];

  db.run(SCHEMA_SQL);
  db.run('INSERT INTO col VALUES (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?)', [
    Math.floor(input.crtMs / 1000),
    input.now.getTime(),
    input.now.getTime(),
    SCHEMA_VERSION,
    JSON.stringify(collectionConfJson(deckId, basic.id)),
    JSON.stringify(Object.fromEntries(types.map((t) => [String(t.id), noteTypeJson(t, modSeconds)]))),
    JSON.stringify({
      '1': deckJson(1, 'Default', modSeconds),
      [String(deckId)]: deckJson(deckId, input.deckName, modSeconds, 'Questions from mlops-drill.'),
    }),
    JSON.stringify(deckConfigJson()),
    '{}',
  ]);

  const insertNote = db.prepare('INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, \'\')');
  const insertCard = db.prepare('INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)');
  const insertReview = db.prepare('INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)');
  let cards = 0;
  let reviews = 0;
  // One transaction: row by row, a long review history takes many times longer to write.
  db.run('BEGIN');
  const takenNoteIds = new Set<number>();
  const takenReviewIds = new Set<number>();
  try {
    input.questions.forEach((q, position) => {
      let noteId = stableId(`note ${q.id}`);
      while (takenNoteIds.has(noteId)) noteId++;
      takenNoteIds.add(noteId);
      const tags = ` ${questionTags(q).join(' ')} `;
      let fields: string[];
      let ords: number[];
      let mid: number;
      const image = (href: string) => input.media.resolve(q.file, href);
      if (isCloze(q)) {
        const f = questionFields(q, image);
        // The title, when the question has its own, opens the Text field as it opens a Prompt field.
        const title = titleHtml({ title: q.title, prompt: allHidden(q.prompt) });
        fields = [title + markdownToHtml(q.prompt, image), markdownToHtml(q.answerNotes, image), f.Hints, f.Explanation, f.Source];
        ords = clozeNumbers(q.prompt).map((n) => n - 1);
        if (ords.length === 0) ords = [0];
        mid = cloze.id;
      } else {
        const f = questionFields(q, image);
        fields = [f.Prompt, f.Code, f.Options, f.Hints, f.Answer, f.Explanation, f.Source];
        ords = [0];
        mid = basic.id;
      }
      const sortText = stripHtml(fields[0] ?? '');
      insertNote.run([noteId, guidFor(q.id), mid, modSeconds, tags, joinFields(fields), sortText, fieldChecksum(sortText)]);
      for (const ord of ords) {
        // The schedule is per card: a cloze note's card n is the drill's `id#cn`.
        const schedule = (isCloze(q) ? input.schedules?.get(clozeCardId(q.id, ord + 1)) : undefined) ?? input.schedules?.get(q.id);
        const cardId = stableId(`card ${q.id} ${ord}`);
        const s = schedule?.card;
        if (s) {
          insertCard.run([cardId, noteId, deckId, ord, modSeconds, s.type, s.queue, s.due, s.ivl, s.factor, s.reps, s.lapses, s.left, s.data]);
          for (const r of schedule.reviews) {
            let reviewId = r.id;
            while (takenReviewIds.has(reviewId)) reviewId++;
            takenReviewIds.add(reviewId);
            insertReview.run([reviewId, cardId, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type]);
            reviews++;
          }
        } else {
          // New cards: due is the position in the new-card queue, the bank's order.
          insertCard.run([cardId, noteId, deckId, ord, modSeconds, CARD_TYPE.new, QUEUE.new, position + 1, 0, 0, 0, 0, 0, '']);
        }
        cards++;
      }
    });
    db.run('COMMIT');
  } finally {
    insertNote.free();
    insertCard.free();
    insertReview.free();
  }
  return { notes: input.questions.length, cards, reviews };
}
