/**
 * The `config` command's work, apart from printing: list, get, set and unset one key, with
 * every value checked against its declaration in settings.ts.
 */
import { UsageError } from '../errors.js';
import { describeRange, findSetting, formatValue, fromJson, parseTyped, SETTINGS, suggestKey, type Setting, type SettingValue } from './settings.js';
import { readRaw, updateRaw } from './store.js';

function known(key: string): Setting {
  const s = findSetting(key);
  if (s) return s;
  const near = suggestKey(key);
  throw new UsageError(`unknown setting '${key}'${near ? `; did you mean ${near}?` : ''} (see: mlops-drill config list)`);
}

export interface SettingRow {
  key: string;
  value: string;
  isDefault: boolean;
  accepts: string;
  help: string;
}

/** Every setting with its value in force, whether it is the default, and what it accepts. */
export function listSettings(file: string): { rows: SettingRow[]; notices: string[] } {
  const raw = readRaw(file);
  const { settings, notices } = fromJson(raw, file);
  const rows = SETTINGS.map((s) => {
    const value = (settings as unknown as Record<string, SettingValue>)[s.key] ?? null;
    return { key: s.key, value: formatValue(value), isDefault: !(s.key in raw) || value === s.default, accepts: describeRange(s), help: s.help };
  });
  return { rows, notices };
}

export function getSetting(file: string, key: string): string {
  known(key);
  return listSettings(file).rows.find((r) => r.key === key)!.value;
}

export async function setSetting(file: string, key: string, text: string): Promise<string> {
  const s = known(key);
  const parsed = parseTyped(s, text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  await updateRaw(file, (raw) => {
    raw[key] = parsed.value;
    return { write: true, result: undefined };
  });
  return formatValue(parsed.value);
}

/** Back to the default; true when the key was set. */
export async function unsetSetting(file: string, key: string): Promise<boolean> {
  known(key);
  return updateRaw(file, (raw) => {
    if (!(key in raw)) return { write: false, result: false };
    delete raw[key];
    return { write: true, result: true };
  });
}
