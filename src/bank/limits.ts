/**
 * Limits no real question reaches, so that no question file can freeze or crash the drill.
 * marked, the Markdown library, takes quadratic time on some inputs (40,000 underscores: 14 s)
 * and recurses once per nesting level (5,000 nested `>`: a stack overflow). Each limit below
 * bounds one of those costs; together they keep the rendering of any file that passes
 * `validate` far under a second. The bundled bank, measured when these were set: files up to
 * 5.6 KB, sections up to 2.3 KB and 81 lines, lines up to 820 characters, no nesting beyond 2.
 */
import type { Fence, Section } from './markdown-scan.js';

export const LIMITS = {
  /** Bytes of one question file. */
  fileBytes: 64 * 1024,
  /** Characters of one line. */
  lineChars: 2_000,
  /** Characters of one section (the prompt counts as one). */
  sectionChars: 32 * 1024,
  /** Lines of one section: marked's lists take time in the square of their lines. */
  sectionLines: 800,
  /** Containers one inside another: block quotes and list items. */
  nesting: 32,
  /**
   * Characters that open inline Markdown (`* _ ~ [ ` < \ $`) in one section, outside fenced code:
   * marked looks for the end of each one further on, so their number multiplies the work.
   */
  markers: 2_000,
} as const;

export interface LimitProblem {
  line: number;
  message: string;
}

const MARKER = /[*_~[`<\\$]/g;
/** The container markers at the start of a line: `>`, `-`, `*`, `+`, `1.` or `1)`, with the spaces between them. */
const CONTAINERS = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*/;

/**
 * How deeply a line nests: the container markers it starts with, plus one level for every two
 * columns of indentation (a nested list item is indented by at least two). An upper bound of
 * what marked builds, so a line within the limit never nests deeper in marked.
 */
export function nestingOf(line: string): number {
  const prefix = CONTAINERS.exec(line)![0];
  const markers = prefix.match(/>|[-*+]|\d{1,9}[.)]/g)?.length ?? 0;
  const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
  return markers + Math.floor(indent / 2);
}

/** Problems with the size of the whole file, found before anything is parsed. */
export function fileLimitProblems(text: string): LimitProblem[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > LIMITS.fileBytes ? [{ line: 1, message: fileTooLarge(bytes) }] : [];
}

export function fileTooLarge(bytes: number): string {
  return `file too large: ${Math.ceil(bytes / 1024)} KiB, a question file may hold at most ${LIMITS.fileBytes / 1024} KiB`;
}

/** Lines longer than the limit, each at its line (`firstLine` is the 1-based number of lines[0]). */
export function lineLimitProblems(lines: readonly string[], firstLine = 1): LimitProblem[] {
  const out: LimitProblem[] = [];
  lines.forEach((l, i) => {
    if (l.length > LIMITS.lineChars) {
      out.push({ line: firstLine + i, message: `line too long: ${l.length} characters, at most ${LIMITS.lineChars}; break it into several lines` });
    }
  });
  return out;
}

/** Problems of one section of the body: its size, its inline markers and its nesting. */
export function sectionLimitProblems(section: Section, fences: readonly Fence[], label: string): LimitProblem[] {
  const out: LimitProblem[] = [];
  // The heading is section.line; its text starts on the next line (the prompt has no heading).
  const first = section.name === '' ? section.line : section.line + 1;
  const chars = section.lines.reduce((n, l) => n + l.length + 1, 0);
  if (chars > LIMITS.sectionChars) {
    out.push({ line: section.line, message: `${label} too long: ${Math.ceil(chars / 1024)} KiB, a section may hold at most ${LIMITS.sectionChars / 1024} KiB` });
  }
  let count = section.lines.length;
  while (count > 0 && section.lines[count - 1]!.trim() === '') count--;
  if (count > LIMITS.sectionLines) {
    out.push({ line: section.line, message: `${label} too long: ${count} lines, a section may hold at most ${LIMITS.sectionLines}` });
  }
  const inFence = (lineNo: number) => fences.some((f) => lineNo > f.line && lineNo < f.endLine + (f.closed ? 0 : 1));
  let markers = 0;
  let reportedMarkers = false;
  let tooDeep = false;
  section.lines.forEach((l, i) => {
    const lineNo = first + i;
    if (inFence(lineNo)) return;
    markers += l.match(MARKER)?.length ?? 0;
    if (markers > LIMITS.markers && !reportedMarkers) {
      reportedMarkers = true;
      out.push({
        line: lineNo,
        message: `${label} holds more than ${LIMITS.markers} Markdown markers (* _ ~ [ \` < \\ $) outside code blocks; put code in a fenced block`,
      });
    }
    if (!tooDeep && nestingOf(l) > LIMITS.nesting) {
      tooDeep = true;
      out.push({ line: lineNo, message: `nested too deeply: block quotes and lists may nest at most ${LIMITS.nesting} levels` });
    }
  });
  return out;
}
