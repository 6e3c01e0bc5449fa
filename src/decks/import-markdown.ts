import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { topicOf, type SourceNote } from './import-model.js';
import { readLimitedText, type SourceDeck } from './import-source.js';

/**
 * A Markdown file of questions as headings with the answer under each: the common layout
 * of interview-question repositories. When the file has both `##` and `###` headings, the
 * `##` ones are groups (they become topics) and the `###` ones questions; otherwise
 * every `##` (or `###`) heading is a question. Code blocks are never read as headings.
 */
export function readMarkdownHeadings(file: string): SourceDeck {
  const lines = readLimitedText(file).split('\n');
  const headings: { level: number; text: string; line: number }[] = [];
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1]!.slice(0, 3);
      else if (f[1]!.startsWith(fence)) fence = null;
      return;
    }
    const h = fence === null ? /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/.exec(line) : null;
    if (h) headings.push({ level: h[1]!.length, text: h[2]!, line: i });
  });
  const has = (n: number) => headings.some((h) => h.level === n);
  const questionLevel = has(2) && has(3) ? 3 : has(2) ? 2 : has(3) ? 3 : 0;
  if (questionLevel === 0) throw new UserError(`${file} has no ## or ### headings to read as questions`);
  const fileSlug = topicOf(path.basename(file).replace(/\.[^.]+$/, '')).slice(0, 30) || 'md';
  const notes: SourceNote[] = [];
  const ids = new Map<string, number>();
  const images = new LocalImages(path.dirname(path.resolve(file)));
  let group: string | null = null;
  headings.forEach((h, k) => {
    if (h.level < questionLevel) {
      group = h.level === questionLevel - 1 ? h.text : null;
      return;
    }
    if (h.level > questionLevel) return;
    const next = headings.slice(k + 1).find((o) => o.level <= questionLevel);
    const body = lines
      .slice(h.line + 1, next ? next.line : lines.length)
      // <details><summary>Answer</summary> … </details> only hides the answer on GitHub.
      .filter((l) => l.trim() === '' || !/^(\s*(<\/?details[^>]*>|<summary>.*?<\/summary>))+\s*$/i.test(l))
      .join('\n')
      .trim();
    const prompt = h.text.replace(/^(\d+[.)]|q\d*[.:)]|question\s*\d*[.:)])\s*/i, '').trim();
    const base = `${fileSlug}-${topicOf(prompt).slice(0, 50).replace(/-+$/, '') || 'question'}`;
    const seen = (ids.get(base) ?? 0) + 1;
    ids.set(base, seen);
    const used: string[] = [];
    const linked = body.replace(IMAGE, (whole, alt: string, href: string) => {
      const name = images.add(href.replace(/^<|>$/g, ''));
      if (name === null) return whole;
      used.push(name);
      return `![${alt}](<${name}>)`;
    });
    notes.push({
      key: seen === 1 ? base : `${base}-${seen}`,
      keyKind: 'heading',
      noteType: 'Markdown heading',
      fieldNames: ['Front', 'Back'],
      fields: [prompt, linked],
      media: used,
      tags: group ? [group] : [],
      cloze: false,
      html: false,
    });
  });
  return { format: 'Markdown headings', name: path.basename(file), notes, media: images.media, skipped: [], notices: [] };
}

const IMAGE = /!\[([^\]]*)\]\((<[^>]+>|[^)\s]+)(?:\s+"[^"]*")?\)/g;

/**
 * Images the file shows by a relative path, copied with the questions: only regular files
 * in the Markdown file's folder or below it are read, so a link cannot pull in other files.
 */
class LocalImages {
  readonly media = new Map<string, () => Uint8Array | null>();
  private readonly byPath = new Map<string, string>();
  private readonly root: string;

  constructor(root: string) {
    this.root = fs.realpathSync(root);
  }

  add(href: string): string | null {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.startsWith('#')) return null;
    let real: string;
    try {
      real = fs.realpathSync(path.resolve(this.root, decodeURI(href)));
      const st = fs.statSync(real);
      if (!st.isFile() || st.size > 32 * 1024 * 1024) return null;
    } catch {
      return null;
    }
    const rel = path.relative(this.root, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
    const known = this.byPath.get(real);
    if (known) return known;
    let name = path.basename(real);
    if (name.startsWith('.') || this.media.has(name)) name = `${createHash('sha1').update(rel).digest('hex').slice(0, 8)}-${name.replace(/^\.+/, '')}`;
    this.byPath.set(real, name);
    this.media.set(name, () => fs.readFileSync(real));
    return name;
  }
}
