import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { questionFile, shorten } from './import-file.js';
import { mapNote, topicOf, type ImportedQuestion, type Skipped } from './import-model.js';
import type { SourceDeck } from './import-source.js';

export const REPORT_FILE = '_import-report.md';

export interface ImportPlan {
  questions: ImportedQuestion[];
  skipped: Skipped[];
  /** Media to copy: file name → bytes. */
  media: Map<string, Uint8Array>;
  missingMedia: string[];
  unusedMedia: number;
}

/** Map every note and decide every file to write, before anything is written. */
export function planImport(deck: SourceDeck, toDir: string): ImportPlan {
  const defaultTopic = topicOf(path.basename(path.resolve(toDir))) || 'imported';
  const questions: ImportedQuestion[] = [];
  const skipped = [...deck.skipped];
  const ids = new Set<string>();
  for (const note of deck.notes) {
    const mapped = mapNote(note, { idPrefix: 'anki', defaultTopic });
    if (!('id' in mapped)) {
      skipped.push(mapped);
      continue;
    }
    if (ids.has(mapped.id)) {
      skipped.push({ key: note.key, what: `"${shorten(mapped.title)}"`, why: `a second note with the id ${mapped.id}` });
      continue;
    }
    ids.add(mapped.id);
    questions.push(mapped);
  }
  const media = new Map<string, Uint8Array>();
  const missingMedia: string[] = [];
  for (const name of new Set(questions.flatMap((q) => q.media))) {
    const data = deck.media.get(name)?.() ?? null;
    if (data) media.set(name, data);
    else missingMedia.push(name);
  }
  return { questions, skipped, media, missingMedia, unusedMedia: [...deck.media.keys()].filter((n) => !media.has(n)).length };
}

/**
 * Write through a temporary file and a rename inside the deck folder: an existing file is
 * replaced (importing again updates it), and a link planted at its name is replaced, not followed.
 */
let written = 0;

function writeInside(dir: string, name: string, data: string | Uint8Array): void {
  const target = path.join(dir, name);
  const rel = path.relative(dir, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || rel.includes(path.sep)) {
    throw new UserError(`refused to write ${JSON.stringify(name)} outside the deck folder`);
  }
  // A short temporary name: the final one may already be as long as the file system allows.
  const temp = path.join(dir, `.import-${process.pid}-${++written}.tmp`);
  fs.writeFileSync(temp, data, { flag: 'wx' });
  fs.renameSync(temp, target);
}

export function writeImport(plan: ImportPlan, deck: SourceDeck, toDir: string, sourceLabel: string, now: Date): void {
  const dir = path.resolve(toDir);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create ${toDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`--to: ${toDir} is not a folder`);
  try {
    for (const [name, data] of plan.media) writeInside(dir, name, data);
    for (const q of plan.questions) writeInside(dir, `${q.id}.md`, questionFile(q));
    writeInside(dir, REPORT_FILE, importReport(plan, deck, sourceLabel, now));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot write into ${toDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function importReport(plan: ImportPlan, deck: SourceDeck, sourceLabel: string, now: Date): string {
  const count = (t: string) => plan.questions.filter((q) => q.type === t).length;
  const cloze = plan.questions.filter((q) => q.type === 'cloze');
  const changed = plan.questions.filter((q) => q.notes.length > 0);
  const out = [
    '# Import report',
    '',
    `From ${sourceLabel} (${deck.format}, deck "${deck.name}") on ${now.toISOString().slice(0, 10)}.`,
    '',
    `- ${plan.questions.length} question file(s) written: ${count('open')} open, ${count('choice')} choice, ${count('output')} output, ${cloze.length} cloze`,
    `- ${plan.media.size} media file(s) copied beside them`,
    `- ${plan.skipped.length} note(s) not imported`,
    `- ${plan.questions.filter((q) => q.hints.length === 0).length} question(s) without a hint (the source has none)`,
    '',
  ];
  if (deck.notices.length > 0) out.push('## Notes', '', ...deck.notices.map((n) => `- ${n}`), '');
  if (plan.skipped.length > 0) out.push('## Not imported', '', ...plan.skipped.map((s) => `- ${s.what} (${s.key}): ${s.why}`), '');
  if (cloze.length > 0) {
    out.push('## Cloze notes', '', 'Written as `type: cloze` with the `{{c1::…}}` text in the prompt:', '', ...cloze.map((q) => `- ${q.id}: ${shorten(q.title)}`), '');
  }
  if (changed.length > 0) out.push('## Changed on the way', '', ...changed.map((q) => `- ${q.id}: ${q.notes.join('; ')}`), '');
  if (plan.missingMedia.length > 0) out.push('## Missing media', '', 'Referred to by a note but not in the source:', '', ...plan.missingMedia.map((m) => `- ${m}`), '');
  if (plan.unusedMedia > 0) out.push(`${plan.unusedMedia} media file(s) of the source are used by no imported note and were not copied.`, '');
  return out.join('\n');
}
