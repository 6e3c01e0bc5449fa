/**
 * HTML as Anki cards and imported notes hold it, turned into the Markdown it means, so the
 * renderer shows its structure: bold stays bold, `<br>` breaks the line, `<li>` is a list item,
 * `<pre>` a code block, a table a table. Comments are dropped, `<script>`/`<style>` with their
 * content; any other tag is removed and its text kept. A small scanner rather than an HTML
 * library: a card uses a handful of tags, and the text around them is Markdown already.
 */

/**
 * A Markdown code span (kept as written: `<div>` in backticks is text), a comment (closed or
 * running to the end), a script/style element with its content, or a tag.
 */
const TAG = /`[^`\n]{1,500}`|<!--[\s\S]*?(?:-->|$)|<(script|style)\b[^>]{0,500}>[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([A-Za-z][A-Za-z0-9-]{0,30})((?:\s[^<>]{0,1000}?)?)\s*\/?>/gi;

/** Lists nested deeper than this are drawn at this depth: the text stays, the indentation stops growing. */
const MAX_LIST_DEPTH = 8;

interface Open {
  tag: string;
  /** Written when the tag closes. */
  close: string;
}

function attribute(attrs: string, name: string): string {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim();
}

const BLOCK = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'center', 'dl', 'dt', 'dd', 'figure', 'figcaption']);
const EMPHASIS: Record<string, string> = { b: '**', strong: '**', i: '*', em: '*', u: '*', ins: '*', s: '~~', del: '~~', strike: '~~' };

/** Whether the text holds a tag or a comment this module would change. */
export function hasHtml(text: string): boolean {
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) if (!m[0].startsWith('`')) return true;
  return false;
}

export function htmlToMarkdown(html: string): string {
  let out = '';
  let last = 0;
  const open: Open[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let pre = 0;
  let table: { rows: number; cells: number; headerCells: number } | null = null;
  const separator = (cells: number) => `\n|${' --- |'.repeat(Math.max(1, cells))}`;
  const inside = (tag: string) => open.some((o) => o.tag === tag);
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    const text = html.slice(last, m.index);
    out += table !== null || pre > 0 ? text.replace(/\n/g, pre > 0 ? '\n' : ' ') : text;
    last = TAG.lastIndex;
    if (m[0].startsWith('`')) {
      out += m[0];
      continue;
    }
    if (m[0].startsWith('<!--') || m[1] !== undefined) continue;
    const closing = m[2] === '/';
    const tag = m[3]!.toLowerCase();
    const attrs = m[4] ?? '';
    if (closing) {
      const at = open.map((o) => o.tag).lastIndexOf(tag);
      if (at >= 0) {
        for (const o of open.splice(at).reverse()) out += o.close;
      }
      if (tag === 'ul' || tag === 'ol') lists.pop();
      if (tag === 'pre' && pre > 0) pre--;
      if (tag === 'tr' && table !== null && table.rows === 1) table.headerCells = table.cells;
      if (tag === 'table' && table !== null) {
        // A table of one row still needs the separator below its header.
        if (table.rows === 1) out = out.replace(/\n*$/, (tail) => separator(table!.headerCells || table!.cells) + tail);
        table = null;
      }
      continue;
    }
    if (pre > 0) continue; // inside <pre>, tags are dropped and their text kept
    const push = (openWith: string, close: string) => {
      out += openWith;
      open.push({ tag, close });
    };
    if (tag === 'br') out += table !== null ? ' ' : '  \n';
    else if (tag in EMPHASIS) push(EMPHASIS[tag]!, EMPHASIS[tag]!);
    else if (BLOCK.has(tag)) push('\n\n', '\n\n');
    else if (tag === 'ul' || tag === 'ol') {
      lists.push({ ordered: tag === 'ol', n: Number(attribute(attrs, 'start')) || 1 });
      push('\n\n', '\n\n');
    } else if (tag === 'li') {
      const list = lists[lists.length - 1] ?? { ordered: false, n: 1 };
      const marker = list.ordered ? `${list.n++}. ` : '- ';
      push(`\n${'    '.repeat(Math.min(MAX_LIST_DEPTH, Math.max(0, lists.length - 1)))}${marker}`, '');
    } else if (tag === 'code' && !inside('code')) push('`', '`');
    else if (tag === 'pre') {
      pre++;
      push('\n\n```\n', '\n```\n\n');
    } else if (tag === 'sub' || tag === 'sup') {
      // Only a short look ahead: sub- and superscripts are a few characters.
      const ahead = html.slice(last, last + 200);
      const end = ahead.toLowerCase().indexOf(`</${tag}`);
      const inner = end < 0 ? '' : ahead.slice(0, end).replace(/<[^>]*>/g, '');
      const mark = tag === 'sub' ? '\\_' : '^';
      if (inner.length > 1) push(`${mark}(`, ')');
      else push(mark, '');
    } else if (tag === 'a') {
      const href = attribute(attrs, 'href');
      if (href !== '') push('[', `](${href.replace(/[()\s]/g, encodeURIComponent)})`);
      else push('', '');
    } else if (tag === 'img') {
      const src = attribute(attrs, 'src');
      const alt = attribute(attrs, 'alt').replace(/[[\]]/g, '');
      out += src !== '' ? `![${alt}](${src.replace(/[()\s]/g, encodeURIComponent)})` : alt !== '' ? `[image: ${alt}]` : '';
    } else if (tag === 'table') {
      table = { rows: 0, cells: 0, headerCells: 0 };
      push('\n\n', '\n\n');
    } else if (tag === 'tr' && table !== null) {
      // The second row is preceded by the separator that makes the first one a header.
      if (table.rows === 1) out += separator(table.headerCells || table.cells);
      if (table.rows === 0) table.headerCells = 0;
      table.rows++;
      table.cells = 0;
      push('\n|', '');
    } else if ((tag === 'td' || tag === 'th') && table !== null) {
      table.cells++;
      if (table.rows === 1) table.headerCells = table.cells;
      push(' ', ' |');
    }
    // Any other tag (span, font, tbody, unknown ones) is dropped; its text stays.
  }
  out += html.slice(last);
  for (const o of open.reverse()) out += o.close;
  return out.replace(/\n{3,}/g, '\n\n');
}
