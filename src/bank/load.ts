import fs from 'node:fs';
import { linesOf, parseQuestion, type ParseOptions } from './parse.js';
import { FullParserNeeded, useFullFrontMatter } from './front-matter.js';
import { withClozeCards } from './cloze.js';
import { fileTooLarge } from './limits.js';
import type { Problem, Question } from './question.js';
import { displayPath, findQuestionFiles, MAX_FILE_BYTES, type LoadedBank } from './files.js';

export { bundledBankDir, displayPath, findQuestionFiles, isQuestionFileName, MAX_FILE_BYTES, type LoadedBank } from './files.js';

export function readQuestionFile(abs: string, options: ParseOptions = {}): { question: Question | null; problems: Problem[] } {
  const shown = displayPath(abs);
  const fail = (message: string) => ({ question: null, problems: [{ file: shown, line: 1, col: 1, severity: 'error' as const, message }] });
  // One open and an fstat on the descriptor: the size is checked before anything is read,
  // without a second path lookup per file (it shows on banks of thousands of files).
  let fd: number;
  try {
    fd = fs.openSync(abs, 'r');
  } catch (error) {
    return fail(`cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let raw: string;
  try {
    const size = fs.fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) {
      return fail(fileTooLarge(size));
    }
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = fs.readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    raw = buf.toString('utf8', 0, got);
  } catch (error) {
    return fail(`cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    fs.closeSync(fd);
  }
  return parseQuestion(raw, shown, options);
}

/** From this many files on, a bank is loaded with a smaller young generation. */
const LARGE_BANK = 1_000;

/**
 * Parsing thousands of files makes many short-lived strings, and V8 answers by doubling its
 * young generation up to 32 MiB, which then stays resident. Growing it by 1x keeps a drill on
 * a 10,000-question bank near 78 MiB instead of 106 MiB, at no measurable cost in time. Set
 * only for large banks: loading node:v8 costs a few milliseconds at every start.
 */
function keepYoungGenerationSmall(): void {
  process.getBuiltinModule('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Load and check every question under the paths; duplicate ids are reported on both files,
 * ids that differ only in case as a warning (they are distinct, but easy to confuse).
 */
export function loadBank(paths: string[], options: ParseOptions = {}): LoadedBank {
  const found = findQuestionFiles(paths);
  if (found.files.length > LARGE_BANK) keepYoungGenerationSmall();
  const problems = [...found.problems];
  const questions: Question[] = [];
  const byId = new Map<string, Question>();
  const byFoldedId = new Map<string, Question>();
  for (const file of found.files) {
    const result = readQuestionFile(file, options);
    problems.push(...result.problems);
    const q = result.question;
    if (!q) continue;
    const other = byId.get(q.id);
    if (other) {
      problems.push({ file: q.file, line: linesOf(q).id, col: 1, severity: 'error', message: `duplicate id '${q.id}': also used by ${other.file}` });
      problems.push({ file: other.file, line: linesOf(other).id, col: 1, severity: 'error', message: `duplicate id '${q.id}': also used by ${q.file}` });
      continue;
    }
    byId.set(q.id, q);
    const folded = q.id.toLowerCase();
    const sameButCase = byFoldedId.get(folded);
    if (sameButCase) {
      problems.push({ file: q.file, line: linesOf(q).id, col: 1, severity: 'warning', message: `id '${q.id}' differs only in case from '${sameButCase.id}' in ${sameButCase.file}` });
    } else {
      byFoldedId.set(folded, q);
    }
    questions.push(q);
  }
  // An id used twice is ambiguous (progress is keyed on it): neither question is used.
  const duplicated = new Set(problems.filter((p) => p.message.startsWith('duplicate id')).map((p) => /'([^']+)'/.exec(p.message)?.[1]));
  // A cloze question is asked as its cards, one per cloze number (`id#c1`): each its own question to the rest of the program.
  return { root: paths[0] ?? '', questions: withClozeCards(questions.filter((q) => !duplicated.has(q.id))), problems, files: found.files.length };
}

/** Load the full front-matter parser (gray-matter and `yaml`); after this, any front matter can be read. */
export async function loadFullFrontMatter(): Promise<void> {
  useFullFrontMatter((await import('./front-matter-full.js')).fullFrontMatter);
}

/**
 * loadBank, with the full front-matter parser (gray-matter and `yaml`) loaded only when some
 * file needs it: a deck whose files hold only `key: value` lines never loads it. The first
 * file that needs it stops the read, and the bank is read again with it.
 */
export async function loadBankAsync(paths: string[], options: ParseOptions = {}): Promise<LoadedBank> {
  try {
    return loadBank(paths, options);
  } catch (error) {
    if (!(error instanceof FullParserNeeded)) throw error;
  }
  await loadFullFrontMatter();
  return loadBank(paths, options);
}
