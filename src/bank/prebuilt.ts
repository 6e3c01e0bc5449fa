import fs from 'node:fs';
import path from 'node:path';
import { identityOf, settledAt } from '../file-identity.js';
import { packageRoot, packageVersion } from '../package-root.js';
import { readOwnFile, unsafeFolderReason, writeFileWhole } from '../progress/folder.js';
import { displayPath, findQuestionFiles, type LoadedBank } from './files.js';
import type { Question } from './question.js';

/**
 * The bundled bank, parsed at build time (dist/bank-index.json). It is used only while
 * every question file is the one it was built from (a fingerprint per file), so an
 * edited, added or removed file means the bank is parsed from its files as usual. Hashes,
 * not modification times: npm sets every file's time to a fixed date when packing.
 *
 * Each question's text (prompt, code, choices, hints, answer, notes, explanation,
 * references) is kept apart, in dist/bank-text.jsonl, one JSON line per question, and read
 * and parsed the first time it is used: a drill shows a handful of the questions, and
 * parsing the text of all of them was the largest part of its start.
 */
export const INDEX_FILE = 'bank-index.json';
export const TEXT_FILE = 'bank-text.jsonl';
const FORMAT = 2;

/** The fields of a question parsed only when first read; in the index each is a placeholder 0, in place, so keys keep their order. */
const LAZY_FIELDS = ['prompt', 'code', 'choices', 'hints', 'answer', 'answerNotes', 'explanation', 'references'] as const;
const LAZY = new Set<string>(LAZY_FIELDS);

export interface BankIndex {
  v: typeof FORMAT;
  program: string;
  /** Paths relative to the bank folder, with the fingerprint of each file. */
  files: { rel: string; hash: string }[];
  /** The fingerprint of the text file, checked with the question files. */
  textHash: string;
  /** Questions with `file` relative to the bank folder, the lazy fields 0, and `text` the bytes [start, end) of their line in the text file. */
  questions: IndexEntry[];
}

export type IndexEntry = Record<string, unknown> & { file: string; text: [number, number] };

/**
 * A content fingerprint: SHA-1 through node:crypto, one call per file (about 4 ms over the bank
 * against 10 ms for the hand-written hash it replaced). It guards against edits, not attackers.
 */
export function fingerprint(data: Buffer): string {
  // node:crypto is loaded only for a full check: a start on a checked bank never needs it.
  return process.getBuiltinModule('node:crypto').hash('sha1', data, 'base64url');
}

export function indexPath(): string {
  return path.join(packageRoot(), 'dist', INDEX_FILE);
}

/** The index and text file of a parsed bank (build time): each question's text fields on a line of their own, 0 left in their places. */
export function indexEntries(questions: readonly { q: Question; rel: string }[]): { entries: IndexEntry[]; text: string } {
  const lines: string[] = [];
  let at = 0;
  const entries = questions.map(({ q, rel }) => {
    const entry: Record<string, unknown> = {};
    const text: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(q)) {
      if (LAZY.has(key)) {
        entry[key] = 0;
        text[key] = value;
      } else entry[key] = value;
    }
    const line = JSON.stringify(text);
    const bytes = Buffer.byteLength(line);
    lines.push(line);
    const span: [number, number] = [at, at + bytes];
    at += bytes + 1;
    return Object.assign(entry, { file: rel, text: span });
  });
  return { entries, text: lines.join('\n') + '\n' };
}

/** The text file, read whole the first time any question's text is wanted. */
class TextFile {
  private data: Buffer | null = null;
  constructor(private readonly file: string) {}
  fields(span: [number, number]): Record<string, unknown> {
    this.data ??= fs.readFileSync(this.file);
    return JSON.parse(this.data.toString('utf8', span[0], span[1])) as Record<string, unknown>;
  }
}

const dataProperty = (value: unknown): PropertyDescriptor => ({ value, writable: true, enumerable: true, configurable: true });

/** A question whose text fields are read on first use, then kept as plain fields; in every other way a plain object. */
function lazyQuestion(entry: IndexEntry, bankDir: string, textFile: TextFile): Question {
  const q: Record<string, unknown> = {};
  const { text: span, file: rel } = entry;
  const lazy = Object.keys(entry).filter((key) => LAZY.has(key));
  const materialise = () => {
    const fields = textFile.fields(span);
    for (const key of lazy) Object.defineProperty(q, key, dataProperty(fields[key]));
  };
  for (const key of Object.keys(entry)) {
    if (key === 'text') continue;
    if (key === 'file') {
      // Relative to the working folder when inside it: a path worked out only for the questions shown.
      Object.defineProperty(q, 'file', {
        get() {
          const shown = displayPath(path.join(bankDir, rel));
          Object.defineProperty(q, 'file', dataProperty(shown));
          return shown;
        },
        set(value: unknown) {
          Object.defineProperty(q, 'file', dataProperty(value));
        },
        enumerable: true,
        configurable: true,
      });
    } else if (LAZY.has(key)) {
      Object.defineProperty(q, key, {
        get() {
          materialise();
          return q[key];
        },
        set(value: unknown) {
          materialise();
          q[key] = value;
        },
        enumerable: true,
        configurable: true,
      });
    } else q[key] = entry[key];
  }
  return q as unknown as Question;
}

/**
 * Checking every file by its hash means finding, reading and hashing all of them at each
 * start. Once they have been checked, what each file and folder was (size, times, inode) is
 * kept in the progress folder (`bank-check.json`); while every one of them is still exactly
 * that, the files are the ones checked, and a start only looks at them (stat). Any change,
 * even a `touch`, means a full check again. The change time (ctime) cannot be set back by
 * tools that copy modification times, and a file or folder changed within two seconds of the
 * check is never recorded, as a file system's clock may not yet show a later edit.
 */
export const CHECK_FILE = 'bank-check.json';
const CHECK_FORMAT = 1;

/** What each file and folder is now (one line each), and the latest time any of them changed; null when one is missing. */
function statsOf(bankDir: string, indexFile: string, textFile: string, rels: readonly string[]): { lines: string[]; newest: number } | null {
  const dirs = new Set<string>(['']);
  for (const rel of rels) for (let d = path.posix.dirname(rel); d !== '.' && !dirs.has(d); d = path.posix.dirname(d)) dirs.add(d);
  const out: string[] = [];
  let newest = -Infinity;
  const add = (name: string, file: string) => {
    const st = fs.statSync(file);
    out.push(`${name} ${identityOf(st)}`);
    newest = Math.max(newest, st.mtimeMs, st.ctimeMs);
  };
  // Joined by hand: path.join's normalising, 300 times, showed in the start-up profile. `rel` is
  // relative with / (which every system's file calls accept) and never holds . or .. (write-index.ts).
  const under = bankDir.endsWith(path.sep) ? bankDir : bankDir + path.sep;
  try {
    add(':index', indexFile);
    add(':text', textFile);
    for (const d of [...dirs].sort()) add(`${d}/`, under + d);
    for (const rel of rels) add(rel, under + rel);
  } catch {
    return null;
  }
  return { lines: out, newest };
}

function checkedBefore(cacheFile: string | null, bankDir: string, stats: { lines: readonly string[] } | null): boolean {
  if (cacheFile === null || stats === null) return false;
  let data: { v?: unknown; program?: unknown; bank?: unknown; stats?: unknown };
  try {
    const text = readOwnFile(cacheFile, 1 << 20);
    if (text === null) return false;
    data = JSON.parse(text) as typeof data;
  } catch {
    return false;
  }
  if (data === null || typeof data !== 'object' || data.v !== CHECK_FORMAT || data.program !== packageVersion() || data.bank !== bankDir) return false;
  const kept = data.stats;
  return Array.isArray(kept) && kept.length === stats.lines.length && kept.every((s, i) => s === stats.lines[i]);
}

function rememberChecked(cacheFile: string | null, bankDir: string, stats: { lines: string[]; newest: number } | null, now: number): void {
  if (cacheFile === null || stats === null || !settledAt(stats.newest, now)) return;
  const dir = path.dirname(cacheFile);
  // Only into the learner's own, existing progress folder: a check never makes that folder.
  if (!fs.existsSync(dir) || unsafeFolderReason(dir) !== null) return;
  try {
    writeFileWhole(cacheFile, JSON.stringify({ v: CHECK_FORMAT, program: packageVersion(), bank: bankDir, stats: stats.lines }));
  } catch {
    // read-only folder, full disk: the next start checks the files again
  }
}

/**
 * The bundled bank from its index, or null when the index is missing, of another version, or
 * any file differs from the one it was built from. `checkCache` is where the last good check
 * is remembered (null: check every file by its hash).
 */
export function loadPrebuilt(bankDir: string, indexFile = indexPath(), checkCache: string | null = null, now = Date.now()): LoadedBank | null {
  let index: BankIndex;
  try {
    index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as BankIndex;
  } catch {
    return null;
  }
  if (index === null || typeof index !== 'object' || index.v !== FORMAT || index.program !== packageVersion()) return null;
  if (!Array.isArray(index.files) || !Array.isArray(index.questions)) return null;
  const textFile = path.join(path.dirname(indexFile), TEXT_FILE);
  const stats = checkCache === null ? null : statsOf(bankDir, indexFile, textFile, index.files.map((f) => f.rel));
  if (!checkedBefore(checkCache, bankDir, stats)) {
    // The text file must be the one built with the index; its contents are parsed when first used.
    try {
      if (fingerprint(fs.readFileSync(textFile)) !== index.textHash) return null;
    } catch {
      return null;
    }
    const found = findQuestionFiles([bankDir]);
    if (found.problems.length > 0 || found.files.length !== index.files.length) return null;
    for (const [i, abs] of found.files.entries()) {
      const entry = index.files[i]!;
      if (path.relative(bankDir, abs).split(path.sep).join('/') !== entry.rel) return null;
      try {
        if (fingerprint(fs.readFileSync(abs)) !== entry.hash) return null;
      } catch {
        return null;
      }
    }
    rememberChecked(checkCache, bankDir, stats, now);
  }
  const text = new TextFile(textFile);
  const questions = index.questions.map((entry) => lazyQuestion(entry, bankDir, text));
  return { root: bankDir, questions, problems: [], files: index.files.length };
}
