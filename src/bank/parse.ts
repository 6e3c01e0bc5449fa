import { sanitize, sanitizeLine } from '../sanitize.js';
import {
  DIFFICULTIES,
  GRADINGS,
  ID_PATTERN,
  TOPIC_PATTERN,
  TYPES,
  type Choice,
  type CodeBlock,
  type Difficulty,
  type Grading,
  type Problem,
  type Question,
  type Reference,
  type QuestionType,
  type Severity,
} from './question.js';
import { findFences, splitSections, type Fence, type Section } from './markdown-scan.js';
import { fileLimitProblems, lineLimitProblems, sectionLimitProblems } from './limits.js';
import { readFrontMatter, type KeyPosition } from './front-matter.js';
import { titleFromPrompt } from './title.js';
import { describe, type Report } from './report.js';
import { readReferences } from './references.js';
import { mergeContentHeadings } from './sections.js';
import { allHidden, cardNumbers, MAX_CLOZE_CARDS, scanClozes } from './cloze.js';

export const KNOWN_KEYS = ['id', 'title', 'difficulty', 'type', 'topics', 'grading', 'source', 'license', 'references', 'spacing'] as const;

export interface ParseResult {
  question: Question | null;
  problems: Problem[];
}

export interface ParseOptions {
  /**
   * The house rules of `validate --strict`: what the format leaves optional but a good
   * question has (a hint) is reported as a warning, which --strict makes an error.
   */
  strict?: boolean;
}

/** Where things stand in the file a question came from: for problems found after parsing. */
export interface QuestionLines {
  id: number;
  /** The `## Answer` heading, or 1 when there is none. */
  answer: number;
}

const LINES = new WeakMap<Question, QuestionLines>();

/** The lines recorded when `question` was parsed (1 for anything unknown, e.g. a question from the prebuilt index). */
export function linesOf(question: Question): QuestionLines {
  return LINES.get(question) ?? { id: 1, answer: 1 };
}

/** The topic of a question that names none: its folder's name, made into a topic. */
export function topicFromFolder(file: string): string {
  const folder = file.split(/[\\/]/).slice(-2, -1)[0] ?? '';
  const topic = folder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return TOPIC_PATTERN.test(topic) ? topic : 'general';
}

/** Text as authors save it: a BOM and CRLF or CR line endings are all accepted. */
export function normaliseSource(raw: string): string {
  // Most files need neither change; skipping the copies matters on banks of thousands of files.
  const noBom = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return noBom.includes('\r') ? noBom.replace(/\r\n?/g, '\n') : noBom;
}

/**
 * Parse one question file. Pure: takes the text, returns the question or the problems,
 * every problem with a line number. Never throws for bad input.
 */
export function parseQuestion(raw: string, file: string, options: ParseOptions = {}): ParseResult {
  const problems: Problem[] = [];
  const report = (line: number, message: string, severity: Severity = 'error', col = 1) =>
    problems.push({ file, line, col, severity, message: sanitizeLine(message) });

  if (raw.includes('\u0000')) {
    report(1, 'binary file: a question file must be UTF-8 text');
    return { question: null, problems };
  }
  // Too big to parse safely: one error, nothing else read.
  for (const p of fileLimitProblems(raw)) {
    report(p.line, p.message);
    return { question: null, problems };
  }
  const text = normaliseSource(raw);
  if (text.trim() === '') {
    report(1, 'empty file: expected front matter (---) and a question');
    return { question: null, problems };
  }
  const lines = text.split('\n');
  for (const p of lineLimitProblems(lines)) report(p.line, p.message);
  const first = lines[0] ?? '';
  const opener = /^---\s*([A-Za-z]*)\s*$/.exec(first);
  if (!opener) {
    report(1, 'missing front matter: the file must start with a line holding only ---');
    return { question: null, problems };
  }
  const language = (opener[1] ?? '').toLowerCase();
  if (language !== '' && language !== 'yaml' && language !== 'yml') {
    report(1, `front matter in '${language}' is refused: only YAML is allowed (and it is never run)`);
    return { question: null, problems };
  }
  // gray-matter ends the front matter at the first line that starts with --- (even `---js`):
  // the validator takes the same line, and refuses anything after the dashes.
  const closeIndex = lines.findIndex((l, i) => i > 0 && l.startsWith('---'));
  if (closeIndex < 0) {
    report(1, 'front matter is not closed: add a line holding only --- after it');
    return { question: null, problems };
  }
  if (!/^---\s*$/.test(lines[closeIndex]!)) {
    report(closeIndex + 1, 'this line ends the front matter (it starts with ---): write --- alone on it, and put every key above it');
    return { question: null, problems };
  }
  const front = readFrontMatter(lines.slice(0, closeIndex + 1).join('\n') + '\n');
  if (!front.ok) {
    report(front.line, front.message, 'error', front.col);
    return { question: null, problems };
  }
  const data = front.data;
  const keyLine = (key: string): number => front.keys.get(key)?.line ?? 1;

  const fields = readFields(data, keyLine, report, front.keys, file);
  const body = readBody(lines, closeIndex + 1, fields.type, fields.grading, report, options);

  if (problems.some((p) => p.severity === 'error') || !fields.complete || fields.type === null) {
    return { question: null, problems };
  }
  const question: Question = {
    id: fields.id,
    title: fields.title || titleFromPrompt(fields.type === 'cloze' ? allHidden(body.fields.prompt) : body.fields.prompt),
    difficulty: fields.difficulty ?? 'medium',
    ...(fields.difficulty === null ? { unrated: true as const } : {}),
    type: fields.type,
    topics: fields.topics,
    grading: fields.type === 'output' ? fields.grading ?? 'exact' : null,
    source: fields.source,
    ...(fields.license !== null ? { license: fields.license } : {}),
    references: fields.references,
    file,
    ...body.fields,
    ...(fields.spacing ? { spacing: fields.spacing } : {}),
  };
  LINES.set(question, { id: keyLine('id'), answer: body.answerLine });
  return { question, problems };
}

interface Fields {
  complete: boolean;
  id: string;
  title: string;
  /** Null when not given: the question is unrated. */
  difficulty: Difficulty | null;
  /** Null when missing or unknown (reported): the body is then checked only for what every type shares. */
  type: QuestionType | null;
  topics: string[];
  grading: Grading | null;
  source: string | null;
  license: string | null;
  references: Reference[];
  spacing: 'strict' | null;
}

function readFields(data: Record<string, unknown>, keyLine: (k: string) => number, report: Report, keys: Map<string, KeyPosition>, file: string): Fields {
  let complete = true;
  const need = (key: string): unknown => {
    if (!(key in data) || data[key] === null || data[key] === '') {
      report(key in data ? keyLine(key) : 1, `missing required key '${key}'`);
      complete = false;
      return undefined;
    }
    return data[key];
  };
  /** The value when it is one of `allowed`, else null (reported). */
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | null => {
    const value = need(key);
    if (value === undefined) return null;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      report(keyLine(key), `${key} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
      complete = false;
      return null;
    }
    return value as T;
  };

  let id = '';
  const rawId = need('id');
  if (rawId !== undefined) {
    if (typeof rawId !== 'string') {
      // YAML reads `id: 0123` as the octal number 83: suggest quoting the text as written.
      const written = keys.get('id')?.source || String(rawId);
      report(keyLine('id'), `id must be text, got ${describe(rawId)}: quote it, for example id: "${written}"`);
      complete = false;
    } else if (!ID_PATTERN.test(rawId)) {
      report(keyLine('id'), `id '${rawId}' may use only letters, digits, _ and -`);
      complete = false;
    } else {
      id = rawId;
    }
  }

  // Optional: without one, the title is the prompt's first sentence.
  let title = '';
  const rawTitle = 'title' in data && data.title !== null ? data.title : undefined;
  if (rawTitle === '') {
    report(keyLine('title'), "title is empty: write one, or leave the key out to use the prompt's first sentence");
    complete = false;
  } else if (rawTitle !== undefined) {
    if (typeof rawTitle !== 'string') {
      report(keyLine('title'), `title must be text, got ${describe(rawTitle)}`);
      complete = false;
    } else {
      title = sanitizeLine(rawTitle).trim();
      if (title === '') {
        report(keyLine('title'), 'title is empty once control characters and spaces are removed');
        complete = false;
      }
    }
  }

  // Optional: a question without one is unrated (filters count it as medium).
  const difficulty = 'difficulty' in data && data.difficulty !== null && data.difficulty !== '' ? oneOf('difficulty', DIFFICULTIES) : null;
  const type = oneOf('type', TYPES);

  // Optional: without them, the topic is the name of the file's folder.
  let topics: string[] = [];
  const rawTopics = 'topics' in data && data.topics !== null ? data.topics : undefined;
  if (rawTopics === undefined) {
    topics = [topicFromFolder(file)];
  } else {
    if (!Array.isArray(rawTopics) || rawTopics.length === 0) {
      report(keyLine('topics'), `topics must be a list of at least one topic, for example [serving], got ${describe(rawTopics)}`);
      complete = false;
    } else {
      for (const t of rawTopics) {
        if (typeof t !== 'string' || !TOPIC_PATTERN.test(t)) {
          report(keyLine('topics'), `topic ${describe(t)} must be lowercase letters, digits and -`);
          complete = false;
        }
      }
      topics = [...new Set(rawTopics.filter((t): t is string => typeof t === 'string'))];
    }
  }

  let grading: Grading | null = null;
  if ('grading' in data) {
    const g = data.grading;
    if (typeof g !== 'string' || !(GRADINGS as readonly string[]).includes(g)) {
      report(keyLine('grading'), `grading must be one of ${GRADINGS.join(', ')}, got ${describe(g)}`);
      complete = false;
    } else if (type !== null && type !== 'output') {
      report(keyLine('grading'), `grading applies only to output questions; it is ignored for a ${type} question`, 'warning');
    } else {
      grading = g as Grading;
    }
  }

  let license: string | null = null;
  if ('license' in data && data.license !== null) {
    if (typeof data.license !== 'string') {
      report(keyLine('license'), `license must be text, for example CC-BY-4.0, got ${describe(data.license)}`);
    } else {
      license = sanitizeLine(data.license).trim() || null;
    }
  }

  let source: string | null = null;
  if ('source' in data) {
    if (typeof data.source !== 'string') {
      report(keyLine('source'), `source must be text, got ${describe(data.source)}`);
    } else {
      source = sanitizeLine(data.source);
    }
  }

  const references = readReferences(data, keyLine, report);

  // `spacing: strict`: spacing is the point of the question, so a spacing difference is a miss.
  let spacing: 'strict' | null = null;
  if ('spacing' in data) {
    if (data.spacing !== 'strict' && data.spacing !== 'loose') report(keyLine('spacing'), `spacing must be strict or loose, got ${describe(data.spacing)}`);
    else if (type !== 'output') report(keyLine('spacing'), `spacing applies only to output questions; it is ignored for a ${type} question`, 'warning');
    else if (data.spacing === 'strict') spacing = 'strict';
  }

  for (const key of Object.keys(data)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      report(keyLine(key), `unknown key '${key}' (known keys: ${KNOWN_KEYS.join(', ')})`, 'warning');
    }
  }
  return { complete, id, title, difficulty, type, topics, grading, source, license, references, spacing };
}


/** A placeholder line of the template `mlops-drill new` writes (a paragraph or an option starting with "TODO:"). */
const TODO_LINE = /^ {0,3}(?:[-*+] \[[ xX]\] )?TODO:/;

type Body = Pick<Question, 'prompt' | 'code' | 'choices' | 'hints' | 'answer' | 'answerNotes' | 'explanation'>;

function joinText(section: Section | undefined): string {
  return section ? section.lines.join('\n').trim() : '';
}

function readBody(
  lines: string[],
  start: number,
  type: QuestionType | null,
  grading: Grading | null,
  report: Report,
  options: ParseOptions,
): { fields: Body; answerLine: number } {
  const bodyLines = lines.slice(start);
  // Problems about something missing point at the last line that has text.
  let lastLine = lines.length;
  while (lastLine > 1 && (lines[lastLine - 1] ?? '').trim() === '') lastLine--;
  const firstLine = start + 1;
  const fences = findFences(bodyLines, firstLine);
  for (const f of fences) {
    if (!f.closed) report(f.line, 'code block is never closed: add a closing ```');
  }
  const split = splitSections(bodyLines, firstLine, fences);
  const { prompt, sections } = mergeContentHeadings(split.prompt, split.sections, report);
  const todo = bodyLines.findIndex((l, i) => TODO_LINE.test(l) && !fences.some((f) => firstLine + i >= f.line && firstLine + i <= f.endLine));
  if (todo >= 0) report(firstLine + todo, 'the TODO text written by mlops-drill new is still here: replace it', 'warning');
  for (const s of [prompt, ...sections]) {
    for (const p of sectionLimitProblems(s, fences, s === prompt ? 'the prompt' : `section '## ${s.name}'`)) report(p.line, p.message);
  }
  const byName = new Map<string, Section[]>();
  for (const s of sections) {
    const name = s.name.toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), s]);
  }
  for (const name of ['choices', 'answer', 'explanation']) {
    const found = byName.get(name) ?? [];
    for (const dup of found.slice(1)) report(dup.line, `more than one '## ${found[0]?.name}' section`);
  }

  const promptText = sanitize(prompt.lines.join('\n').trim());
  if (promptText === '') report(firstLine, 'the question has no prompt: write it before the first ## section');

  const hintSections = byName.get('hint') ?? [];
  if (hintSections.length === 0 && options.strict) report(lastLine, "no '## Hint' section: the format leaves hints optional, but --strict asks for at least one", 'warning');
  const hints: string[] = [];
  for (const h of hintSections) {
    const t = sanitize(joinText(h)).trim();
    if (t === '') report(h.line, 'empty hint section');
    else hints.push(t);
  }

  const choicesSection = byName.get('choices')?.[0];
  const answerSection = byName.get('answer')?.[0];
  const explanationSection = byName.get('explanation')?.[0];
  if (explanationSection && joinText(explanationSection) === '') report(explanationSection.line, 'empty explanation section', 'warning');

  let code: CodeBlock | null = null;
  let choices: Choice[] | null = null;
  let answer = '';
  let answerNotes = '';

  if (type !== null && type !== 'choice' && choicesSection) {
    report(choicesSection.line, `'## Choices' belongs only in choice questions; this is a ${type} question`);
  }

  if (type === 'output') {
    const promptFences = fences.filter((f) => f.line < (sections[0]?.line ?? Infinity));
    if (promptFences.length === 0) {
      report(prompt.line, 'an output question needs its code in a fenced block in the prompt (```python)');
    } else if (promptFences.length > 1) {
      report(promptFences[1]!.line, 'an output question shows exactly one code block in its prompt');
    } else {
      const f = promptFences[0]!;
      if (f.language === '') report(f.line, 'name the code block\'s language, for example ```python');
      code = { language: f.language, text: sanitize(f.content) };
    }
    if (!answerSection) {
      report(lastLine, "missing '## Answer' section with the expected output in a fenced block");
    } else {
      const inAnswer = fencesIn(fences, answerSection);
      const effective = grading ?? 'exact';
      if (effective === 'exact' && inAnswer.length !== 1) {
        report(answerSection.line, `the Answer of an output question holds exactly one fenced block with the expected output (found ${inAnswer.length})`);
      } else if (inAnswer.length > 1) {
        report(inAnswer[1]!.line, 'the Answer holds more than one fenced block');
      } else if (effective === 'self' && inAnswer.length === 0 && joinText(answerSection) === '') {
        report(answerSection.line, 'empty answer section');
      }
      const block = inAnswer[0];
      answer = block ? sanitize(block.content) : '';
      answerNotes = sanitize(textOutside(answerSection, inAnswer));
      if (block && effective === 'exact' && answer.trim() === '') report(block.line, 'the expected output is empty');
    }
  } else if (type === 'choice') {
    if (!choicesSection) report(lastLine, "missing '## Choices' section: a task list with one [x]");
    else choices = readChoices(choicesSection, report);
    answer = sanitize(joinText(answerSection));
  } else if (type === 'cloze') {
    checkClozes(prompt, report);
    // An Answer section is optional: shown after the reveal, like Anki's "Back Extra".
    answerNotes = sanitize(joinText(answerSection));
  } else if (type === 'open') {
    if (!answerSection || joinText(answerSection) === '') {
      report(answerSection?.line ?? lastLine, 'an open question needs a model answer in its ## Answer section');
    }
    answer = sanitize(joinText(answerSection));
  }

  // Cloze syntax where it does nothing: in another type, or outside a cloze question's prompt.
  for (const s of type === 'cloze' ? sections : [prompt, ...sections]) strayClozes(s, type, report);

  return {
    fields: { prompt: promptText, code, choices, hints, answer, answerNotes, explanation: sanitize(joinText(explanationSection)) },
    answerLine: answerSection?.line ?? 1,
  };
}

/** The text of a section with the line of its first text line (the prompt has no heading line). */
function sectionText(section: Section): { text: string; line: number } {
  return { text: section.lines.join('\n'), line: section.name === '' ? section.line : section.line + 1 };
}

/** Offset in a text to its line and column in the file. */
function position(text: string, at: number, firstLine: number): { line: number; col: number } {
  let line = firstLine;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: at - lineStart + 1 };
}

function checkClozes(prompt: Section, report: Report): void {
  const { text, line } = sectionText(prompt);
  const { deletions, problems } = scanClozes(text);
  for (const p of problems) {
    const at = position(text, p.at, line);
    report(at.line, p.message, p.severity, at.col);
  }
  if (deletions.length === 0 && problems.length === 0) {
    report(prompt.line, 'a cloze question needs at least one cloze in its prompt, as in {{c1::answer}} or {{c1::answer::hint}}');
  }
  const cards = cardNumbers(deletions);
  if (cards.length > MAX_CLOZE_CARDS) report(prompt.line, `too many cloze numbers: ${cards.length}, a question may have at most ${MAX_CLOZE_CARDS} (c1 to c${MAX_CLOZE_CARDS})`);
}

const CLOZE_LIKE = /\{\{c[^:{}\s]*::/g;

function strayClozes(section: Section, type: QuestionType | null, report: Report): void {
  const { text, line } = sectionText(section);
  const m = CLOZE_LIKE.exec(text);
  CLOZE_LIKE.lastIndex = 0;
  if (!m) return;
  const at = position(text, m.index, line);
  const where = section.name === '' ? 'the prompt' : `'## ${section.name}'`;
  report(
    at.line,
    type === 'cloze'
      ? `cloze syntax in ${where} is shown as written: clozes belong in the prompt`
      : `cloze syntax in ${where} of a${type === 'open' || type === 'output' ? 'n' : ''} ${type ?? 'question'} question is shown as written: use type: cloze to make cards of it`,
    'warning',
    at.col,
  );
}

function fencesIn(fences: Fence[], section: Section): Fence[] {
  const end = section.line + section.lines.length;
  return fences.filter((f) => f.line > section.line && f.line <= end);
}

function textOutside(section: Section, blocks: Fence[]): string {
  const kept: string[] = [];
  section.lines.forEach((l, i) => {
    const lineNo = section.line + 1 + i;
    if (!blocks.some((b) => lineNo >= b.line && lineNo <= b.endLine)) kept.push(l);
  });
  return kept.join('\n').trim();
}

const TASK_ITEM = /^ {0,3}[-*+]\s+\[([ xX])\]\s+(.*)$/;

function readChoices(section: Section, report: Report): Choice[] {
  const choices: (Choice & { line: number })[] = [];
  section.lines.forEach((l, i) => {
    const lineNo = section.line + 1 + i;
    const m = TASK_ITEM.exec(l);
    if (m) {
      choices.push({ text: sanitizeLine(m[2] ?? '').trim(), correct: m[1] !== ' ', line: lineNo });
    } else if (l.trim() === '') {
      // blank lines between items are fine
    } else if (/^\s+\S/.test(l) && choices.length > 0) {
      const last = choices[choices.length - 1]!;
      last.text = `${last.text} ${sanitizeLine(l).trim()}`;
    } else {
      report(lineNo, 'expected a task list item: "- [ ] option" or "- [x] correct option"');
    }
  });
  if (choices.length < 3 || choices.length > 6) {
    report(section.line, `a choice question has 3 to 6 options (found ${choices.length})`);
  }
  const correct = choices.filter((c) => c.correct).length;
  if (correct !== 1) report(section.line, `exactly one option must be marked [x] (found ${correct})`);
  const seen = new Map<string, number>();
  for (const c of choices) {
    if (c.text === '') report(c.line, 'empty option');
    const before = seen.get(c.text.toLowerCase());
    if (before !== undefined) report(c.line, `option repeats line ${before}`);
    seen.set(c.text.toLowerCase(), c.line);
  }
  return choices.map(({ text, correct: isCorrect }) => ({ text, correct: isCorrect }));
}
