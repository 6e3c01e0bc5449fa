/**
 * `sync --with-config`: the settings travel beside the log, as `settings.json` on the same
 * `progress` branch, so one fetch, one commit and one push carry both. A sync without
 * `--with-config` never reads or writes the local settings file, and leaves the branch's
 * `settings.json` as it found it.
 *
 * The branch file holds, per setting, its value (or that it was unset) and when it changed:
 *   {"v":1,"settings":{"new-per-day":{"value":20,"at":"2026-03-01T10:00:00.000Z"},
 *                      "reviews-per-day":{"unset":true,"at":"…"}}}
 * The merge rule: per key, the newest change wins. A machine knows when a key changed on it by
 * comparing its settings file with what it last agreed with the remote (the base, kept in
 * `sync/.settings-base.json`): a key equal to the base keeps the base's time, so a change made
 * elsewhere since then wins; a key that differs was changed here, at the time the settings file
 * was last written. Ties (the same instant) go to the larger value in JSON order, so both
 * machines pick the same. Clocks of different machines are trusted to within the minutes that
 * separate two people's edits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { checkValue, findSetting, SETTINGS } from '../config/settings.js';
import { updateRaw } from '../config/store.js';

export const SETTINGS_FILE = 'settings.json';
const BASE_FILE = '.settings-base.json';
const NEVER = new Date(0).toISOString();

/**
 * Settings that belong to one machine and are never synced. `sync-on-exit` depends on this
 * machine's git and credentials working without a prompt (an ssh agent, a credential helper),
 * which a second machine may not have.
 *
 * `fsrs-parameters` is synced, on purpose: the parameters describe the learner's memory, fitted
 * to the progress log, and sync makes that log the same everywhere; a machine where the optional
 * optimiser cannot be installed gets them only this way. It is not synced blindly: a value is
 * applied here only if this version accepts it (the number of parameters differs between FSRS
 * versions), else this machine keeps its own and the branch keeps the other for those that can
 * use it. The newest fit wins like any other key: `optimize` always fits the whole log, so the
 * newest fit on a synced machine has seen every answer it had.
 */
export const MACHINE_ONLY: ReadonlySet<string> = new Set(['sync-on-exit']);

export interface Entry {
  value?: unknown;
  unset?: true;
  at: string;
}
export type Entries = Record<string, Entry>;

const SYNCED = SETTINGS.map((s) => s.key).filter((k) => !MACHINE_ONLY.has(k));

function isEntry(e: unknown): e is Entry {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return false;
  const x = e as Record<string, unknown>;
  return typeof x.at === 'string' && !Number.isNaN(Date.parse(x.at)) && (x.unset === true || 'value' in x);
}

/** The branch's settings file; entries that cannot be read are dropped, not fatal. */
export function parseBranchSettings(text: string | null): Entries {
  if (text === null || text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`the remote's ${SETTINGS_FILE} is not valid JSON; nothing was changed. Fix or remove it on the remote.`);
  }
  const settings = (data as { settings?: unknown } | null)?.settings;
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new UserError(`the remote's ${SETTINGS_FILE} is not a settings file of mlops-drill; nothing was changed.`);
  }
  const out: Entries = Object.create(null) as Entries;
  for (const [key, e] of Object.entries(settings)) if (isEntry(e)) out[key] = e.unset === true ? { unset: true, at: e.at } : { value: e.value, at: e.at };
  return out;
}

export function formatBranchSettings(entries: Entries): string {
  const sorted = Object.fromEntries(Object.keys(entries).sort().map((k) => [k, entries[k]]));
  return `${JSON.stringify({ v: 1, settings: sorted }, null, 2)}\n`;
}

const same = (a: Entry | undefined, b: Entry | undefined) =>
  a !== undefined && b !== undefined && (a.unset === true) === (b.unset === true) && JSON.stringify(a.value) === JSON.stringify(b.value);

/** This machine's settings as entries, with when each changed (see the merge rule above). */
export function localEntries(raw: Record<string, unknown>, base: Entries, changedAt: string): Entries {
  const out: Entries = Object.create(null) as Entries;
  for (const key of SYNCED) {
    const here: Entry = key in raw ? { value: raw[key], at: changedAt } : { unset: true, at: changedAt };
    const before = base[key];
    if (same(here, before)) out[key] = { ...here, at: before!.at };
    // Never set here and never agreed: not a change, so anything from elsewhere wins.
    else if (here.unset && before === undefined) out[key] = { unset: true, at: NEVER };
    else out[key] = here;
  }
  return out;
}

/** Per key, the newest change; the same whichever machine merges. */
export function mergeEntries(a: Entries, b: Entries): Entries {
  const out: Entries = Object.create(null) as Entries;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    if (!x || !y) {
      out[key] = (x ?? y)!;
      continue;
    }
    const dx = Date.parse(x.at);
    const dy = Date.parse(y.at);
    if (dx !== dy) out[key] = dx > dy ? x : y;
    else out[key] = JSON.stringify(x) >= JSON.stringify(y) ? x : y;
  }
  return out;
}

/**
 * Take into `raw` (in place) what the merge chose from elsewhere: keys this version knows and
 * syncs, with values it accepts. Returns the keys changed here and those refused.
 */
export function applyEntries(raw: Record<string, unknown>, local: Entries, merged: Entries): { changed: string[]; refused: string[] } {
  const changed: string[] = [];
  const refused: string[] = [];
  for (const key of SYNCED) {
    const m = merged[key];
    if (!m || same(m, local[key])) continue;
    if (m.unset) {
      if (key in raw) {
        delete raw[key];
        changed.push(key);
      }
      continue;
    }
    const checked = checkValue(findSetting(key)!, m.value);
    if (!checked.ok) {
      refused.push(key);
      continue;
    }
    raw[key] = checked.value;
    changed.push(key);
  }
  return { changed, refused };
}

export interface SettingsMerge {
  /** The branch's new settings file. */
  text: string;
  /** Keys whose value here changed, and keys whose value from elsewhere this version refused. */
  changed: string[];
  refused: string[];
}

/**
 * Merge the branch's settings file with the settings file here, write what changed into the
 * latter (under its lock, so a `config set` at the same moment is not lost), and remember the
 * result as the base of the next merge.
 */
export async function mergeSettings(configFile: string, syncDir: string, remoteText: string | null): Promise<SettingsMerge> {
  const remote = parseBranchSettings(remoteText);
  const baseFile = path.join(syncDir, BASE_FILE);
  let base: Entries = Object.create(null) as Entries;
  try {
    base = parseBranchSettings(fs.readFileSync(baseFile, 'utf8'));
  } catch {
    // no base yet (the first sync with --with-config here), or a damaged one: every set key counts as changed here
  }
  const { merged, agreed, changed, refused } = await updateRaw(configFile, (raw) => {
    let changedAt: string;
    try {
      changedAt = fs.statSync(configFile).mtime.toISOString();
    } catch {
      changedAt = new Date().toISOString();
    }
    const local = localEntries(raw, base, changedAt);
    const merged = mergeEntries(local, remote);
    const { changed, refused } = applyEntries(raw, local, merged);
    // A value refused here stays on the branch for machines that can use it; this machine's
    // own value goes into the base unchanged, so it is not taken for a newer change next time.
    const agreed: Entries = { ...merged };
    for (const key of refused) agreed[key] = local[key]!;
    return { write: changed.length > 0, result: { merged, agreed, changed, refused } };
  });
  // Written once the settings file holds the merge: the base is what this machine agreed to.
  const tmp = `${baseFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, formatBranchSettings(agreed), { mode: 0o600 });
  fs.renameSync(tmp, baseFile);
  return { text: formatBranchSettings(merged), changed, refused };
}
