import path from 'node:path';
import { UserError } from '../errors.js';
import { createHash } from 'node:crypto';
import type { SourceNote } from './import-model.js';
import { readLimitedText, type SourceDeck } from './import-source.js';

/**
 * Anki's "Notes in Plain Text" export: one note per line, fields split by a separator,
 * a field holding the separator, a quote or a line break written in double quotes, and
 * `#key:value` header lines saying how to read the rest (Anki 2.1.55 and later).
 */
const SEPARATORS: Record<string, string> = { tab: '\t', comma: ',', semicolon: ';', space: ' ', pipe: '|', colon: ':' };

export interface TextHeader {
  separator: string;
  html: boolean;
  tagsColumn: number | null;
  guidColumn: number | null;
  notetypeColumn: number | null;
  deckColumn: number | null;
  notetype: string | null;
  tags: string[];
  columns: string[] | null;
}

export function readHeader(lines: string[], defaultSeparator = '\t'): { header: TextHeader; bodyStart: number } {
  const header: TextHeader = { separator: defaultSeparator, html: false, tagsColumn: null, guidColumn: null, notetypeColumn: null, deckColumn: null, notetype: null, tags: [], columns: null };
  let i = 0;
  let sawSeparator = false;
  for (; i < lines.length; i++) {
    const m = /^#([a-z ]+):(.*)$/i.exec(lines[i]!);
    if (!m) break;
    const key = m[1]!.trim().toLowerCase();
    const value = m[2]!.trim();
    const column = () => (/^\d+$/.test(value) && Number(value) > 0 ? Number(value) : null);
    if (key === 'separator') {
      header.separator = SEPARATORS[value.toLowerCase()] ?? (value.length === 1 ? value : defaultSeparator);
      sawSeparator = true;
    } else if (key === 'html') header.html = value.toLowerCase() === 'true';
    else if (key === 'tags column') header.tagsColumn = column();
    else if (key === 'guid column') header.guidColumn = column();
    else if (key === 'notetype column') header.notetypeColumn = column();
    else if (key === 'deck column') header.deckColumn = column();
    else if (key === 'notetype') header.notetype = value;
    else if (key === 'tags') header.tags = value.split(/\s+/).filter((t) => t !== '');
    else if (key === 'columns') header.columns = null; // column names come after the separator is known
  }
  if (!sawSeparator) {
    // Older exports have no header: tab-separated, HTML.
    header.html = i === 0 ? true : header.html;
  }
  const columnsLine = lines.slice(0, i).find((l) => /^#columns:/i.test(l));
  if (columnsLine) header.columns = splitRecord(columnsLine.replace(/^#columns:/i, ''), header.separator).fields;
  return { header, bodyStart: i };
}

/** Split records from `text`: quoted fields may span lines. */
export function splitRecords(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let at = 0;
  while (at < text.length) {
    const { fields, end } = splitRecord(text, separator, at);
    if (!(fields.length === 1 && fields[0] === '')) records.push(fields);
    at = end;
  }
  return records;
}

function splitRecord(text: string, separator: string, start = 0): { fields: string[]; end: number } {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) break;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      // Anything between the closing quote and the separator is kept as written.
      while (i < text.length && text[i] !== separator && text[i] !== '\n') value += text[i++];
    } else {
      while (i < text.length && text[i] !== separator && text[i] !== '\n') value += text[i++];
    }
    fields.push(value);
    if (i >= text.length) return { fields, end: i };
    if (text[i] === '\n') return { fields, end: i + 1 };
    i++; // separator
  }
}

export function readAnkiText(file: string): SourceDeck {
  const text = readLimitedText(file);
  const lines = text.split('\n');
  // Without a #separator line, a .csv file is read as comma-separated, anything else as Anki's tabs.
  const { header, bodyStart } = readHeader(lines, file.toLowerCase().endsWith('.csv') ? ',' : '\t');
  const body = lines.slice(bodyStart).join('\n');
  const records = splitRecords(body, header.separator);
  if (records.length === 0) throw new UserError(`${file} holds no notes`);
  const special = new Set([header.tagsColumn, header.guidColumn, header.notetypeColumn, header.deckColumn].filter((c): c is number => c !== null));
  const notes: SourceNote[] = [];
  const notices: string[] = [];
  if (header.guidColumn === null) {
    notices.push('The file has no guid column, so question ids derive from the front text: a changed front becomes a new question. In Anki, export with "Include unique identifier" to keep ids stable.');
  }
  records.forEach((r, index) => {
    const col = (n: number | null) => (n === null ? '' : (r[n - 1] ?? ''));
    const fields = r.filter((_, i) => !special.has(i + 1));
    const noteType = col(header.notetypeColumn) || header.notetype || 'Basic';
    const cloze = /cloze/i.test(noteType) || (header.notetypeColumn === null && /\{\{c\d+::/.test(fields[0] ?? ''));
    const guid = col(header.guidColumn);
    const fieldNames = fields.map((_, i) => header.columns?.filter((_, c) => !special.has(c + 1))[i] ?? (cloze ? ['Text', 'Back Extra'][i] : ['Front', 'Back'][i]) ?? `Field ${i + 1}`);
    notes.push({
      key: guid !== '' ? guid : createHash('sha1').update(fields[0] ?? String(index)).digest('hex').slice(0, 10),
      keyKind: guid !== '' ? 'guid' : 'front-hash',
      noteType,
      fieldNames,
      fields,
      tags: [...header.tags, ...col(header.tagsColumn).split(/\s+/).filter((t) => t !== '')],
      cloze,
      html: header.html,
    });
  });
  return { format: 'Anki text export', name: path.basename(file).replace(/\.[^.]+$/, ''), notes, media: new Map(), skipped: [], notices };
}
