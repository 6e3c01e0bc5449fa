/**
 * The `config` command's work, apart from printing: list, get, set and unset one key, with
 * every value checked against its declaration in settings.ts.
 */
import { UsageError } from '../errors.js';
import { describeRange, findSetting, formatValue, fromJson, parseTyped, SETTINGS, suggestKey, type Setting, type SettingValue } from './settings.js';
import { readRaw, writeRaw } from './store.js';

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

export function setSetting(file: string, key: string, text: string): string {
  const s = known(key);
  const parsed = parseTyped(s, text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const raw = readRaw(file);
  raw[key] = parsed.value;
  writeRaw(file, raw);
  return formatValue(parsed.value);
}

/** Back to the default; true when the key was set. */
export function unsetSetting(file: string, key: string): boolean {
  known(key);
  const raw = readRaw(file);
  if (!(key in raw)) return false;
  delete raw[key];
  writeRaw(file, raw);
  return true;
}
