/**
 * Any front matter, through gray-matter (the project's front-matter parser) and the `yaml`
 * package as its YAML engine, whose document model knows where every key and value stands
 * (through a LineCounter), so problems found later point at the right line without reading
 * the text again. Loaded only when a file needs more than the fast path of front-matter.ts.
 */
import matter from 'gray-matter';
import { isMap, isScalar, LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { FrontMatter, KeyPosition } from './front-matter.js';

/** Aliases expanded while building the data: a "billion laughs" file is refused, not expanded. */
const MAX_ALIAS_COUNT = 100;

class RefusedLanguage extends Error {
  constructor(readonly language: string) {
    super(`front matter in '${language}' is refused: only YAML is allowed`);
  }
}

class YamlProblem extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

function refuseEngine(name: string) {
  return {
    parse(): never {
      throw new RefusedLanguage(name);
    },
  };
}

/** What the parse gives gray-matter as `data`: the values and where their keys stand. */
interface Parsed {
  value: unknown;
  keys: Map<string, KeyPosition>;
}

const PARSED = Symbol('parsed');

/** Any front matter, through gray-matter and the `yaml` package. */
export function fullFrontMatter(head: string): FrontMatter {
  const yamlEngine = {
    parse(src: string): Record<symbol, Parsed> {
      const lineCounter = new LineCounter();
      // YAML 1.2 core schema, plus timestamps so that a date where text is expected is named as one.
      const doc = parseDocument(src, { lineCounter, customTags: ['timestamp'], uniqueKeys: true });
      const error = doc.errors[0];
      if (error) throw yamlProblem(error, src);
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        throw new YamlProblem(1, 1, `invalid YAML: ${(e as Error).message}`);
      }
      const keys = new Map<string, KeyPosition>();
      if (isMap(doc.contents)) {
        for (const pair of doc.contents.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : null;
          const at = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
          if (key === null || at === undefined || keys.has(key)) continue;
          const v = pair.value as { range?: [number, number, number] } | null;
          const source = v?.range ? src.slice(v.range[0], v.range[1]).trim() : '';
          keys.set(key, { line: lineCounter.linePos(at).line, source });
        }
      }
      return { [PARSED]: { value, keys } };
    },
  };
  // gray-matter evaluates `---js` / `---javascript` front matter with eval by default: both
  // engines are replaced with ones that refuse. An options object is always passed, because
  // without one gray-matter's cache returns empty data for a file that failed before.
  const options = { language: 'yaml', engines: { yaml: yamlEngine, js: refuseEngine('js'), javascript: refuseEngine('javascript') } };
  let data: unknown;
  try {
    data = matter(head, options).data as unknown;
  } catch (error) {
    if (error instanceof RefusedLanguage) return { ok: false, line: 1, col: 1, message: error.message };
    if (error instanceof YamlProblem) return { ok: false, line: error.line, col: error.col, message: error.message };
    return { ok: false, line: 1, col: 1, message: `invalid front matter: ${(error as Error).message ?? String(error)}` };
  }
  // Front matter of only comments never reaches the engine: gray-matter gives {}.
  const parsed = (data as Record<symbol, Parsed | undefined>)[PARSED] ?? { value: {}, keys: new Map<string, KeyPosition>() };
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    return { ok: false, line: 2, col: 1, message: 'front matter must be a set of key: value lines' };
  }
  return { ok: true, data: value as Record<string, unknown>, keys: parsed.keys };
}

/** A YAML error as one line at its position, with how to fix the common ones. */
function yamlProblem(error: YAMLError, src: string): YamlProblem {
  let pos = error.linePos?.[0] ?? { line: 1, col: 1 };
  const reason = error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').replace(/\s+/g, ' ').trim();
  const lines = src.split('\n');
  let lineText = lines[pos.line - 1] ?? '';
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && !/:\s*\S*:/.test(lineText)) {
    // YAML points at the value the indented line below was joined to: point at that line.
    const below = lines.findIndex((l, i) => i >= pos.line && /^\s+\S[^:]*:(\s|$)/.test(l));
    if (below >= 0) {
      lineText = lines[below]!;
      pos = { line: below + 1, col: lineText.search(/\S/) + 1 };
    }
  }
  const advice = adviceFor(error.code, lineText);
  return new YamlProblem(pos.line, pos.col, `invalid YAML: ${reason}${advice ? `; ${advice}` : ''}`);
}

function adviceFor(code: string, lineText: string): string {
  const pair = /^(\s*[\w.-]+)\s*:\s*(.*)$/.exec(lineText);
  const quoted = pair ? `${pair[1]!.trim()}: "${pair[2]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : '';
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      return pair && /^\S/.test(lineText) && pair[2]!.includes(':')
        ? `a value holding ": " must be quoted, for example ${quoted}`
        : 'a key starts at the beginning of its line; check the indentation';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BAD_INDENT':
      return /\[[^\]]*$|\{[^}]*$/.test(lineText) || !pair ? 'close every [ with ] and { with } on the same line, and start each key at the beginning of its line' : 'check the indentation';
    case 'MISSING_CHAR':
      return 'a quoted value needs its closing quote on the same line';
    case 'DUPLICATE_KEY':
      return 'each key may appear once';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_ALIAS':
    case 'BAD_SCALAR_START':
      return pair ? `a value starting with * & @ \` ! | > % or a quote must be quoted, for example ${quoted}` : '';
    default:
      return '';
  }
}
