import { Option } from '@commander-js/extra-typings';
import { DIFFICULTIES, TYPES } from './bank/question.js';
import { cleanTitle, minutes, oneOf, parseDifficulties, parseTopics, parseTypes, percentage, positiveInt, topicList, wholeNumber } from './filters.js';
import { UsageError } from './errors.js';

/**
 * Every option of the command line, declared once. Commander reads and checks the values
 * (argParser), help prints the descriptions and defaults, and completion scripts read the
 * same declarations through `valueOf` below: adding an option here is the whole job.
 */

/** validate --format */
export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];
/** completion <shell> */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What a completion script offers for an option's value. */
export type ValueKind = 'difficulty' | 'type' | 'format' | 'topic' | 'folder' | 'free';
export interface ValueSpec {
  kind: ValueKind;
  /** A comma list: complete one item after the last comma. */
  list: boolean;
}

/** The fixed words of each kind; topics come from the bank when the script is written. */
export const KIND_WORDS: Record<'difficulty' | 'type' | 'format', readonly string[]> = { difficulty: DIFFICULTIES, type: TYPES, format: FORMATS };

const specs = new WeakMap<object, ValueSpec>();

function valued<O extends object>(option: O, kind: ValueKind, list = false): O {
  specs.set(option, { kind, list });
  return option;
}

/** The completion kind of an option's value; null for a flag without one. */
export function valueOf(option: { required: boolean; optional: boolean }): ValueSpec | null {
  if (!option.required && !option.optional) return null;
  return specs.get(option) ?? { kind: 'free', list: false };
}

const joined = (words: readonly string[]) => words.join(', ');

export const bankOption = () =>
  valued(new Option('--bank <dir>', 'use the question files in this folder instead of the bundled bank (env: MLOPS_DRILL_BANK)'), 'folder');

const limitOption = (fallback: number | undefined) =>
  new Option('-n, --limit <n>', 'at most n questions').argParser(positiveInt('--limit')).default(fallback);

/** --difficulty, --topic, --type, --limit: the filters of drill, review, exam and list. */
export const filterOptions = (limitDefault?: number) => [
  valued(new Option('-d, --difficulty <levels>', `only these difficulties (comma list of ${joined(DIFFICULTIES)})`).argParser(parseDifficulties), 'difficulty', true),
  valued(new Option('-t, --topic <topics>', 'only these topics (comma list)').argParser(topicList('--topic')), 'topic', true),
  valued(new Option('--type <types>', `only these types (comma list of ${joined(TYPES)})`).argParser(parseTypes), 'type', true),
  limitOption(limitDefault),
] as const;

export const seedOption = (description: string) => new Option('--seed <n>', description).argParser(wholeNumber('--seed'));
export const plainOption = (description = 'plain line mode') => new Option('--plain', description);
export const jsonOption = (description: string) => new Option('--json', description);

export const minutesOption = () =>
  new Option('--minutes <m>', 'time limit in minutes').argParser(minutes('--minutes'));
export const passOption = () => new Option('--pass <percent>', 'pass mark in percent').argParser(percentage('--pass')).default(70);

export const formatOption = () =>
  valued(
    new Option('--format <format>', 'how to report problems (github: GitHub Actions annotations)').choices(FORMATS).argParser(oneOf('--format', FORMATS)).default('text' as Format),
    'format',
  );

/** The options of `new`: each value checked as the wizard checks what it asks. */
export const newOptions = () => [
  valued(new Option('--type <type>', 'the kind of question').choices(TYPES).argParser(oneOf('--type', TYPES)), 'type'),
  valued(new Option('--difficulty <level>', 'how hard it is').choices(DIFFICULTIES).argParser(oneOf('--difficulty', DIFFICULTIES)), 'difficulty'),
  valued(
    new Option('--topic <topics>', 'comma list of topics').argParser((value) => {
      const { topics, problem } = parseTopics(value);
      if (problem) throw new UsageError(`--topic: ${problem}`);
      return topics;
    }),
    'topic',
    true,
  ),
  new Option('--title <title>', 'the question title').argParser((value) => {
    const title = cleanTitle(value);
    if (title === '') throw new UsageError('--title is empty');
    return title;
  }),
  valued(new Option('--dir <dir>', 'where to write it (default: the bank in use)'), 'folder'),
] as const;

