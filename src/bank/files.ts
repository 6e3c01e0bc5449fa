import fs from 'node:fs';
import path from 'node:path';
import type { Problem, Question } from './question.js';
import { LIMITS } from './limits.js';
import { printableName } from '../sanitize.js';

/**
 * Finding question files, without parsing them: kept apart from the parser so that a
 * command served by the prebuilt index of the bundled bank never loads the YAML parser.
 */
/** Files above this size are refused unread (see limits.ts). */
export const MAX_FILE_BYTES = LIMITS.fileBytes;
const MAX_DEPTH = 24;

export interface LoadedBank {
  root: string;
  questions: Question[];
  problems: Problem[];
  /** Number of question files found (parsed or not). */
  files: number;
}

export { bundledBankDir } from './choice.js';

/** The path shown to a person: relative to the working folder when inside it. */
export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  const shown = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  // File names come from strangers too: a name holding ESC, BEL or U+202E must not drive the terminal.
  return printableName(shown);
}

export function isQuestionFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.md') && !name.startsWith('_') && !name.startsWith('.') && name.toLowerCase() !== 'readme.md';
}

interface Found {
  files: string[];
  problems: Problem[];
}

/** Every question file under the paths, in a stable order; loops and dead ends reported, never followed. */
export function findQuestionFiles(paths: string[]): Found {
  const files: string[] = [];
  const problems: Problem[] = [];
  const seenDirs = new Set<string>();
  const problem = (file: string, message: string) =>
    problems.push({ file: displayPath(file), line: 1, col: 1, severity: 'error', message });

  const walk = (dir: string, depth: number) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      problem(dir, 'cannot resolve this folder (a broken link?)');
      return;
    }
    if (seenDirs.has(real)) {
      problem(dir, 'folder already visited (a symbolic link loop?); skipped');
      return;
    }
    seenDirs.add(real);
    if (depth > MAX_DEPTH) {
      problem(dir, `folders nested deeper than ${MAX_DEPTH} levels; skipped`);
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problem(dir, `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          if (isQuestionFileName(entry.name)) problem(full, 'broken symbolic link');
          continue;
        }
      }
      if (isDir) walk(full, depth + 1);
      else if (isFile && isQuestionFileName(entry.name)) files.push(full);
    }
  };

  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      problem(p, 'no such file or folder');
      continue;
    }
    if (st.isDirectory()) walk(p, 0);
    else if (st.isFile()) files.push(path.resolve(p));
    else problem(p, 'not a file or folder');
  }
  return { files: [...new Set(files.map((f) => path.resolve(f)))], problems };
}

