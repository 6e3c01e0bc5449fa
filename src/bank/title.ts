/**
 * Titles and prompts: a question may have no title of its own (it is then the prompt's first
 * sentence), and a title that only repeats the prompt's start is printed once. Kept apart from
 * the parser so that the drill screen can use it without loading the YAML parser.
 */
import { truncateCells } from '../ui/width.js';

/** The longest title made from a prompt, in terminal cells. */
const DERIVED_TITLE_CELLS = 72;

/** The start of Markdown text as plain words: no code blocks, link targets, tags or markers. */
function plainStart(markdown: string): string {
  const firstParagraph = markdown.split(/\n\s*\n/)[0] ?? '';
  return firstParagraph
    .split('\n')
    .filter((l) => !/^ {0,3}(`{3,}|~{3,})/.test(l))
    .join(' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/\\([[\]\\*_`<>])/g, '$1')
    .replace(/[*_`#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A title for a question that has none: the prompt's first sentence (or first line), shortened to one line. */
export function titleFromPrompt(prompt: string): string {
  const plain = plainStart(prompt);
  const sentence = /^.+?[.?!:](?=\s|$)/.exec(plain)?.[0] ?? plain;
  return truncateCells(sentence, DERIVED_TITLE_CELLS) || 'Untitled question';
}

/** Whether the prompt opens with the title (as written, or shortened with …): then the title is not printed above it. */
export function titleRepeatsPrompt(title: string, prompt: string): boolean {
  const fold = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
  const start = fold(title.endsWith('…') ? title.slice(0, -1) : title);
  return start !== '' && fold(plainStart(prompt)).startsWith(start);
}
