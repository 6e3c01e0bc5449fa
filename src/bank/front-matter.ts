/**
 * The front matter of a question file, read once with positions. Most files hold only
 * `key: value` lines, read here by a fast path; anything else goes to the full parser
 * (front-matter-full.ts: gray-matter with the `yaml` package as its engine), which load.ts
 * loads only when a bank needs it: loading those two is a large part of a start on a deck.
 */

export interface KeyPosition {
  /** 1-based line of the key in the file. */
  line: number;
  /** The value as written in the file (for advice such as "quote it"). */
  source: string;
}

export type FrontMatter =
  | { ok: true; data: Record<string, unknown>; keys: Map<string, KeyPosition> }
  | { ok: false; line: number; col: number; message: string };

/**
 * Parse the front matter. `head` is the file from its first line through the closing `---`
 * line; gray-matter hands the engine the text after the opening `---`, which starts with that
 * line's newline, so YAML's line numbers are the file's.
 */
export function readFrontMatter(head: string): FrontMatter {
  const simple = simpleFrontMatter(head);
  if (simple) return simple;
  if (!full) throw new FullParserNeeded();
  return full(head);
}

let full: ((head: string) => FrontMatter) | null = null;

/** Thrown when front matter needs the full parser and it is not loaded: load it (load.ts) and read the bank again. */
export class FullParserNeeded extends Error {
  constructor() {
    super('the full front-matter parser is not loaded');
  }
}

/** Hand over the full parser (front-matter-full.ts), once load.ts has loaded it. */
export function useFullFrontMatter(parse: (head: string) => FrontMatter): void {
  full = parse;
}

/** A key of the fast path: a plain name (never `__proto__` and the like). */
const SIMPLE_KEY = /^([A-Za-z][A-Za-z0-9_-]*): (.*)$/;
/**
 * A plain scalar that YAML can only read as this very string: it starts with a letter (so it is
 * no number, date or indicator), ends with no space, and holds no comment (`#`), no `: ` and no
 * character outside a safe set. Anything else, such as quotes at the start, goes to the full parser.
 */
const SIMPLE_SCALAR = /^[A-Za-z](?:[A-Za-z0-9 _.,'()/?!+=&%@$*;-]|:(?=[^\s]))*(?<! )$/;
const SIMPLE_ITEM = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** Plain words YAML's core schema reads as null or a boolean, not as text (and YAML 1.1's, to be safe). */
const NOT_TEXT = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$/;

/**
 * The fast path for the common case: every line between the fences is `key: value`, where a value
 * is a plain word or phrase or a one-line list of plain words (`topics: [a, b]`). Most question
 * files look like that, and reading them this way costs a small part of a YAML parse. Null for
 * anything else (comments, quotes, nested lists, numbers, repeated keys...): the full parser
 * reads it, and a property test holds the two to the same result.
 */
export function simpleFrontMatter(head: string): FrontMatter | null {
  if (!head.startsWith('---\n') || !head.endsWith('\n---\n')) return null;
  const lines = head.slice(4, -5).split('\n');
  const data: Record<string, unknown> = {};
  const keys = new Map<string, KeyPosition>();
  for (const [i, line] of lines.entries()) {
    if (line === '') continue;
    const m = SIMPLE_KEY.exec(line);
    if (!m) return null;
    const [, key, source] = m as unknown as [string, string, string];
    if (keys.has(key) || NOT_TEXT.test(key)) return null;
    let value: unknown;
    if (source.startsWith('[')) {
      if (!source.endsWith(']')) return null;
      const inner = source.slice(1, -1).trim();
      const items = inner === '' ? [] : inner.split(',').map((item) => item.trim());
      if (items.some((item) => !SIMPLE_ITEM.test(item) || NOT_TEXT.test(item))) return null;
      value = items;
    } else {
      if (!SIMPLE_SCALAR.test(source) || NOT_TEXT.test(source)) return null;
      value = source;
    }
    data[key] = value;
    keys.set(key, { line: i + 2, source });
  }
  if (keys.size === 0) return null;
  return { ok: true, data, keys };
}

