/**
 * The learner's settings: a small JSON file in the config folder, read at start-up by the
 * commands that use it. Every key is declared once here, with its type, range, default and
 * help text; `config list|get|set|unset`, validation and the README table all come from it.
 */

export type SettingValue = number | string | boolean | number[] | null;

interface SettingBase {
  key: string;
  help: string;
}

interface IntSetting extends SettingBase {
  kind: 'int';
  min: number;
  max: number;
  /** `null` means "no limit"; only allowed where `nullable`. */
  default: number | null;
  nullable?: boolean;
}

interface NumberSetting extends SettingBase {
  kind: 'number';
  min: number;
  max: number;
  default: number;
}

interface ChoiceSetting extends SettingBase {
  kind: 'choice';
  choices: readonly string[];
  default: string;
}

/** FSRS model parameters, as `mlops-drill optimize` fits them; null means the built-in ones. */
interface WeightsSetting extends SettingBase {
  kind: 'weights';
  lengths: readonly number[];
  default: null;
}

/** On or off; stored as a JSON boolean, typed as on/off (also true/false, yes/no, 1/0). */
interface BoolSetting extends SettingBase {
  kind: 'bool';
  default: boolean;
}

export type Setting = IntSetting | NumberSetting | ChoiceSetting | WeightsSetting | BoolSetting;

/** What the drill does when a question reaches the leech threshold. */
export const LEECH_ACTIONS = ['mark', 'suspend'] as const;
export type LeechAction = (typeof LEECH_ACTIONS)[number];

export const SETTINGS = [
  { key: 'new-per-day', kind: 'int', min: 0, max: 10_000, default: 10, help: 'new questions introduced per learning day' },
  { key: 'reviews-per-day', kind: 'int', min: 0, max: 100_000, default: null, nullable: true, help: 'reviews per learning day (none: no limit)' },
  { key: 'desired-retention', kind: 'number', min: 0.7, max: 0.99, default: 0.9, help: 'the chance of recall the schedule aims for when a review comes due' },
  { key: 'day-starts-at', kind: 'int', min: 0, max: 23, default: 4, help: 'the local hour at which a new learning day begins' },
  { key: 'session-size', kind: 'int', min: 1, max: 1_000, default: 10, help: 'questions per session when -n is not given' },
  { key: 'leech-threshold', kind: 'int', min: 1, max: 100, default: 4, help: 'lapses after which a question counts as a leech' },
  { key: 'leech-action', kind: 'choice', choices: LEECH_ACTIONS, default: 'mark', help: 'when a question becomes a leech in the drill: mark (say so) or suspend (say so and set it aside)' },
  { key: 'fsrs-parameters', kind: 'weights', lengths: [21], default: null, help: 'scheduling parameters fitted by mlops-drill optimize (none: the built-in ones)' },
  { key: 'sync-on-exit', kind: 'bool', default: false, help: 'after a session that saved answers, sync in the background (once mlops-drill sync --remote is set up)' },
] as const satisfies readonly Setting[];

export interface Settings {
  'new-per-day': number;
  'reviews-per-day': number | null;
  'desired-retention': number;
  'day-starts-at': number;
  'session-size': number;
  'leech-threshold': number;
  'leech-action': LeechAction;
  'fsrs-parameters': number[] | null;
  'sync-on-exit': boolean;
}

// Built without a prototype so a key such as `constructor` or `__proto__` is never found by accident.
const BY_KEY: Record<string, Setting> = Object.assign(Object.create(null) as Record<string, Setting>, Object.fromEntries(SETTINGS.map((s) => [s.key, s])));

export function findSetting(key: string): Setting | undefined {
  return BY_KEY[key];
}

export function defaults(): Settings {
  return Object.fromEntries(SETTINGS.map((s) => [s.key, s.default])) as unknown as Settings;
}

/** What a setting accepts, for error messages and help. */
export function describeRange(s: Setting): string {
  switch (s.kind) {
    case 'int':
      return `a whole number from ${s.min} to ${s.max}${s.nullable ? ', or none' : ''}`;
    case 'number':
      return `a number from ${s.min} to ${s.max}`;
    case 'choice':
      return s.choices.join(' or ');
    case 'weights':
      return `${s.lengths.join(' or ')} numbers separated by commas, or none`;
    case 'bool':
      return 'on or off';
  }
}

/** Did you mean: the known key closest to a mistyped one, if it is close enough. */
export function suggestKey(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const s of SETTINGS) {
    const d = editDistance(key.toLowerCase(), s.key);
    if (d < bestDistance) {
      best = s.key;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length]!;
}

export type Parsed = { ok: true; value: SettingValue } | { ok: false; message: string };

/** A value as typed on the command line (`config set new-per-day 20`). */
export function parseTyped(s: Setting, text: string): Parsed {
  const t = text.trim();
  if (s.kind === 'bool') {
    if (/^(on|true|yes|1)$/i.test(t)) return { ok: true, value: true };
    if (/^(off|false|no|0)$/i.test(t)) return { ok: true, value: false };
    return { ok: false, message: `${s.key} must be ${describeRange(s)}, got '${text}'` };
  }
  if (s.kind === 'choice') {
    return s.choices.includes(t) ? { ok: true, value: t } : { ok: false, message: `${s.key} must be ${describeRange(s)}, got '${text}'` };
  }
  if ((s.kind === 'int' && s.nullable) || s.kind === 'weights') {
    if (/^(none|off|unlimited|default)$/i.test(t)) return { ok: true, value: null };
  }
  if (s.kind === 'weights') {
    const parts = t.split(/[\s,]+/).filter((x) => x !== '');
    if (!parts.every((x) => /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(x))) return { ok: false, message: `${s.key} must be ${describeRange(s)}` };
    return checkValue(s, parts.map(Number));
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return { ok: false, message: `${s.key} must be ${describeRange(s)}, got '${text}'` };
  return checkValue(s, Number(t));
}

/** A value as stored in the file: the JSON type must match, and the range. */
export function checkValue(s: Setting, value: unknown): Parsed {
  const bad = (): Parsed => ({ ok: false, message: `${s.key} must be ${describeRange(s)}, got ${JSON.stringify(value) ?? String(value)}` });
  if (s.kind === 'choice') return typeof value === 'string' && s.choices.includes(value) ? { ok: true, value } : bad();
  if (s.kind === 'bool') return typeof value === 'boolean' ? { ok: true, value } : bad();
  if (s.kind === 'weights') {
    if (value === null) return { ok: true, value: null };
    const ok = Array.isArray(value) && s.lengths.includes(value.length) && value.every((x) => typeof x === 'number' && Number.isFinite(x));
    return ok ? { ok: true, value: [...(value as number[])] } : { ok: false, message: `${s.key} must be ${describeRange(s)}` };
  }
  if (value === null) return s.kind === 'int' && s.nullable ? { ok: true, value: null } : bad();
  if (typeof value !== 'number' || !Number.isFinite(value)) return bad();
  if (s.kind === 'int' && !Number.isInteger(value)) return bad();
  if (value < s.min || value > s.max) return bad();
  return { ok: true, value };
}

export interface ReadResult {
  settings: Settings;
  /** One line each: unknown keys and bad values, which are ignored (the default applies). */
  notices: string[];
}

/**
 * Settings from the file's parsed JSON. Unknown keys and bad values are reported and ignored,
 * so a settings file written by a newer version, or edited by hand, never stops the drill.
 */
export function fromJson(data: unknown, where: string): ReadResult {
  const settings = defaults();
  const notices: string[] = [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    notices.push(`${where}: expected a JSON object of settings; using the defaults`);
    return { settings, notices };
  }
  for (const [key, value] of Object.entries(data)) {
    const s = findSetting(key);
    if (!s) {
      const near = suggestKey(key);
      notices.push(`${where}: unknown setting '${key}' ignored${near ? ` (did you mean ${near}?)` : ''}`);
      continue;
    }
    const checked = checkValue(s, value);
    if (checked.ok) (settings as unknown as Record<string, SettingValue>)[key] = checked.value;
    else notices.push(`${where}: ${checked.message}; using the default (${formatValue(s.default)})`);
  }
  return { settings, notices };
}

export function formatValue(value: SettingValue | undefined): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.map((x) => String(Math.round(x * 10_000) / 10_000)).join(',');
  return String(value);
}
