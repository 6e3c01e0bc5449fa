import { stripVTControlCharacters } from 'node:util';

/**
 * Deck text comes from strangers. Strip every control character that a terminal
 * would act on (ESC sequences, CSI/OSC introducers, BEL, backspace, C1 controls),
 * and the invisible format characters that reorder or hide text (bidirectional
 * marks, overrides and isolates, zero-width space, byte-order mark), keeping
 * newlines and tabs, so a question file cannot clear the screen, set the window
 * title, write to the clipboard (OSC 52) or show text other than it holds.
 * Zero-width joiner and non-joiner stay: emoji sequences and several scripts need them.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
const SEQUENCE_START = /[\u001b\u009b]/;

export function sanitize(text: string): string {
  // Whole escape sequences first (node's own matcher), so no "[2J" is left behind; then single characters.
  const noSequences = SEQUENCE_START.test(text) ? stripVTControlCharacters(text) : text;
  return noSequences.replace(CONTROL, '');
}

/** Single-line variant for titles, ids and options: newlines become spaces too. */
export function sanitizeLine(text: string): string {
  return sanitize(text).replace(/[\n\t]+/g, ' ');
}

const NAME_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * A file or folder name as it can be printed: every control and format character written as
 * an escape (\x1b, \u202e) instead of being removed, so the name stays recognisable and
 * nothing in it drives the terminal or reorders the line.
 */
export function printableName(name: string): string {
  return name.replace(NAME_CONTROL, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
