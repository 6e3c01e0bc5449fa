/**
 * Deck text comes from strangers. Strip every control character that a terminal
 * would act on (ESC sequences, CSI/OSC introducers, BEL, backspace, C1 controls,
 * bidirectional overrides), keeping newlines and tabs, so a question file cannot
 * clear the screen, set the window title or write to the clipboard (OSC 52).
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function sanitize(text: string): string {
  return text.replace(CONTROL, '');
}

/** Single-line variant for titles, ids and options: newlines become spaces too. */
export function sanitizeLine(text: string): string {
  return sanitize(text).replace(/[\n\t]+/g, ' ');
}
