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
 * A content fingerprint (two 32-bit FNV-style hashes over 4-byte words, and the length).
 * It guards against edits, not attackers, and needs no crypto module: loading node:crypto cost more than the whole check.
 */
export function fingerprint(data: Buffer): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  const words = data.length >>> 2;
  // Four bytes at a time: this runs over every file of the bank at each start.
  for (let i = 0; i < words; i++) {
    const w = data.readInt32LE(i << 2);
    h1 = Math.imul(h1 ^ w, 0x01000193);
    h2 = Math.imul(h2 ^ w, 0x01000193) ^ (h1 >>> 7);
  }
  for (let i = words << 2; i < data.length; i++) {
    h1 = Math.imul(h1 ^ data[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ data[i]!, 0x01000193) ^ (h1 >>> 7);
  }
  return `${data.length}-${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
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
