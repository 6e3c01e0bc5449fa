/**
 * Display width in terminal cells: CJK and most emoji take two, escape sequences and
 * combining marks none. `fast-string-width` is the measurer `@inquirer/core` already
 * bundles, so using it here adds nothing to the package.
 */
import stringWidth from 'fast-string-width';

/** Cells that `text` takes on screen (escape sequences ignored). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` padded with spaces to `width` cells (never cut). */
export function padEndCells(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/**
 * `text` shortened to at most `width` cells, ending with … when cut. Plain text only:
 * colour is applied after truncating, so no escape sequence is ever cut in half.
 */
export function truncateCells(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** Items joined by a separator, a new line (indented by `rest`) before an item that would not fit. */
export function wrapItems(items: string[], width: number, indent: string, sep = '  ', rest = indent): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? indent + item : line + sep + item;
    if (line !== '' && displayWidth(next) > width) {
      lines.push(line);
      line = rest + item;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
