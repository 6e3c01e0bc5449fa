import fs from 'node:fs';
import path from 'node:path';
import type { GlobalFlags } from '../context.js';
import { EXIT, UsageError, UserError } from '../errors.js';
import { crowdAnkiJsonIn, readCrowdAnki } from '../decks/import-crowdanki.js';
import type { SourceDeck } from '../decks/import-source.js';
import { planImport, REPORT_FILE, writeImport } from '../decks/import-write.js';
import { out } from '../ui/output.js';

export interface ImportFlags extends GlobalFlags {
  to?: string;
}

function head(file: string, n: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = fs.readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

/** Which reader a source needs: by what it holds first, by its name second. */
async function readSource(file: string): Promise<SourceDeck> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new UserError(`cannot read ${file}: no such file or folder`);
  }
  if (st.isDirectory()) return readCrowdAnki(crowdAnkiJsonIn(file));
  if (!st.isFile()) throw new UserError(`${file} is not a file`);
  const start = head(file, 512);
  const ext = path.extname(file).toLowerCase();
  if (start.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || ext === '.apkg' || ext === '.colpkg') {
    return (await import('../decks/import-apkg.js')).readApkg(file);
  }
  const text = start.toString('utf8').replace(/^\uFEFF/, '');
  if (ext === '.json' || text.trimStart().startsWith('{')) return readCrowdAnki(file);
  if (ext === '.md' || ext === '.markdown') return (await import('../decks/import-markdown.js')).readMarkdownHeadings(file);
  if (['.txt', '.tsv', '.csv'].includes(ext) || /^#(separator|html|tags|columns|notetype|deck|guid)\b/i.test(text)) {
    return (await import('../decks/import-text.js')).readAnkiText(file);
  }
  throw new UserError(`${file}: not a format mlops-drill imports (.apkg, .colpkg, CrowdAnki .json or folder, Anki text export .txt, Markdown .md)`);
}

/** `import <file> --to <dir>`: one question file per note, and a report of what could not be mapped. */
export async function importDeck(file: string, flags: ImportFlags): Promise<number> {
  if (flags.to === undefined || flags.to.trim() === '') throw new UsageError('say which deck folder to write into: mlops-drill import <file> --to <dir>');
  const deck = await readSource(file);
  const plan = planImport(deck, flags.to);
  if (plan.questions.length === 0 && deck.notes.length === 0) throw new UserError(`${file} holds no notes to import`);
  writeImport(plan, deck, flags.to, path.basename(file), new Date());
  const cloze = plan.questions.filter((q) => q.type === 'cloze').length;
  out(
    `imported ${plan.questions.length} question(s)${cloze > 0 ? ` (${cloze} cloze)` : ''} and ${plan.media.size} media file(s) into ${flags.to}` +
      `${plan.skipped.length > 0 ? `; ${plan.skipped.length} note(s) not imported` : ''}; see ${path.join(flags.to, REPORT_FILE)}`,
  );
  return EXIT.ok;
}
