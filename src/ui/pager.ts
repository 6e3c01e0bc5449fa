/**
 * A "more" pager for text taller than the screen (an answer of 300 lines must not scroll past
 * before its start can be read): a screenful, then a prompt, space for the next screenful,
 * Enter for one more line, q to stop. Not a terminal (a pipe, --plain, a screen reader): the
 * text is printed whole, as before. Pure apart from the two functions it is given.
 */
export type MoreReply = 'page' | 'line' | 'stop';

export interface PagerIO {
  print(text: string): void;
  /** Rows of the terminal, or null when output is not a terminal. */
  rows: number | null;
  /** Ask whether to go on; absent in plain mode, where everything is printed. */
  more?: ((shown: number, total: number) => Promise<MoreReply>) | undefined;
}

/** Lines the prompt and a little of what was above keep free on every screen. */
const RESERVED = 2;

/** Print text, a screenful at a time when it is taller than the terminal. Returns false when the learner stopped. */
export async function pageText(text: string, io: PagerIO): Promise<boolean> {
  const lines = text.split('\n');
  const room = io.rows === null ? Infinity : Math.max(1, io.rows - RESERVED);
  if (!io.more || lines.length <= room) {
    io.print(text);
    return true;
  }
  let shown = Math.min(room, lines.length);
  io.print(lines.slice(0, shown).join('\n'));
  while (shown < lines.length) {
    const reply = await io.more(shown, lines.length);
    if (reply === 'stop') {
      io.print(`… ${lines.length - shown} more line(s) not shown`);
      return false;
    }
    const next = Math.min(lines.length, shown + (reply === 'line' ? 1 : room));
    io.print(lines.slice(shown, next).join('\n'));
    shown = next;
  }
  return true;
}
