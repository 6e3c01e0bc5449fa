import { createHash } from 'node:crypto';
import { Lexer, Marked, type Token } from 'marked';
import type { Question } from '../bank/question.js';
import { titleRepeatsPrompt } from '../bank/title.js';
import { FIELD_SEPARATOR, type NoteTypeSpec } from './anki-schema.js';

/**
 * Questions to Anki notes: pure functions from a parsed question to the fields, tags and
 * ids Anki stores. The Markdown of a question becomes HTML with marked, which the bank
 * already uses; raw HTML in a question is shown as text, never passed to the card.
 */
export const NOTE_FIELDS = ['Prompt', 'Code', 'Options', 'Hints', 'Answer', 'Explanation', 'Source'] as const;
export type NoteField = (typeof NOTE_FIELDS)[number];
export const CLOZE_FIELDS = ['Text', 'Back Extra', 'Hints', 'Explanation', 'Source'] as const;

/** Prefix of the guid of every note written by `export`: `import` reads the question id back from it. */
export const GUID_PREFIX = 'mlops-drill:';
export const NOTE_TYPE_NAME = 'mlops-drill';
export const CLOZE_NOTE_TYPE_NAME = 'mlops-drill cloze';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const SAFE_URL = /^(https?:|mailto:|[^:]*$)/i;

const marked = new Marked({
  gfm: true,
  renderer: {
    // Raw HTML in a question is shown as the text it is, so a question cannot run script in a card.
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, tokens }) {
      const inner = this.parser.parseInline(tokens);
      return SAFE_URL.test(href) ? `<a href="${escapeHtml(href)}">${inner}</a>` : inner;
    },
    image({ href, text }) {
      return SAFE_URL.test(href) ? `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}">` : escapeHtml(text);
    },
  },
});

/** Maps an image link to the name of the media file in the package (or leaves it). */
export type ImageLink = (href: string) => string;

function linkImages(image: ImageLink | undefined) {
  return image ? (t: Token) => void (t.type === 'image' && (t.href = image(t.href))) : undefined;
}

export function markdownToHtml(markdown: string, image?: ImageLink): string {
  if (markdown.trim() === '') return '';
  return (marked.parse(markdown, { async: false, walkTokens: linkImages(image) }) as string).trim();
}

function inlineHtml(markdown: string, image?: ImageLink): string {
  return (marked.parseInline(markdown, { async: false, walkTokens: linkImages(image) }) as string).trim();
}

function codeHtml(text: string, language: string): string {
  const cls = language ? ` class="language-${escapeHtml(language)}"` : '';
  return `<pre><code${cls}>${escapeHtml(text)}</code></pre>`;
}

/** The prompt of an output question without its code block, which has a field of its own. */
export function promptWithoutCode(q: Pick<Question, 'prompt' | 'code'>): string {
  if (!q.code) return q.prompt;
  const tokens = Lexer.lex(q.prompt, { gfm: true });
  const at = tokens.findIndex((t: Token) => t.type === 'code');
  if (at < 0) return q.prompt;
  return tokens
    .filter((_, i) => i !== at)
    .map((t) => t.raw)
    .join('')
    // An output prompt has one code block, the one removed: no other block's blank lines are touched.
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function questionFields(q: Question, image?: ImageLink): Record<NoteField, string> {
  const html = (md: string) => markdownToHtml(md, image);
  const answer =
    q.type === 'output' && q.grading !== 'self'
      ? [codeHtml(q.answer, 'text'), html(q.answerNotes)].filter((s) => s !== '').join('\n')
      : html(q.answer);
  return {
    Prompt: titleHtml(q) + html(promptWithoutCode(q)),
    Code: q.code ? codeHtml(q.code.text, q.code.language) : '',
    Options: q.choices
      ? `<ol class="options">${q.choices.map((c) => `<li${c.correct ? ' class="correct"' : ''}>${inlineHtml(c.text, image)}</li>`).join('')}</ol>`
      : '',
    Hints: q.hints.map((h) => `<div class="hint">${html(h)}</div>`).join(''),
    Answer: answer,
    Explanation: html(q.explanation),
    Source: [q.source ? sourceHtml(q.source) : '', q.license ? `${LICENSE_LABEL}${escapeHtml(q.license)}` : ''].filter((x) => x !== '').join('<br>'),
  };
}

/**
 * A question's own title opens the Prompt field, as the drill shows it above the prompt
 * (and Anki's browser then lists notes by title); a title made from the prompt is left out.
 */
export function titleHtml(q: Pick<Question, 'title' | 'prompt'>): string {
  return q.title !== '' && !titleRepeatsPrompt(q.title, q.prompt) ? `<div class="title">${escapeHtml(q.title)}</div>` : '';
}

/** How the licence is written in the Source field, so `import` can tell it from the source. */
export const LICENSE_LABEL = 'License: ';

function sourceHtml(source: string): string {
  return /^https?:\/\/\S+$/.test(source) ? `<a href="${escapeHtml(source)}">${escapeHtml(source)}</a>` : escapeHtml(source);
}

/**
 * Anki tags hold no spaces; topics and difficulty become tags, and a self-graded output
 * question says so in one, so that `import` gives it back as it was.
 */
export function questionTags(q: Pick<Question, 'topics' | 'difficulty'> & Partial<Pick<Question, 'grading' | 'unrated'>>): string[] {
  const tag = (s: string) => s.trim().replace(/\s+/g, '_');
  const grading = q.grading === 'self' ? ['grading::self'] : [];
  // An unrated question has no difficulty to tell Anki (the drill only filters it as medium).
  const difficulty = q.unrated ? [] : [`difficulty::${tag(q.difficulty)}`];
  return [...new Set([...q.topics.map(tag), ...difficulty, ...grading])].filter((t) => t !== '');
}

/** The same question gives the same guid on every export, so Anki updates its note instead of adding one. */
export const guidFor = (id: string): string => GUID_PREFIX + id;

/**
 * A stable integer id in the range Anki uses (milliseconds since 1970, here 2017 to 2020),
 * derived from a key: the same deck exported twice gets the same note, card and deck ids.
 */
export function stableId(key: string): number {
  const hash = createHash('sha1').update(key).digest();
  return 1_500_000_000_000 + (hash.readUIntBE(0, 6) % 100_000_000_000);
}

/** HTML reduced to text, as Anki keeps it in notes.sfld for sorting and duplicate checks. */
export function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Anki's checksum of the first field: the first 8 hex digits of its SHA-1, as a number. */
export function fieldChecksum(text: string): number {
  return parseInt(createHash('sha1').update(text).digest('hex').slice(0, 8), 16);
}

export const joinFields = (fields: readonly string[]): string => fields.join(FIELD_SEPARATOR);

/** Cloze numbers used in a text (`{{c2::…}}` → 2), each a card of its own. */
export function clozeNumbers(text: string): number[] {
  const found = new Set<number>();
  for (const m of text.matchAll(/\{\{c(\d+)::/g)) {
    const n = Number(m[1]);
    if (n > 0) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

const CSS = `.card { font-family: -apple-system, "Segoe UI", Arial, sans-serif; font-size: 18px; text-align: left; line-height: 1.4; }
.title { font-weight: bold; margin-bottom: 8px; }
pre { background: rgba(127,127,127,0.12); padding: 8px; overflow-x: auto; }
.options-back li.correct { font-weight: bold; color: #2e7d32; }
.options-back li.correct::after { content: " \\2714"; }
.hint { margin: 4px 0; }
.explanation h4 { margin-bottom: 2px; }
.source { margin-top: 12px; font-size: 13px; opacity: 0.7; }`;

const FRONT = `<div class="prompt">{{Prompt}}</div>
{{#Code}}<div class="code">{{Code}}</div>{{/Code}}
{{#Options}}<div class="options-front">{{Options}}</div>{{/Options}}
{{#Hints}}<div class="hints">{{hint:Hints}}</div>{{/Hints}}`;

const BACK = `<div class="prompt">{{Prompt}}</div>
{{#Code}}<div class="code">{{Code}}</div>{{/Code}}
{{#Options}}<div class="options-back">{{Options}}</div>{{/Options}}
<hr id="answer">
{{#Answer}}<div class="answer">{{Answer}}</div>{{/Answer}}
{{#Explanation}}<div class="explanation"><h4>Why</h4>{{Explanation}}</div>{{/Explanation}}
{{#Source}}<div class="source">Source: {{Source}}</div>{{/Source}}`;

export function basicNoteType(deckId: number): NoteTypeSpec {
  return {
    id: stableId(`note type ${NOTE_TYPE_NAME}`),
    name: NOTE_TYPE_NAME,
    fields: [...NOTE_FIELDS],
    templates: [{ name: 'Question', qfmt: FRONT, afmt: BACK }],
    css: CSS,
    type: 0,
    deckId,
    required: [0],
  };
}

export function clozeNoteType(deckId: number): NoteTypeSpec {
  return {
    id: stableId(`note type ${CLOZE_NOTE_TYPE_NAME}`),
    name: CLOZE_NOTE_TYPE_NAME,
    fields: [...CLOZE_FIELDS],
    templates: [
      {
        name: 'Cloze',
        qfmt: '{{cloze:Text}}\n{{#Hints}}<div class="hints">{{hint:Hints}}</div>{{/Hints}}',
        afmt: '{{cloze:Text}}\n{{#Back Extra}}<div class="answer">{{Back Extra}}</div>{{/Back Extra}}\n{{#Explanation}}<div class="explanation"><h4>Why</h4>{{Explanation}}</div>{{/Explanation}}\n{{#Source}}<div class="source">Source: {{Source}}</div>{{/Source}}',
      },
    ],
    css: CSS,
    type: 1,
    deckId,
    required: [0],
  };
}
