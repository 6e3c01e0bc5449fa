import { Lexer, type Token, type Tokens } from 'marked';
import { sanitize } from '../sanitize.js';
import { hasHtml, htmlToMarkdown } from './html.js';
import { lex, lexOptions } from './markdown-lexer.js';
import { gutter, rule, style } from './output.js';
import { visibleLength, wrap } from './wrap.js';
import { highlight } from './highlight.js';

/**
 * Markdown to terminal text. A small renderer over marked's lexer instead of
 * marked-terminal: that one loads a highlighter for every language at start-up
 * (about 290 ms), while a question bank needs Python, shell and plain text.
 */
export function renderMarkdown(markdown: string, width: number): string {
  let tokens: Token[];
  try {
    tokens = lex(markdown);
  } catch {
    // validate refuses what marked cannot take (5,000 nested `>` overflow its stack); should such
    // text reach here anyway, it is shown as it is written rather than crashing the drill.
    return wrap(markdown, width).join('\n').trimEnd();
  }
  return renderBlocks(tokens, width).join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
}

export { visibleLength, wrap } from './wrap.js';

/**
 * HTML inside Markdown is rendered once more as the Markdown it means (see html.ts); `depth`
 * stops that after one round, should a converted text still hold something marked takes for HTML.
 */
function renderBlocks(tokens: Token[], width: number, depth = 0): string[] {
  const out: string[] = [];
  const asMarkdown = (html: string): string[] | null => {
    if (depth > 0 || !hasHtml(html)) return null;
    try {
      return renderBlocks(lex(htmlToMarkdown(html)), width, depth + 1);
    } catch {
      return null;
    }
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'heading': {
        const t = token as Tokens.Heading;
        out.push(style.heading(renderInline(t.tokens)), '');
        break;
      }
      case 'paragraph':
      case 'text': {
        const t = token as Tokens.Paragraph | Tokens.Text;
        const html = t.tokens?.some((x) => x.type === 'html') ? asMarkdown(t.text) : null;
        if (html) out.push(...html, '');
        else out.push(...wrap(t.tokens ? renderInline(t.tokens) : unescape(t.text), width), '');
        break;
      }
      case 'mathBlock':
        out.push(...renderCode((token as unknown as { text: string }).text, 'tex'), '');
        break;
      case 'code': {
        const t = token as Tokens.Code;
        out.push(...renderCode(t.text, t.lang ?? ''), '');
        break;
      }
      case 'list': {
        const t = token as Tokens.List;
        t.items.forEach((item, i) => {
          const bullet = item.task ? (item.checked ? '[x] ' : '[ ] ') : t.ordered ? `${Number(t.start || 1) + i}. ` : '• ';
          const inner = renderBlocks(item.tokens, width - 2 - bullet.length, depth).filter((l) => l !== '');
          inner.forEach((l, j) => out.push((j === 0 ? '  ' + bullet : ' '.repeat(2 + bullet.length)) + l));
        });
        out.push('');
        break;
      }
      case 'blockquote': {
        const t = token as Tokens.Blockquote;
        const inner = renderBlocks(t.tokens, width - 2, depth);
        while (inner.length > 0 && inner[inner.length - 1] === '') inner.pop();
        for (const l of inner) out.push(style.dim('│ ') + l);
        out.push('');
        break;
      }
      case 'hr':
        out.push(rule(Math.min(width, 40)), '');
        break;
      case 'table':
        out.push(...renderTable(token as Tokens.Table, width), '');
        break;
      case 'html': {
        // HTML is shown with the structure it means; failing that, its text without the tags.
        const text = (token as Tokens.HTML).text;
        const html = asMarkdown(text);
        if (html) out.push(...html, '');
        else out.push(...wrap(unescape(text.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/<[^>]*>/g, '').trim()), width));
        break;
      }
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
        case 'image': {
          // Nothing may vanish: a formula drawn as an image still says that it is there and where.
          const img = t as Tokens.Image;
          return `[image${img.text ? `: ${unescape(img.text)}` : ''}] ${style.link(img.href)}`;
        }
        case 'math':
          return style.code((t as unknown as { text: string }).text);
        default:
          return 'text' in t && typeof t.text === 'string' ? unescape(t.text) : '';
      }
    })
    .join('');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** HTML entities as the characters they stand for; one that stands for a control character is dropped. */
function unescape(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});/g, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? sanitize(String.fromCodePoint(code)) : '';
  });
}

/** The separator drawn between columns, and its width in cells. */
const COLUMN_GAP = 3;

/**
 * A table as columns when it fits the width; otherwise one record per block ("header: value"
 * lines, wrapped), so no cell is cut and nothing wraps row by row across the screen.
 */
function renderTable(t: Tokens.Table, width: number): string[] {
  const header = t.header.map((c) => renderInline(c.tokens));
  const rows = t.rows.map((r) => r.map((c) => renderInline(c.tokens)));
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => visibleLength(r[i] ?? ''))));
  const natural = 2 + widths.reduce((a, b) => a + b, 0) + COLUMN_GAP * (widths.length - 1);
  const out: string[] = [];
  if (natural <= width) {
    all.forEach((r, ri) => {
      out.push('  ' + r.map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(c)))).join(style.dim(' │ ')));
      if (ri === 0) out.push('  ' + style.dim(widths.map((w) => '─'.repeat(w)).join('─┼─')));
    });
    return out;
  }
  rows.forEach((r, ri) => {
    if (ri > 0) out.push('');
    header.forEach((h, i) => {
      const cell = r[i] ?? '';
      const lines = wrap(`${style.strong(h === '' ? `column ${i + 1}` : h)}: ${cell}`, width, '    ');
      out.push(...lines.map((l, j) => (j === 0 ? '  ' + l.slice(4) : l)));
    });
  });
  return out;
}

/** Code keeps its own line breaks (wrapping would change what it means), indented and highlighted. */
export function renderCode(code: string, language: string): string[] {
  const g = gutter();
  return highlight(code, language)
    .split('\n')
    .map((l) => '  ' + g + l);
}
