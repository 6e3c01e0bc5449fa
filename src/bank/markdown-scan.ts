/**
 * A line scanner for the structure of a question body: fenced code blocks and
 * level-2 sections, each with its line number in the file (marked's tokens carry
 * no line numbers, and the validator's errors need them).
 */
export interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the closing fence (or the last line when unclosed). */
  endLine: number;
  language: string;
  content: string;
  closed: boolean;
}

export interface Section {
  name: string;
  /** 1-based line of the `## Name` heading (for the prompt: its first line). */
  line: number;
  lines: string[];
}

const OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;

export function findFences(lines: string[], firstLine: number): Fence[] {
  const fences: Fence[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = OPEN.exec(lines[i]!);
    if (!m) {
      i++;
      continue;
    }
    const marker = m[1]!;
    const indent = /^ */.exec(lines[i]!)![0].length;
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j]!)) j++;
    const closed = j < lines.length;
    const strip = new RegExp(`^ {0,${indent}}`);
    const content = lines
      .slice(i + 1, j)
      .map((l) => (indent > 0 ? l.replace(strip, '') : l))
      .join('\n');
    fences.push({ line: firstLine + i, endLine: firstLine + Math.min(j, lines.length - 1), language: m[2] ?? '', content, closed });
    i = j + 1;
  }
  return fences;
}

const HEADING2 = /^ {0,3}##[ \t]+(.*?)[ \t]*#*[ \t]*$/;

export function splitSections(
  lines: string[],
  firstLine: number,
  fences: Fence[],
): { prompt: Section; sections: Section[] } {
  const inFence = (lineNo: number) => fences.some((f) => lineNo >= f.line && lineNo <= f.endLine);
  const prompt: Section = { name: '', line: firstLine, lines: [] };
  const sections: Section[] = [];
  let current = prompt;
  lines.forEach((text, i) => {
    const lineNo = firstLine + i;
    const m = inFence(lineNo) ? null : HEADING2.exec(text);
    if (m) {
      current = { name: m[1]!.trim(), line: lineNo, lines: [] };
      sections.push(current);
    } else {
      current.lines.push(text);
    }
  });
  return { prompt, sections };
}
