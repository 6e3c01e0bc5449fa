import { displayWidth } from './width.js';

/**
 * Word wrapping, apart from the Markdown renderer: the prompts and plain mode wrap text too,
 * and must not load marked for it (the start menu shows no Markdown).
 */
export const visibleLength = (s: string): number => displayWidth(s);

/** Word-wrap text that may hold colour codes; long words are left whole rather than split. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  const room = width - displayWidth(indent);
  for (const paragraphLine of text.split('\n')) {
    const words = paragraphLine.split(/ +/).filter((w) => w !== '');
    let line = '';
    let len = 0;
    for (const word of words) {
      const wl = visibleLength(word);
      if (len > 0 && len + 1 + wl > room) {
        out.push(indent + line);
        line = word;
        len = wl;
      } else {
        line = len > 0 ? `${line} ${word}` : word;
        len += (len > 0 ? 1 : 0) + wl;
      }
    }
    out.push(indent + line);
  }
  return out;
}
