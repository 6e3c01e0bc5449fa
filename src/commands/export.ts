import fs from 'node:fs';
import path from 'node:path';
import { loadBankForUse, type GlobalFlags } from '../context.js';
import { EXIT, UsageError, UserError } from '../errors.js';
import { applyFilters, parseFilters, type FilterFlags } from '../filters.js';
import { buildApkg } from '../decks/anki-export.js';
import { schedulesFromAnswers } from '../decks/anki-schedule.js';
import { answersInLog } from '../decks/progress-answers.js';
import { looksLikeZip } from '../decks/zip.js';
import { out, warn, warnAll } from '../ui/output.js';
import { MediaCollector } from '../decks/anki-media.js';
import { clozeNotes } from '../bank/cloze.js';

export interface ExportFlags extends FilterFlags, GlobalFlags {
  anki?: string;
  deck?: string;
  withProgress?: boolean;
}

const DAY_MS = 86_400_000;

/** `export --anki deck.apkg`: the bank in use, filtered, as an Anki package. */
export async function exportDeck(flags: ExportFlags): Promise<number> {
  const target = flags.anki;
  if (target === undefined) throw new UsageError('say where to write the deck: mlops-drill export --anki <file.apkg>');
  if (!/\.apkg$/i.test(target)) throw new UsageError(`--anki: ${target} must end in .apkg`);
  const deckName = (flags.deck ?? 'mlops-drill').trim();
  if (deckName === '' || deckName.includes('"')) throw new UsageError('--deck needs a name without double quotes');
  refuseToClobber(target);

  const filters = parseFilters(flags);
  const { bank, choice } = await loadBankForUse(flags);
  let questions = applyFilters(bank.questions, filters);
  if (filters.limit !== null) questions = questions.slice(0, filters.limit);
  if (questions.length === 0) throw new UsageError('no question matches these filters');

  const now = new Date();
  let schedules = null;
  let crtMs = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  if (flags.withProgress) {
    const { answers, notices } = answersInLog();
    warnAll(notices);
    // A loop, not Math.min(...all): a long log has more answers than a call has room for arguments.
    let first = crtMs;
    for (const a of answers) {
      const t = Date.parse(a.at);
      if (t < first) first = t;
    }
    crtMs = Math.floor(first / DAY_MS) * DAY_MS;
    schedules = schedulesFromAnswers(answers, new Set(questions.map((q) => q.id)), crtMs);
  }

  // A cloze question is one note whose cards are its cloze numbers (their schedules are per card, above).
  questions = clozeNotes(questions);
  const media = new MediaCollector(choice.dir);
  const result = await buildApkg({ questions, deckName, schedules, crtMs, now, media });
  if (media.left.length > 0) warn(`${media.left.length} image link(s) point to no file inside the bank and were left as written (first: ${media.left[0]})`);
  writeAtomically(target, result.apkg);
  const history = flags.withProgress ? `, ${result.reviews} review(s) of ${schedules?.size ?? 0} question(s)` : '';
  const images = result.media > 0 ? `, ${result.media} media file(s)` : '';
  out(`wrote ${result.notes} note(s), ${result.cards} card(s)${images}${history} to ${target} (deck "${deckName}")`);
  return EXIT.ok;
}

/** An existing file is replaced only if it is a zip (an earlier export), never a file that happens to share the name. */
function refuseToClobber(target: string): void {
  let fd: number;
  try {
    fd = fs.openSync(target, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EISDIR') throw new UsageError(`--anki: ${target} is a folder`);
    throw new UserError(`cannot check ${target}: ${code ?? String(error)}`);
  }
  try {
    if (fs.fstatSync(fd).isDirectory()) throw new UsageError(`--anki: ${target} is a folder`);
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    if (!looksLikeZip(head)) throw new UsageError(`${target} exists and is not an Anki package; choose another name (it is not overwritten)`);
  } finally {
    fs.closeSync(fd);
  }
}

function writeAtomically(target: string, data: Uint8Array): void {
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, data, { flag: 'wx', mode: 0o644 });
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write ${target}: ${code === 'ENOENT' ? 'no such folder' : (code ?? String(error))}`);
  }
}
