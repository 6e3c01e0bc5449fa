/**
 * The merge behind `mlops-drill sync`: the union of two progress logs by record id, in one
 * deterministic order, so two machines that answered offline both keep every answer, no answer
 * appears twice, and both end with byte-identical files whichever merged first.
 *
 * It works on lines, not on parsed records: a record kind or field that this version does not
 * know (written by a newer version on another machine) is carried along untouched.
 */

export interface LogLine {
  /** The record id, or null for a line that is not a JSON object with one. */
  rid: string | null;
  /** Milliseconds of `at`, or NaN. */
  time: number;
  /** The line exactly as written, without its newline. */
  text: string;
}

export function splitLog(text: string): { lines: LogLine[]; skipped: number } {
  const lines: LogLine[] = [];
  let skipped = 0;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (const raw of body.split('\n')) {
    const t = raw.replace(/\r$/, '');
    if (t.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      // A torn or damaged line is never spread to other machines.
      skipped++;
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      skipped++;
      continue;
    }
    const { rid, at } = parsed as { rid?: unknown; at?: unknown };
    lines.push({ rid: typeof rid === 'string' && rid !== '' ? rid : null, time: typeof at === 'string' ? Date.parse(at) : NaN, text: t });
  }
  return { lines, skipped };
}

/** Records present in `theirs` and not in `ours`, by rid (lines without a rid by their text). */
export function missingFrom(ours: readonly LogLine[], theirs: readonly LogLine[]): LogLine[] {
  const have = new Set(ours.map(key));
  const out: LogLine[] = [];
  for (const l of theirs) {
    const k = key(l);
    if (have.has(k)) continue;
    have.add(k);
    out.push(l);
  }
  return out;
}

/**
 * The canonical merged log: every record once (the first copy of an id wins), ordered by time,
 * then id, then text, so the result depends only on the set of records, never on who merged.
 */
export function unionLogs(...logs: (readonly LogLine[])[]): LogLine[] {
  const byKey = new Map<string, LogLine>();
  for (const log of logs) for (const l of log) if (!byKey.has(key(l))) byKey.set(key(l), l);
  return [...byKey.values()].sort(compareLines);
}

export function joinLog(lines: readonly LogLine[]): string {
  return lines.map((l) => `${l.text}\n`).join('');
}

function key(l: LogLine): string {
  return l.rid !== null ? `r:${l.rid}` : `t:${l.text}`;
}

function compareLines(a: LogLine, b: LogLine): number {
  const ta = Number.isNaN(a.time) ? Infinity : a.time;
  const tb = Number.isNaN(b.time) ? Infinity : b.time;
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = key(a);
  const kb = key(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return 0;
}
