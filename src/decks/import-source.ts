import fs from 'node:fs';
import { UserError } from '../errors.js';
import type { Skipped, SourceNote } from './import-model.js';

/** A deck as read from any source, before its notes are mapped to questions. */
export interface SourceDeck {
  format: string;
  name: string;
  notes: SourceNote[];
  /** Media files the source holds, by the name the notes use. */
  media: Map<string, () => Uint8Array | null>;
  skipped: Skipped[];
  /** Things the reader left out or changed as a whole (review history, unsupported parts). */
  notices: string[];
}

/** Text and JSON sources above this size are refused unread. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;
/** Zip sources above this size are refused unread. */
export const MAX_ZIP_BYTES = 512 * 1024 * 1024;

export function readLimited(file: string, limit: number): Buffer {
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new UserError(`${file} is not a file`);
    size = st.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
  if (size > limit) throw new UserError(`${file} is larger than ${Math.round(limit / 1024 / 1024)} MiB; refused`);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function readLimitedText(file: string, limit = MAX_TEXT_BYTES): string {
  const bytes = readLimited(file, limit);
  if (bytes.includes(0)) throw new UserError(`${file} is a binary file, not text`);
  const text = bytes.toString('utf8');
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}

/**
 * A media file name as a source gives it, checked before anything is written: a name that
 * could reach outside the deck folder is refused with the whole import.
 */
export function checkMediaName(name: string, from: string): void {
  // A leading dot is refused too: such a name could replace a deck folder's .gitignore.
  if (name === '' || name.startsWith('.') || /[/\\\u0000-\u001f]/.test(name) || /^[A-Za-z]:/.test(name)) {
    throw new UserError(`${from} names a media file ${JSON.stringify(name)} that is not a plain file name (it could reach outside the deck folder or replace a hidden file); refused`);
  }
}
