import { hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, packageVersion } from '../package-root.js';
import { displayPath, findQuestionFiles, type LoadedBank } from './files.js';
import type { Question } from './question.js';

/**
 * The bundled bank, parsed at build time (dist/bank-index.json). It is used only while
 * every question file is the one it was built from (a fingerprint per file), so an
 * edited, added or removed file means the bank is parsed from its files as usual. Hashes,
 * not modification times: npm sets every file's time to a fixed date when packing.
 */
export const INDEX_FILE = 'bank-index.json';

export interface BankIndex {
  v: 1;
  program: string;
  /** Paths relative to the bank folder, with the fingerprint of each file. */
  files: { rel: string; hash: string }[];
  /** Questions with `file` relative to the bank folder. */
  questions: Question[];
}

/**
 * A content fingerprint: SHA-1 through node:crypto, one call per file (about 4 ms over the bank
 * against 10 ms for the hand-written hash it replaced). It guards against edits, not attackers.
 */
export function fingerprint(data: Buffer): string {
  return hash('sha1', data, 'base64url');
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
      if (fingerprint(fs.readFileSync(abs)) !== entry.hash) return null;
    } catch {
      return null;
    }
  }
  const questions = index.questions.map((q) => ({ ...q, file: displayPath(path.join(bankDir, q.file)) }));
  return { root: bankDir, questions, problems: [], files: found.files.length };
}
