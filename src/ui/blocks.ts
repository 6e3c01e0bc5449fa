import { gutter, plainGutter, style } from './output.js';
import { displayWidth } from './width.js';
import { wrap } from './wrap.js';

/**
 * The key bar and the output block: screen parts the prompts draw themselves, kept apart from
 * screens.ts so that the prompts (and the start menu with them) do not load the Markdown renderer.
 */
export interface KeyItem {
  key: string;
  label: string;
  short?: string;
}

export function keyBar(items: readonly KeyItem[], width: number): string {
  const layout = (short: boolean) => {
    const lines: string[][] = [[]];
    let used = 0;
    for (const it of items) {
      const label = short && it.short !== undefined ? it.short : it.label;
      const w = displayWidth(label ? `${it.key} ${label}` : it.key);
      const sep = lines.at(-1)!.length ? 3 : 0;
      if (used + sep + w > width && lines.at(-1)!.length) {
        lines.push([]);
        used = 0;
      }
      used += (lines.at(-1)!.length ? 3 : 0) + w;
      lines.at(-1)!.push(`${style.key(it.key)}${label ? ' ' + style.dim(label) : ''}`);
    }
    return lines;
  };
  const long = layout(false);
  const chosen = long.length > 1 ? layout(true) : long;
  return chosen.map((parts) => parts.join(style.dim(' · '))).join('\n');
}

/**
 * Lines of output (expected or typed) under a gutter. A line longer than the width goes on
 * under a dotted gutter, so a wrapped line is never mistaken for a line of its own.
 */
export function expectedOutputBlock(text: string, width = Infinity): string {
  const lead = `  ${gutter()}`;
  const room = Math.max(8, width - displayWidth(lead));
  return text
    .split('\n')
    .flatMap((l) => {
      if (displayWidth(l) <= room) return [`${lead}${l}`];
      return hardCut(l, room).map((part, i) => (i === 0 ? lead : `  ${style.dim(plainGutter() ? '    ' : '┆ ')}`) + part);
    })
    .join('\n');
}

/** Cut text into pieces of at most `width` cells, exactly (output is shown as it is, spaces and all). */
export function hardCut(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (displayWidth(cur + ch) > width) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Lines of at most `width` cells: wrapped at spaces, and a word longer than the line is cut. */
export function hardWrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of wrap(text, width)) {
    if (displayWidth(line) <= width) out.push(line);
    else out.push(...hardCut(line, width));
  }
  return out;
}
