import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, packageVersion } from '../package-root.js';

/**
 * The ids of a bank's questions, without parsing a question: what `due` needs to count the
 * questions not yet started. The bundled bank's ids are written at build time beside its
 * index (dist/bank-ids.json); any other folder has the `id:` line of each file's front
 * matter read (and for a cloze question, its cloze numbers). That line is what the parser reads too, but a file the parser would reject
 * for another reason is still counted here (the drill leaves it out and says so).
 */
export const IDS_FILE = 'bank-ids.json';

export function idsPath(): string {
  return path.join(packageRoot(), 'dist', IDS_FILE);
}

/** The bundled bank's ids from the build, or null when the file is missing or from another version. */
export function prebuiltIds(file = idsPath()): string[] | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { v?: unknown; program?: unknown; ids?: unknown };
    if (data.v !== 1 || data.program !== packageVersion() || !Array.isArray(data.ids)) return null;
    return data.ids.every((id) => typeof id === 'string') ? (data.ids as string[]) : null;
  } catch {
    return null;
  }
}

/** Front matter is at the top of the file: its first few KiB hold the id. */
const HEAD_BYTES = 16 * 1024;

/** The `id:` of a question file's front matter, or null. */
export function idInFrontMatter(text: string): string | null {
  const fm = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  if (!fm) return null;
  const line = /^id:[ \t]*(["']?)([A-Za-z0-9_-]+)\1[ \t]*(#.*)?$/m.exec(fm[1]!);
  return line ? line[2]! : null;
}

function headOf(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

const FRONT_MATTER = /^\uFEFF?---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/;

/** A cloze question (`type: cloze`) is asked as one card per cloze number (see cloze.ts). */
export function isClozeFrontMatter(text: string): boolean {
  const fm = FRONT_MATTER.exec(text);
  return fm !== null && /^type:[ \t]*(["']?)cloze\1[ \t]*(#.*)?$/m.test(fm[0]);
}

/** The prompt of a question file: the text after the front matter, up to the first section heading. */
export function promptOf(text: string): string {
  const body = text.slice(FRONT_MATTER.exec(text)?.[0].length ?? 0);
  const heading = /^## /m.exec(body);
  return heading ? body.slice(0, heading.index) : body;
}

/** The ids found in the question files under `dir` (files without a readable id are left out); a cloze question's card ids. */
export async function scanIds(dir: string): Promise<string[]> {
  // Loaded only for a bank of one's own: the bundled bank's ids come from the build.
  const { findQuestionFiles } = await import('./files.js');
  const ids: string[] = [];
  for (const file of findQuestionFiles([dir]).files) {
    try {
      const head = headOf(file);
      const id = idInFrontMatter(head);
      if (id === null) continue;
      if (!isClozeFrontMatter(head)) {
        ids.push(id);
        continue;
      }
      const { cardId, cardNumbers, scanClozes } = await import('./cloze.js');
      ids.push(...cardNumbers(scanClozes(promptOf(fs.readFileSync(file, 'utf8'))).deletions).map((n) => cardId(id, n)));
    } catch {
      // unreadable: the drill reports it
    }
  }
  return ids;
}
