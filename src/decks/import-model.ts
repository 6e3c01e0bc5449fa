import { createHash } from 'node:crypto';
import { htmlToMarkdown, htmlToText, markdownToText } from './html-to-markdown.js';
import { CLOZE_NOTE_TYPE_NAME, GUID_PREFIX, LICENSE_LABEL } from './anki-notes.js';
import { shorten, titleFrom, type ImportedQuestion } from './import-file.js';

export type { ImportedQuestion };

/**
 * What every importer produces: notes as the source holds them (field names and values,
 * tags), mapped here, in one place, to questions. Pure functions, no I/O.
 */
export interface SourceNote {
  /** The source's own stable identity (Anki guid, note id, or a hash): the question id derives from it. */
  key: string;
  /** How the key was obtained, for ids: an Anki guid or a hash of the front. */
  keyKind: 'guid' | 'front-hash' | 'heading';
  noteType: string;
  fieldNames: string[];
  fields: string[];
  tags: string[];
  cloze: boolean;
  /** Field values are HTML (Anki) rather than Markdown. */
  html: boolean;
  /** Media the note uses, when the reader knows them (else they are found in the HTML). */
  media?: string[];
}


export interface Skipped {
  key: string;
  what: string;
  why: string;
}

const HINT_FIELDS = /^(hints?|clues?)$/i;
const EXPLANATION_FIELDS = /^(explanation|extra|back extra|notes?|why|comments?|remarks?)$/i;
const SOURCE_FIELDS = /^(source|sources|reference|references|credit)$/i;
/** Anki's own markers, not topics. */
const ANKI_TAGS = new Set(['leech', 'marked']);
const DIFFICULTY_TAG = /^difficulty::(easy|medium|hard)$/i;
const SELF_GRADED_TAG = 'grading::self';

export function topicOf(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

const hash = (text: string, n: number) => createHash('sha1').update(text).digest('hex').slice(0, n);

/** A question id from the source's identity: the same note gives the same id on every import. */
export function idFor(note: Pick<SourceNote, 'key' | 'keyKind'>, prefix: string): string {
  if (note.keyKind === 'guid' && note.key.startsWith(GUID_PREFIX)) {
    const own = note.key.slice(GUID_PREFIX.length);
    if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(own)) return own;
  }
  if (note.keyKind === 'heading') return note.key;
  if (/^[a-z0-9][a-z0-9-]{0,39}$/.test(note.key)) return `${prefix}-${note.key}`;
  // Anki guids mix cases and punctuation: a hash keeps them distinct under lowercase ids.
  return `${prefix}-${hash(note.key, 10)}`;
}

/** Imported Markdown must not open sections of its own: its `## ` headings go one level down. */
export function demoteSectionHeadings(markdown: string): string {
  let inFence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (inFence === null) inFence = fence[1]!.slice(0, 3);
        else if (fence[1]!.startsWith(inFence)) inFence = null;
        return line;
      }
      return inFence === null && /^ {0,3}##(?!#)/.test(line) ? line.replace('##', '###') : line;
    })
    .join('\n');
}

export function mediaIn(html: string): string[] {
  const names = new Set<string>();
  for (const m of html.matchAll(/<img[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const src = m[1] ?? m[2] ?? m[3] ?? '';
    if (src !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(src)) names.add(safeDecode(src));
  }
  for (const m of html.matchAll(/\[sound:([^\]]+)\]/g)) names.add(m[1]!);
  return [...names];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface MapOptions {
  idPrefix: string;
  defaultTopic: string;
}

/** One source note to a question, or the reason it cannot be one. */
export function mapNote(note: SourceNote, opts: MapOptions): ImportedQuestion | Skipped {
  // Each field is converted once: the converter builds a DOM per call, the slow part of an import.
  const converted = new Map<string, string>();
  const markdownOf = (v: string) => {
    let md = converted.get(v);
    if (md === undefined) {
      md = note.html ? htmlToMarkdown(v) : v.trim();
      converted.set(v, md);
    }
    return md;
  };
  const toMd = (v: string) => demoteSectionHeadings(markdownOf(v));
  const toText = (v: string) => (note.html ? markdownToText(markdownOf(v)) : v.replace(/\s+/g, ' ').trim());
  const byName = new Map(note.fieldNames.map((n, i) => [n.toLowerCase(), note.fields[i] ?? '']));
  const changes: string[] = [];
  const media = note.media ?? (note.html ? [...new Set(note.fields.flatMap(mediaIn))] : []);

  let difficulty: string | null = null;
  let selfGraded = false;
  const topics: string[] = [];
  for (const tag of note.tags) {
    const d = DIFFICULTY_TAG.exec(tag);
    if (d) difficulty = d[1]!.toLowerCase();
    else if (tag.toLowerCase() === SELF_GRADED_TAG) selfGraded = true;
    else if (!ANKI_TAGS.has(tag.toLowerCase())) {
      const t = topicOf(tag);
      if (t !== '') topics.push(t);
    }
  }
  if (topics.length === 0) topics.push(opts.defaultTopic);

  const id = idFor(note, opts.idPrefix);
  const firstText = toText(note.fields[0] ?? '');
  const base = { id, key: note.key, difficulty, selfGraded, license: null, ownTitle: false, topics: [...new Set(topics)], media, notes: changes };

  // A cloze note written by `export`: its fields map back one to one too.
  if (note.cloze && note.noteType === CLOZE_NOTE_TYPE_NAME && byName.has('text') && byName.has('back extra')) {
    return fromDrillClozeNote(note, byName, base, toMd);
  }
  // A note written by `export`: its fields map back one to one.
  if (byName.has('prompt') && byName.has('answer') && byName.has('options')) {
    return fromDrillNote(note, byName, base, toMd);
  }

  const used = new Set<number>();
  const hints: string[] = [];
  let explanation: string[] = [];
  let source: string | null = null;
  // The fields before this one are the front (and, for a basic note, the back).
  const firstOther = note.cloze ? 1 : 2;
  note.fieldNames.forEach((name, i) => {
    const value = note.fields[i] ?? '';
    if (i < firstOther) return;
    if (HINT_FIELDS.test(name)) {
      used.add(i);
      if (toText(value) !== '') hints.push(toMd(value));
    } else if (SOURCE_FIELDS.test(name)) {
      used.add(i);
      if (toText(value) !== '') source = toText(value);
    } else if (EXPLANATION_FIELDS.test(name)) {
      used.add(i);
      if (toText(value) !== '') explanation.push(toMd(value));
    }
  });
  // Fields this mapping has no place for are kept in the explanation under their own name.
  const extra = note.fieldNames
    .map((name, i) => ({ name, i, value: note.fields[i] ?? '' }))
    .filter(({ i, value }) => i >= firstOther && !used.has(i) && toText(value) !== '');
  for (const f of extra) {
    // A cloze note's second field is its "Back Extra", whatever its name.
    if (note.cloze && f.i === 1) explanation = [toMd(f.value), ...explanation];
    else {
      explanation.push(`**${f.name}:** ${toMd(f.value)}`);
      changes.push(`field '${f.name}' added to the explanation`);
    }
  }

  if (firstText === '' && media.length === 0) return { key: note.key, what: `${note.noteType} note`, why: 'its first field is empty' };
  const prompt = toMd(note.fields[0] ?? '');
  if (note.cloze) {
    return { ...base, title: titleFrom(firstText.replace(/\{\{c\d+::([^}]*?)(::[^}]*)?\}\}/g, '$1')), type: 'cloze', source, prompt, choices: null, hints, answer: '', explanation: explanation.join('\n\n') };
  }
  const back = note.fields[1] ?? '';
  if (toText(back) === '' && mediaIn(back).length === 0) {
    return { key: note.key, what: `"${shorten(firstText)}"`, why: 'the back (answer) is empty' };
  }
  return { ...base, title: titleFrom(firstText), type: 'open', source, prompt, choices: null, hints, answer: toMd(back), explanation: explanation.join('\n\n') };
}

/** The source and licence as export writes them in the Source field. */
function sourceAndLicense(field: string): { source: string | null; license: string | null } {
  const [sourceHtml = '', licenseHtml = ''] = field.split(`<br>${LICENSE_LABEL}`);
  const licenseOnly = sourceHtml.startsWith(LICENSE_LABEL);
  return {
    source: (licenseOnly ? '' : htmlToText(sourceHtml)) || null,
    license: htmlToText(licenseOnly ? sourceHtml.slice(LICENSE_LABEL.length) : licenseHtml) || null,
  };
}

/** What every question made from a note shares, whatever its note type. */
type NoteBase = Pick<ImportedQuestion, 'id' | 'key' | 'difficulty' | 'selfGraded' | 'license' | 'ownTitle' | 'topics' | 'media' | 'notes'>;

function drillHints(html: string, toMd: (v: string) => string): string[] {
  return [...html.matchAll(/<div class="hint">([\s\S]*?)<\/div>(?=<div class="hint">|$)/g)].map((m) => toMd(m[1] ?? ''));
}

function fromDrillClozeNote(
  note: SourceNote,
  byName: Map<string, string>,
  base: NoteBase,
  toMd: (v: string) => string,
): ImportedQuestion | Skipped {
  const get = (n: string) => byName.get(n) ?? '';
  const titled = /^<div class="title">([\s\S]*?)<\/div>/.exec(get('text'));
  const text = titled ? get('text').slice(titled[0].length) : get('text');
  const prompt = toMd(text);
  if (prompt === '') return { key: note.key, what: 'mlops-drill cloze note', why: 'its Text field is empty' };
  const ownTitle = titled ? htmlToText(titled[1] ?? '') : '';
  const { source, license } = sourceAndLicense(get('source'));
  return {
    ...base,
    ownTitle: ownTitle !== '',
    license,
    // Without its own title, the report names the note by its text with the clozes hidden.
    title: ownTitle || titleFrom(htmlToText(text).replace(/\{\{c\d+::[\s\S]*?\}\}/g, '[...]')),
    type: 'cloze',
    source,
    prompt,
    choices: null,
    hints: drillHints(get('hints'), toMd),
    answer: toMd(get('back extra')),
    explanation: toMd(get('explanation')),
  };
}

function fromDrillNote(
  note: SourceNote,
  byName: Map<string, string>,
  base: NoteBase,
  toMd: (v: string) => string,
): ImportedQuestion | Skipped {
  const get = (n: string) => byName.get(n) ?? '';
  const code = get('code');
  const optionsHtml = get('options');
  const choices = [...optionsHtml.matchAll(/<li([^>]*)>([\s\S]*?)<\/li>/g)].map((m) => ({
    text: htmlToMarkdown(m[2] ?? '').replace(/\s+/g, ' ').trim(),
    correct: /class="[^"]*\bcorrect\b/.test(m[1] ?? ''),
  }));
  const hints = [...get('hints').matchAll(/<div class="hint">([\s\S]*?)<\/div>(?=<div class="hint">|$)/g)].map((m) => toMd(m[1] ?? ''));
  // The question's own title, when export put one at the top of the Prompt field.
  const titled = /^<div class="title">([\s\S]*?)<\/div>/.exec(get('prompt'));
  const ownTitle = titled ? htmlToText(titled[1] ?? '') : '';
  const promptHtml = titled ? get('prompt').slice(titled[0].length) : get('prompt');
  const promptMd = toMd(promptHtml);
  const codeMd = code ? toMd(code) : '';
  const prompt = [promptMd, codeMd].filter((s) => s !== '').join('\n\n');
  const title = ownTitle || titleFrom(htmlToText(promptHtml));
  base = { ...base, ownTitle: ownTitle !== '' };
  if (prompt === '') return { key: note.key, what: 'mlops-drill note', why: 'its Prompt field is empty' };
  // The Source field as export writes it: the source, then a line with the licence.
  const [sourceHtml = '', licenseHtml = ''] = get('source').split(`<br>${LICENSE_LABEL}`);
  const licenseOnly = sourceHtml.startsWith(LICENSE_LABEL);
  const source = (licenseOnly ? '' : htmlToText(sourceHtml)) || null;
  const license = htmlToText(licenseOnly ? sourceHtml.slice(LICENSE_LABEL.length) : licenseHtml) || null;
  base = { ...base, license };
  const explanation = toMd(get('explanation'));
  if (choices.length > 0) {
    return { ...base, title, type: 'choice', source, prompt, choices, hints, answer: toMd(get('answer')), explanation };
  }
  if (codeMd !== '') {
    // The expected output is the Answer's first code block; anything after it is a note on the answer.
    return { ...base, title, type: 'output', source, prompt, choices: null, hints, answer: toMd(get('answer')), explanation };
  }
  return { ...base, title, type: 'open', source, prompt, choices: null, hints, answer: toMd(get('answer')), explanation };
}
