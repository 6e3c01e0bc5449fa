/**
 * marked's lexer as the renderer uses it: GFM, with its costly inline rules bounded and TeX
 * math read as a token of its own.
 */
import { Lexer, Tokenizer, type MarkedOptions, type Token, type TokenizerExtensionFunction, type TokenizerStartFunction } from 'marked';

/**
 * marked's inline rules look for the end of an emphasis, a strikethrough, a link or a code span
 * in the whole rest of the paragraph, once per opening marker: quadratic time on text such as
 * `_*a` repeated (5.8 s for a 16 KB paragraph). Here each of those rules sees only a window of
 * the text ahead, so the work per marker is bounded (and validate bounds the markers per
 * section). A construct longer than its window stays literal text; no real one comes near.
 */
export const EMPHASIS_WINDOW = 200;
export const LINK_WINDOW = 1_000;

export class BoundedTokenizer extends Tokenizer {
  override emStrong(src: string, masked: string, prev?: string) {
    return super.emStrong(...windowed(src, masked, EMPHASIS_WINDOW), prev);
  }
  override del(src: string, masked: string, prev?: string) {
    return super.del(...windowed(src, masked, EMPHASIS_WINDOW), prev);
  }
  override link(src: string) {
    return super.link(src.slice(0, LINK_WINDOW));
  }
  override reflink(src: string, links: Parameters<Tokenizer['reflink']>[1]) {
    return super.reflink(src.slice(0, LINK_WINDOW), links);
  }
  override codespan(src: string) {
    return super.codespan(src.slice(0, LINK_WINDOW));
  }
  override tag(src: string) {
    return super.tag(src.slice(0, LINK_WINDOW));
  }
}

/**
 * marked tries each block rule at every block, in turn; the rules for HTML, block quotes, link
 * definitions, tables and setext headings are large regular expressions, and running them on
 * ordinary prose was most of the cost of drawing a question. Each can only match text that
 * starts in a certain way, so here a small test of that start comes first, and the rule runs
 * only when it could match: the same tokens, for much less work (a test compares the two on
 * every text of the bank and on random Markdown).
 */
export class PrefilteredTokenizer extends BoundedTokenizer {
  override html(src: string) {
    return /^ {0,3}</.test(src) ? super.html(src) : undefined;
  }
  override blockquote(src: string) {
    return /^ {0,3}>/.test(src) ? super.blockquote(src) : undefined;
  }
  override def(src: string) {
    return /^ {0,3}\[/.test(src) ? super.def(src) : undefined;
  }
  override table(src: string) {
    // A table's second line is its delimiter row: up to three spaces, maybe a pipe, maybe a colon, then a hyphen.
    return /^[^\n]*\n {0,3}(?:\| *)?:?-/.test(src) ? super.table(src) : undefined;
  }
  override lheading(src: string) {
    // A setext heading is text underlined by a line of = or - before the paragraph ends at a blank line.
    const end = src.search(/\n[^\S\n]*\n/);
    const paragraph = end < 0 ? src : src.slice(0, end + 1);
    return /\n {0,3}(?:=+|-+) *(?:\n|$)/.test(paragraph) ? super.lheading(src) : undefined;
  }
}

/** The first `size` characters of `src`, and of the masked paragraph aligned with them (marked aligns the two from the end). */
function windowed(src: string, masked: string, size: number): [string, string] {
  if (src.length <= size) return [src, masked];
  return [src.slice(0, size), masked.slice(0, masked.length - src.length + size)];
}

/**
 * `$…$` and `$$…$$` are TeX: kept as source and set apart like code, so that `_` and `*` in a
 * formula are not read as emphasis. An inline formula does not start or end with a space and
 * is not followed by a digit, so "$5 and $10" stays text.
 */
const INLINE_MATH = /^\$\$([^$]{1,2000}?)\$\$|^\$(?![\s$])([^$\n]{0,400}?[^\s\\$])\$(?!\d)/;
const BLOCK_MATH = /^ {0,3}\$\$([\s\S]{0,4000}?)\$\$[ \t]*(?:\n|$)/;

const inlineMath: TokenizerExtensionFunction = (src) => {
  const m = INLINE_MATH.exec(src);
  return m ? { type: 'math', raw: m[0], text: (m[1] ?? m[2] ?? '').trim() } : undefined;
};
const inlineMathStart: TokenizerStartFunction = (src) => {
  const at = src.indexOf('$');
  return at < 0 ? undefined : at;
};
const blockMath: TokenizerExtensionFunction = (src) => {
  const m = BLOCK_MATH.exec(src);
  return m ? { type: 'mathBlock', raw: m[0], text: (m[1] ?? '').replace(/^\n+|\n+$/g, '') } : undefined;
};
const blockMathStart: TokenizerStartFunction = (src) => /^ {0,3}\$\$/m.exec(src)?.index;

export function lexOptions(tokenizer: Tokenizer = new PrefilteredTokenizer()): MarkedOptions {
  return {
    gfm: true,
    tokenizer,
    extensions: {
      renderers: {},
      childTokens: {},
      inline: [inlineMath],
      startInline: [inlineMathStart],
      block: [blockMath],
      startBlock: [blockMathStart],
    },
  };
}

export function lex(markdown: string, tokenizer?: Tokenizer): Token[] {
  return Lexer.lex(markdown, lexOptions(tokenizer));
}
