import { Lexer, Tokenizer, type Token, type Tokens } from 'marked';
import { gutter, rule, style } from './output.js';
import { highlight } from './highlight.js';
import { displayWidth } from './width.js';

/**
 * Markdown to terminal text. A small renderer over marked's lexer instead of
 * marked-terminal: that one loads a highlighter for every language at start-up
 * (about 290 ms), while a question bank needs Python, shell and plain text.
 */
export function renderMarkdown(markdown: string, width: number): string {
  let tokens: Token[];
  try {
    tokens = Lexer.lex(markdown, lexOptions());
  } catch {
    // validate refuses what marked cannot take (5,000 nested `>` overflow its stack); should such
    // text reach here anyway, it is shown as it is written rather than crashing the drill.
    return wrap(markdown, width).join('\n').trimEnd();
  }
  return renderBlocks(tokens, width).join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
}

/**
 * marked's inline rules look for the end of an emphasis, a strikethrough, a link or a code span
 * in the whole rest of the paragraph, once per opening marker: quadratic time on text such as
 * `_*a` repeated (5.8 s for a 16 KB paragraph). Here each of those rules sees only a window of
 * the text ahead, so the work per marker is bounded (and validate bounds the markers per
 * section). A construct longer than its window stays literal text; no real one comes near.
 */
export const EMPHASIS_WINDOW = 400;
export const LINK_WINDOW = 1_000;

class BoundedTokenizer extends Tokenizer {
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

/** The first `size` characters of `src`, and of the masked paragraph aligned with them (marked aligns the two from the end). */
function windowed(src: string, masked: string, size: number): [string, string] {
  if (src.length <= size) return [src, masked];
  return [src.slice(0, size), masked.slice(0, masked.length - src.length + size)];
}

function lexOptions() {
  return { gfm: true, tokenizer: new BoundedTokenizer() };
}

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

function renderBlocks(tokens: Token[], width: number): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'heading': {
        const t = token as Tokens.Heading;
        out.push(style.heading(renderInline(t.tokens)), '');
        break;
      }
      case 'paragraph': {
        const t = token as Tokens.Paragraph;
        out.push(...wrap(renderInline(t.tokens), width), '');
        break;
      }
      case 'text': {
        const t = token as Tokens.Text;
        out.push(...wrap(t.tokens ? renderInline(t.tokens) : t.text, width), '');
        break;
      }
      case 'code': {
        const t = token as Tokens.Code;
        out.push(...renderCode(t.text, t.lang ?? ''), '');
        break;
      }
      case 'list': {
        const t = token as Tokens.List;
        t.items.forEach((item, i) => {
          const bullet = item.task ? (item.checked ? '[x] ' : '[ ] ') : t.ordered ? `${Number(t.start || 1) + i}. ` : '• ';
          const inner = renderBlocks(item.tokens, width - 2 - bullet.length).filter((l) => l !== '');
          inner.forEach((l, j) => out.push((j === 0 ? '  ' + bullet : ' '.repeat(2 + bullet.length)) + l));
        });
        out.push('');
        break;
      }
      case 'blockquote': {
        const t = token as Tokens.Blockquote;
        const inner = renderBlocks(t.tokens, width - 2);
        while (inner.length > 0 && inner[inner.length - 1] === '') inner.pop();
        for (const l of inner) out.push(style.dim('│ ') + l);
        out.push('');
        break;
      }
      case 'hr':
        out.push(rule(Math.min(width, 40)), '');
        break;
      case 'table': {
        const t = token as Tokens.Table;
        const rows = [t.header.map((c) => renderInline(c.tokens)), ...t.rows.map((r) => r.map((c) => renderInline(c.tokens)))];
        const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => visibleLength(r[i] ?? ''))));
        rows.forEach((r, ri) => {
          out.push('  ' + r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - visibleLength(c))).join(style.dim(' │ ')));
          if (ri === 0) out.push('  ' + style.dim(widths.map((w) => '─'.repeat(w)).join('─┼─')));
        });
        out.push('');
        break;
      }
      case 'html':
        // Raw HTML has no meaning in a terminal; show its text.
        out.push(...wrap((token as Tokens.HTML).text.replace(/<[^>]*>/g, '').trim(), width));
        break;
      default:
        if ('text' in token && typeof token.text === 'string') out.push(...wrap(token.text, width), '');
    }
  }
  return out;
}

/** One line of inline Markdown (an option, a title): `code` and **bold** styled, markers gone. */
export function renderInlineText(markdown: string): string {
  return renderInline(Lexer.lexInline(markdown, lexOptions()));
}

export function renderInline(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'strong':
          return style.strong(renderInline((t as Tokens.Strong).tokens));
        case 'em':
          return style.em(renderInline((t as Tokens.Em).tokens));
        case 'codespan':
          // marked 17 no longer escapes code spans: their text is shown exactly as written.
          return style.code((t as Tokens.Codespan).text);
        case 'link': {
          const l = t as Tokens.Link;
          const text = renderInline(l.tokens);
          return text === l.href ? style.link(l.href) : `${text} (${style.link(l.href)})`;
        }
        case 'br':
          return '\n';
        case 'del':
          return renderInline((t as Tokens.Del).tokens);
        case 'escape':
        case 'text': {
          const x = t as Tokens.Text;
          // A line break inside a paragraph is a soft break: a space, re-wrapped to the terminal.
          return x.tokens ? renderInline(x.tokens) : unescape(x.text).replace(/\n/g, ' ');
        }
        case 'html':
          return '';
        default:
          return 'text' in t && typeof t.text === 'string' ? unescape(t.text) : '';
      }
    })
    .join('');
}

function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Code keeps its own line breaks (wrapping would change what it means), indented and highlighted. */
export function renderCode(code: string, language: string): string[] {
  const g = gutter();
  return highlight(code, language)
    .split('\n')
    .map((l) => '  ' + g + l);
}
