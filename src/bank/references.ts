import { sanitizeLine } from '../sanitize.js';
import type { Reference } from './question.js';
import { describe, type Report } from './report.js';

// Printable ASCII only: an address is printed as it is, so it may hold no escape or control character.
const URL_PATTERN = /^https?:\/\/[\x21\x23-\x3b\x3d\x3f-\x7e]+$/;

/**
 * `references:` is a list of primary sources, each `{ title, url }` or a bare URL.
 * A bad entry is reported and left out; the question itself stays usable.
 */
export function readReferences(data: Record<string, unknown>, keyLine: (k: string) => number, report: Report): Reference[] {
  if (!('references' in data) || data.references === null) return [];
  const raw = data.references;
  const line = keyLine('references');
  if (!Array.isArray(raw)) {
    report(line, `references must be a list of { title, url } entries, got ${describe(raw)}`);
    return [];
  }
  const out: Reference[] = [];
  raw.forEach((entry: unknown, i) => {
    const where = `reference ${i + 1}`;
    let title: unknown;
    let url: unknown;
    if (typeof entry === 'string') {
      title = entry;
      url = entry;
    } else if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
      ({ title, url } = entry as { title?: unknown; url?: unknown });
      const extra = Object.keys(entry).filter((k) => k !== 'title' && k !== 'url');
      if (extra.length > 0) report(line, `${where}: unknown key '${extra[0]}' (a reference has title and url)`, 'warning');
    } else {
      report(line, `${where} must be { title, url } or a URL, got ${describe(entry)}`);
      return;
    }
    if (typeof url !== 'string' || !URL_PATTERN.test(url.trim())) {
      report(line, `${where}: url must be an http(s) address, got ${describe(url)}`);
      return;
    }
    if (typeof title !== 'string' || sanitizeLine(title).trim() === '') {
      report(line, `${where}: title must be text, got ${describe(title)}`);
      return;
    }
    out.push({ title: sanitizeLine(title).trim(), url: url.trim() });
  });
  return out;
}
