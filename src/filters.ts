import { DIFFICULTIES, TOPIC_PATTERN, TYPES, type Difficulty, type Question, type QuestionType } from './bank/question.js';
import { UsageError } from './errors.js';

/**
 * Option values, checked once where commander reads them (see options.ts): each parser
 * turns the text on the command line into a typed value or throws a UsageError naming the flag.
 */

const items = (value: string): string[] => value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');

/** A comma list whose items must each be one of `allowed`. */
export function oneOfList<T extends string>(flag: string, allowed: readonly T[]): (value: string) => T[] {
  return (value) => {
    const list = items(value);
    if (list.length === 0) throw new UsageError(`${flag} needs at least one of: ${allowed.join(', ')}`);
    for (const item of list) {
      if (!(allowed as readonly string[]).includes(item)) throw new UsageError(`${flag}: '${item}' is not one of ${allowed.join(', ')}`);
    }
    return [...new Set(list)] as T[];
  };
}

/** Exactly one of `allowed`. */
export function oneOf<T extends string>(flag: string, allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
    return value as T;
  };
}

export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${flag} must be a whole number of 1 or more, got '${value}'`);
    return Number(value);
  };
}

/** Minutes may be fractional (0.5 is thirty seconds). */
export function minutes(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value.trim());
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number of minutes above 0, got '${value}'`);
    return n;
  };
}

export function wholeNumber(flag: string): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, got '${value}'`);
    return Number(value);
  };
}

export function percentage(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/%$/, ''));
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`${flag} must be a percentage from 0 to 100, got '${value}'`);
    return n;
  };
}

export function topicList(flag: string): (value: string) => string[] {
  return (value) => {
    const list = items(value);
    if (list.length === 0) throw new UsageError(`${flag} needs at least one topic (see: mlops-drill list)`);
    return [...new Set(list)];
  };
}

/* The values `new` takes for a question's topics and title. */

/** Comma list to topics, with the first problem found. */
export function parseTopics(list: string): { topics: string[]; problem: string | null } {
  const topics = [...new Set(list.split(',').map((t) => t.trim()).filter((t) => t !== ''))];
  if (topics.length === 0) return { topics, problem: 'give at least one topic, for example: serving' };
  const bad = topics.find((t) => !TOPIC_PATTERN.test(t));
  return { topics, problem: bad === undefined ? null : `topic '${bad}' must be lowercase letters, digits and - (for example: model-serving)` };
}

/**
 * Characters a title must not carry into a file: C0 and C1 controls (U+0085 is a line break
 * to YAML), bidirectional controls that reorder what an editor shows (U+202E), and the
 * invisible ones (zero-width space, BOM). Line and paragraph separators become spaces.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]+/g;

/** One line of title, without control or invisible characters. */
export function cleanTitle(title: string): string {
  return title.replace(INVISIBLE, ' ').replace(/[\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
}

export const parseDifficulties = oneOfList('--difficulty', DIFFICULTIES);
export const parseTypes = oneOfList('--type', TYPES);

/** How many questions a drill or review asks, and an exam draws, without --limit. */
export const DEFAULT_LIMIT = { drill: 10, exam: 20 } as const;

/** The filter options as commander hands them over, already checked. */
export interface FilterFlags {
  difficulty?: Difficulty[];
  topic?: string[];
  type?: QuestionType[];
  limit?: number;
  seed?: number;
}

export interface Filters {
  difficulties: Difficulty[] | null;
  topics: string[] | null;
  types: QuestionType[] | null;
  limit: number | null;
  seed: number | null;
}

export function parseFilters(flags: FilterFlags): Filters {
  return {
    difficulties: flags.difficulty ?? null,
    types: flags.type ?? null,
    topics: flags.topic ?? null,
    limit: flags.limit ?? null,
    seed: flags.seed ?? null,
  };
}

/** Topics are checked against the bank, so a typo is an error rather than an empty drill. */
export function applyFilters(questions: Question[], f: Filters): Question[] {
  if (f.topics) {
    const known = new Set(questions.flatMap((q) => q.topics));
    const unknown = f.topics.filter((t) => !known.has(t));
    if (unknown.length) {
      throw new UsageError(`--topic: no question has the topic ${unknown.map((t) => `'${t}'`).join(', ')}. Topics: ${[...known].sort().join(', ')}`);
    }
  }
  return questions.filter(
    (q) =>
      (!f.difficulties || f.difficulties.includes(q.difficulty)) &&
      (!f.types || f.types.includes(q.type)) &&
      (!f.topics || q.topics.some((t) => f.topics!.includes(t))),
  );
}
