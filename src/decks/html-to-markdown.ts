// turndown: the maintained HTML-to-Markdown converter; in Node it parses with its bundled
// DOM (@mixmark-io/domino), so no browser is needed. Anki fields are HTML; questions are Markdown.
import TurndownService from 'turndown';

let service: TurndownService | null = null;

function converter(): TurndownService {
  if (service) return service;
  const t = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*', hr: '---' });
  // Tables, sub- and superscripts have no plain Markdown form: kept as HTML, which the drill renders.
  t.keep(['table', 'sub', 'sup']);
  // Anki's code blocks are often <pre> without <code>: fenced all the same.
  t.addRule('bare-pre', {
    filter: (node) => node.nodeName === 'PRE' && !node.querySelector('code'),
    replacement: (_content, node) => `\n\n\`\`\`\n${(node.textContent ?? '').replace(/\n$/, '')}\n\`\`\`\n\n`,
  });
  // One space after a list marker (turndown writes three), as people write Markdown.
  t.addRule('list-item', {
    filter: 'li',
    replacement: (content, node, options) => {
      const parent = node.parentNode as { nodeName: string; getAttribute(name: string): string | null; children: ArrayLike<unknown> } | null;
      let prefix = `${options.bulletListMarker ?? '-'} `;
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? '1');
        prefix = `${(Number.isFinite(start) ? start : 1) + Array.prototype.indexOf.call(parent.children, node)}. `;
      }
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/gm, `\n${' '.repeat(prefix.length)}`);
      return prefix + body + (node.nextSibling && !/\n$/.test(body) ? '\n' : '');
    },
  });
  // A link whose text is its address (GFM autolinks, as marked writes them) stays bare text.
  t.addRule('autolink', {
    filter: (node) => {
      const href = node.nodeName === 'A' ? (node.getAttribute('href') ?? '') : '';
      const text = node.textContent ?? '';
      return href !== '' && (href === text || href === `mailto:${text}`);
    },
    replacement: (_content, node) => node.textContent ?? '',
  });
  // An underscore inside a word (read_uncommitted) is not emphasis in GFM: no need to escape it.
  const escape = t.escape.bind(t);
  t.escape = (text: string) => escape(text).replace(/([A-Za-z0-9])\\_(?=[A-Za-z0-9])/g, '$1_');
  t.remove(['script', 'style']);
  service = t;
  return t;
}

/**
 * Anki HTML (or a CrowdAnki field) to Markdown. Anki's MathJax delimiters \(…\) and \[…\]
 * become $…$ and $$…$$ and are kept out of the converter, which would escape their backslashes.
 */
export function htmlToMarkdown(html: string): string {
  if (html.trim() === '') return '';
  const math: string[] = [];
  const hold = (tex: string, display: boolean) => {
    math.push(display ? `$$${tex}$$` : `$${tex}$`);
    return `MDRILLMATH${math.length - 1}X`;
  };
  const held = html
    .replace(/\\\[([\s\S]*?)\\\]/g, (_m, tex: string) => hold(decodeEntities(tex), true))
    .replace(/\\\(([\s\S]*?)\\\)/g, (_m, tex: string) => hold(decodeEntities(tex), false));
  const markdown = converter()
    .turndown(held)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, (spaces) => (spaces.length >= 2 ? '  ' : ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return markdown.replace(/MDRILLMATH(\d+)X/g, (_m, i: string) => math[Number(i)] ?? '');
}

function decodeEntities(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Text of HTML, for titles and reports. */
export function htmlToText(html: string): string {
  return markdownToText(htmlToMarkdown(html));
}

/** Text of Markdown made by htmlToMarkdown: marks, images and escapes removed. */
export function markdownToText(markdown: string): string {
  const linked = markdown.replace(/!\[[^\]]*\]\([^)]*\)/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  // Emphasis and code marks go; a character the converter escaped (`\_` in `__init__`) stays.
  let text = '';
  for (let i = 0; i < linked.length; i++) {
    const c = linked[i]!;
    if (c === '\\' && i + 1 < linked.length && /[\\`*_{}[\]()#+\-.!>~|<]/.test(linked[i + 1]!)) text += linked[++i];
    else if (!/[*_`#>]/.test(c) || (c === '_' && /[A-Za-z0-9]/.test(linked[i - 1] ?? '') && /[A-Za-z0-9]/.test(linked[i + 1] ?? ''))) text += c;
  }
  return text.replace(/\s+/g, ' ').trim();
}
