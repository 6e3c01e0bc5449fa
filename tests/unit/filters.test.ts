import { describe, expect, it } from 'vitest';
import { question as build } from '../builders.js';
import type { Difficulty, Question, QuestionType } from '../../src/bank/question.js';
import { UsageError } from '../../src/errors.js';
import { applyFilters, minutes, parseDifficulties, parseFilters, parseTypes, percentage, positiveInt, topicList, wholeNumber, type Filters } from '../../src/filters.js';

function question(id: string, difficulty: Difficulty, type: QuestionType, topics: string[]): Question {
  return build({ id, title: id, difficulty, type, topics, grading: type === 'output' ? 'exact' : null });
}

const BANK = [
  question('e-out-serving', 'easy', 'output', ['serving']),
  question('m-choice-drift', 'medium', 'choice', ['monitoring', 'drift']),
  question('h-open-serving', 'hard', 'open', ['serving', 'cicd']),
  question('e-open-cicd', 'easy', 'open', ['cicd']),
];

const NONE: Filters = { difficulties: null, topics: null, types: null, limit: null, seed: null };

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

/** The option parsers, as commander calls them with the text after a flag (see src/options.ts). */
const PARSERS = {
  difficulty: parseDifficulties,
  type: parseTypes,
  topic: topicList('--topic'),
  limit: positiveInt('--limit'),
  seed: wholeNumber('--seed'),
  pass: percentage('--pass'),
  minutes: minutes('--minutes'),
};
type Flag = keyof typeof PARSERS;

describe('option parsers', () => {
  it.each<[Flag, string, unknown]>([
    ['difficulty', 'easy', ['easy']],
    ['difficulty', 'Easy, HARD', ['easy', 'hard']],
    ['difficulty', 'medium,', ['medium']],
    ['difficulty', 'easy,easy', ['easy']],
    ['type', 'output,open', ['output', 'open']],
    ['topic', 'Serving, drift', ['serving', 'drift']],
    ['limit', '3', 3],
    ['limit', ' 12 ', 12],
    ['seed', '42', 42],
    ['seed', '-7', -7],
    ['seed', '0', 0],
    ['pass', '75', 75],
    ['pass', '80%', 80],
    ['pass', '0', 0],
    ['minutes', '0.5', 0.5],
    ['minutes', '30', 30],
  ])('--%s %j reads as %j', (flag, text, expected) => {
    expect(PARSERS[flag](text)).toEqual(expected);
  });

  it.each<[Flag, string, string]>([
    ['difficulty', 'extreme', "--difficulty: 'extreme' is not one of easy, medium, hard"],
    ['difficulty', 'easy,nope', "--difficulty: 'nope' is not one of easy, medium, hard"],
    ['difficulty', '', '--difficulty needs at least one of: easy, medium, hard'],
    ['difficulty', ' , ', '--difficulty needs at least one of: easy, medium, hard'],
    ['type', 'essay', "--type: 'essay' is not one of output, choice, open, cloze"],
    ['type', '', '--type needs at least one of: output, choice, open, cloze'],
    ['limit', '0', "--limit must be a whole number of 1 or more, got '0'"],
    ['limit', '-1', "--limit must be a whole number of 1 or more, got '-1'"],
    ['limit', '2.5', "--limit must be a whole number of 1 or more, got '2.5'"],
    ['limit', 'ten', "--limit must be a whole number of 1 or more, got 'ten'"],
    ['limit', '', "--limit must be a whole number of 1 or more, got ''"],
    ['seed', 'abc', "--seed must be a whole number, got 'abc'"],
    ['seed', '1.5', "--seed must be a whole number, got '1.5'"],
    ['seed', '', "--seed must be a whole number, got ''"],
    ['seed', '1e3', "--seed must be a whole number, got '1e3'"],
    ['pass', '101', "--pass must be a percentage from 0 to 100, got '101'"],
    ['pass', '', "--pass must be a percentage from 0 to 100, got ''"],
    ['minutes', '0', "--minutes must be a number of minutes above 0, got '0'"],
    ['minutes', 'soon', "--minutes must be a number of minutes above 0, got 'soon'"],
  ])('--%s %j is refused: %s', (flag, text, message) => {
    expect(usageError(() => PARSERS[flag](text)).message).toBe(message);
  });

  // Like --difficulty and --type, an empty --topic is a usage error, not an empty drill.
  it.each(['', ' , '])('refuses an empty --topic %j like the other list flags', (topic) => {
    expect(usageError(() => PARSERS.topic(topic)).message).toContain('--topic');
  });

  it('names the flag it parses for', () => {
    expect(usageError(() => positiveInt('--count')('x')).message).toContain('--count');
  });
});

describe('parseFilters', () => {
  it('gives no filters for no flags', () => {
    expect(parseFilters({})).toEqual(NONE);
  });

  it('carries the parsed values over', () => {
    expect(parseFilters({ difficulty: ['easy'], topic: ['serving'], type: ['open'], limit: 3, seed: 0 })).toEqual({
      difficulties: ['easy'],
      topics: ['serving'],
      types: ['open'],
      limit: 3,
      seed: 0,
    });
  });
});

describe('applyFilters', () => {
  const ids = (qs: Question[]) => qs.map((q) => q.id);

  it.each<[string, Partial<Filters>, string[]]>([
    ['nothing', {}, ['e-out-serving', 'm-choice-drift', 'h-open-serving', 'e-open-cicd']],
    ['difficulty', { difficulties: ['easy'] }, ['e-out-serving', 'e-open-cicd']],
    ['two difficulties', { difficulties: ['medium', 'hard'] }, ['m-choice-drift', 'h-open-serving']],
    ['type', { types: ['open'] }, ['h-open-serving', 'e-open-cicd']],
    ['topic', { topics: ['serving'] }, ['e-out-serving', 'h-open-serving']],
    ['any of two topics', { topics: ['drift', 'cicd'] }, ['m-choice-drift', 'h-open-serving', 'e-open-cicd']],
    ['difficulty and type together', { difficulties: ['easy'], types: ['open'] }, ['e-open-cicd']],
    ['topic and difficulty together', { topics: ['serving'], difficulties: ['hard'] }, ['h-open-serving']],
    ['filters that leave nothing', { difficulties: ['medium'], types: ['output'] }, []],
  ])('by %s', (_what, f, expected) => {
    expect(ids(applyFilters(BANK, { ...NONE, ...f }))).toEqual(expected);
  });

  it('does not change the bank it is given', () => {
    const copy = [...BANK];
    applyFilters(BANK, { ...NONE, difficulties: ['easy'] });
    expect(BANK).toEqual(copy);
  });

  it('refuses an unknown topic, naming it and the known topics', () => {
    const e = usageError(() => applyFilters(BANK, { ...NONE, topics: ['serving', 'servng'] }));
    expect(e.message).toBe("--topic: no question has the topic 'servng'. Topics: cicd, drift, monitoring, serving");
  });

  it('works from the flags end to end', () => {
    expect(ids(applyFilters(BANK, parseFilters({ topic: PARSERS.topic('CICD'), difficulty: PARSERS.difficulty('easy') })))).toEqual(['e-open-cicd']);
  });
});
