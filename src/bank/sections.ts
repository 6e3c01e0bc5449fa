import type { Section } from './markdown-scan.js';
import type { Report } from './report.js';

export const SECTION_NAMES = ['choices', 'hint', 'answer', 'explanation'] as const;

/**
 * A `##` heading that is not a section name is content of the section it stands in (answers
 * imported from elsewhere have their own headings). One that is a near miss of a section name
 * (`## Hnit`, `## Explaination`) is a typo: an error that says which name was meant.
 */
export function mergeContentHeadings(prompt: Section, sections: Section[], report: Report): { prompt: Section; sections: Section[] } {
  // Most files have only section headings: nothing to merge, nothing copied.
  if (sections.every((s) => (SECTION_NAMES as readonly string[]).includes(s.name.toLowerCase()))) return { prompt, sections };
  const merged: Section[] = [];
  let current: Section = { ...prompt, lines: [...prompt.lines] };
  const first = current;
  for (const s of sections) {
    const name = s.name.toLowerCase();
    if ((SECTION_NAMES as readonly string[]).includes(name)) {
      current = { ...s, lines: [...s.lines] };
      merged.push(current);
      continue;
    }
    const meant = SECTION_NAMES.find((n) => isTypoOf(name, n));
    if (meant !== undefined) {
      report(s.line, `unknown section '## ${s.name}': did you mean '## ${meant[0]!.toUpperCase()}${meant.slice(1)}'?`);
    }
    current.lines.push(`## ${s.name}`, ...s.lines);
  }
  return { prompt: first, sections: merged };
}

/** Whether `a` is a typo of `b`: within one edit (two for longer names), a swap of neighbours counting as one. */
function isTypoOf(a: string, b: string): boolean {
  const limit = b.length <= 5 ? 1 : 2;
  if (Math.abs(a.length - b.length) > limit) return false;
  // Damerau-Levenshtein distance (optimal string alignment) on short words.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]! <= limit;
}
