import fs from 'node:fs';
import { chooseBank, type GlobalFlags } from '../bank/choice.js';
import { prebuiltIds, scanIds } from '../bank/bank-ids.js';
import { loadSettings } from '../config/store.js';
import { dueLine, dueReport, type DueEntry } from '../due.js';
import { EXIT, UsageError, UserError } from '../errors.js';
import { logIdentity, readDueCache, writeDueCache, type DueCache } from '../progress/due-cache.js';
import { progressFile } from '../progress/location.js';
import { useSchedulerSettings } from '../scheduler-settings.js';

/**
 * `mlops-drill due`: one line for a shell prompt. It runs on every prompt, so it loads
 * neither the command-line parser (main.ts calls it directly), nor the prompts, the Markdown
 * renderer or the question parser, and the scheduler only when the log changed since the
 * last call (progress/due-cache.ts).
 */

export interface DueFlags extends GlobalFlags {
  json?: boolean;
}

type Write = (text: string) => void;

/**
 * The flags of `due` when the command line is `due` with only its own options (`--json`,
 * `--bank <dir>`, `--no-color`, in any order), so main.ts can run it without the parser;
 * null for anything else (`due --help`, a typo), which then goes through the parser as usual.
 */
export function fastDueFlags(argv: readonly string[]): DueFlags | null {
  const flags: DueFlags = {};
  let command = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === 'due' && !command) command = true;
    else if (a === '--json' && flags.json === undefined) flags.json = true;
    else if (a === '--no-color') continue;
    else if (a === '--bank' && flags.bank === undefined && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) flags.bank = argv[++i]!;
    else if (a.startsWith('--bank=') && flags.bank === undefined && a.length > 7) flags.bank = a.slice(7);
    else return null;
  }
  return command ? flags : null;
}

/** Run `due` from main.ts: an expected error as one line and its exit code. */
export async function runDue(flags: DueFlags): Promise<number> {
  // A prompt that pipes the line into `head` and closes early is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  try {
    return await due(flags);
  } catch (error) {
    if (error instanceof UserError || error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error instanceof UserError ? error.exitCode : EXIT.usage;
    }
    // A bug: main.ts reports it as the command line's one catch does.
    throw error;
  }
}

export async function due(flags: DueFlags, write: { out: Write; err: Write } = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): Promise<number> {
  const { settings, notices } = loadSettings();
  for (const n of notices) write.err(`warning: ${n}\n`);
  useSchedulerSettings({ requestRetention: settings['desired-retention'], weights: settings['fsrs-parameters'] });
  const choice = chooseBank(flags);
  const ids = (choice.name === 'bundled' ? prebuiltIds() : null) ?? (await scanIds(choice.dir));
  if (ids.length === 0) throw new UserError(`no question files in ${choice.dir}`, EXIT.usage);
  const { entries: schedule, suspended } = await scheduleOf(progressFile(), write.err);
  const now = new Date();
  // Suspended questions are never drilled, so they are neither due nor new.
  const report = dueReport(suspended.size ? ids.filter((id) => !suspended.has(id)) : ids, schedule, now, {
    newPerDay: settings['new-per-day'],
    reviewsPerDay: settings['reviews-per-day'],
    dayStartsAt: settings['day-starts-at'],
  });
  write.out(flags.json ? `${JSON.stringify(report)}\n` : `${dueLine(report, now)}\n`);
  return EXIT.ok;
}

/** Each question's schedule: from the cache while the log is unchanged, else folded from the log (and cached). */
async function scheduleOf(file: string, warn: Write): Promise<DueCache> {
  const none: DueCache = { entries: new Map(), suspended: new Set() };
  const identity = logIdentity(file);
  if (identity === null) {
    // No log yet (nothing answered) is the common case; anything else that is not a readable file is said.
    if (!fs.existsSync(file)) return none;
  } else if (identity.size === 0) return none;
  else {
    const cached = readDueCache(file, identity);
    if (cached) return cached;
  }
  const { ProgressStore } = await import('../progress/store.js');
  const store = new ProgressStore(file);
  const summary = await store.loadSummary();
  for (const n of store.takeNotices()) warn(`warning: ${n}\n`);
  if (store.notSavedReason !== null && summary.answers === 0) throw new UserError(`cannot count what is due: ${store.notSavedReason}`);
  if (identity !== null && summary.answers === 0 && !looksLikeLog(file)) {
    throw new UserError(`${file} is not a progress log; the next drill sets it aside and starts a new one`);
  }
  const entries = new Map<string, DueEntry>();
  for (const [id, card] of summary.cards) {
    const t = summary.tallies.get(id);
    entries.set(id, { due: card.due.getTime(), firstGradedAt: t?.firstGradedAt ?? null, lastGradedAt: t?.lastGradedAt ?? null });
  }
  const suspended = new Set([...summary.suspensions].filter(([, s]) => s.suspended).map(([id]) => id));
  const cache = { entries, suspended };
  if (identity !== null) writeDueCache(file, identity, cache);
  return cache;
}

/** A log holds JSON records, one a line; a file that starts otherwise is someone else's. */
function looksLikeLog(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const head = buf.subarray(0, n).toString('utf8').trimStart();
    return head === '' || head.startsWith('{');
  } catch {
    return false;
  }
}
