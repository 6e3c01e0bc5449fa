import { DIFFICULTIES, TYPES, type Difficulty, type Question, type QuestionType } from './bank/question.js';
import { UsageError } from './errors.js';

export interface FilterFlags {
  difficulty?: string;
  topic?: string;
  type?: string;
  limit?: string;
  seed?: string;
}

export interface Filters {
  difficulties: Difficulty[] | null;
  topics: string[] | null;
  types: QuestionType[] | null;
  limit: number | null;
  seed: number | null;
}

const list = (value: string | undefined): string[] | null =>
  value === undefined ? null : value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');

function oneOfList<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T[] | null {
  const items = list(value);
  if (items === null) return null;
  if (items.length === 0) throw new UsageError(`${flag} needs at least one of: ${allowed.join(', ')}`);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new UsageError(`${flag}: '${item}' is not one of ${allowed.join(', ')}`);
    }
  }
  return items as T[];
}

export function positiveInt(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${flag} must be a whole number of 1 or more, got '${value}'`);
  return Number(value);
}

function topicList(value: string | undefined): string[] | null {
  const items = list(value);
  if (items !== null && items.length === 0) throw new UsageError('--topic needs at least one topic (see: mlops-drill list)');
  return items;
}

export function parseFilters(flags: FilterFlags): Filters {
  let seed: number | null = null;
  if (flags.seed !== undefined) {
    if (!/^-?\d+$/.test(flags.seed.trim())) throw new UsageError(`--seed must be a whole number, got '${flags.seed}'`);
    seed = Number(flags.seed);
  }
  return {
    difficulties: oneOfList('--difficulty', flags.difficulty, DIFFICULTIES),
    types: oneOfList('--type', flags.type, TYPES),
    topics: topicList(flags.topic),
    limit: positiveInt('--limit', flags.limit),
    seed,
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
