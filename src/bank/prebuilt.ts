import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, packageVersion } from '../package-root.js';
import { displayPath, findQuestionFiles, type LoadedBank } from './files.js';
import type { Question } from './question.js';

/**
 * The bundled bank, parsed at build time (dist/bank-index.json). It is used only while
 * every question file is byte-for-byte the one it was built from (a hash per file), so an
 * edited, added or removed file means the bank is parsed from its files as usual. Hashes,
 * not modification times: npm sets every file's time to a fixed date when packing.
 */
export const INDEX_FILE = 'bank-index.json';

export interface BankIndex {
  v: 1;
  program: string;
  /** Paths relative to the bank folder, with the sha1 of each file. */
  files: { rel: string; sha1: string }[];
  /** Questions with `file` relative to the bank folder. */
  questions: Question[];
}

export function sha1(data: Buffer | string): string {
  return createHash('sha1').update(data).digest('hex');
}

export function indexPath(): string {
  return path.join(packageRoot(), 'dist', INDEX_FILE);
}

export function loadPrebuilt(bankDir: string, indexFile = indexPath()): LoadedBank | null {
  let index: BankIndex;
  try {
    index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as BankIndex;
  } catch {
    return null;
  }
  if (index.v !== 1 || index.program !== packageVersion()) return null;
  const found = findQuestionFiles([bankDir]);
  if (found.problems.length > 0 || found.files.length !== index.files.length) return null;
  for (const [i, abs] of found.files.entries()) {
    const entry = index.files[i]!;
    if (path.relative(bankDir, abs).split(path.sep).join('/') !== entry.rel) return null;
    try {
      if (sha1(fs.readFileSync(abs)) !== entry.sha1) return null;
    } catch {
      return null;
    }
  }
  const questions = index.questions.map((q) => ({ ...q, file: displayPath(path.join(bankDir, q.file)) }));
  return { root: bankDir, questions, problems: [], files: found.files.length };
}
