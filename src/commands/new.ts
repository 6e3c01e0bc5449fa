import fs from 'node:fs';
import path from 'node:path';
import { displayPath, findQuestionFiles, loadBank } from '../bank/load.js';
import { ID_PATTERN, parseQuestion, TOPIC_PATTERN } from '../bank/parse.js';
import { DIFFICULTIES, TYPES, type Difficulty, type QuestionType } from '../bank/question.js';
import { chooseBank, type GlobalFlags } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { sanitizeLine } from '../sanitize.js';
import { out, style } from '../ui/output.js';

export interface NewFlags extends GlobalFlags {
  type?: string;
  difficulty?: string;
  topic?: string;
  title?: string;
  dir?: string;
}

export interface Scaffold {
  id: string;
  title: string;
  difficulty: Difficulty;
  type: QuestionType;
  topics: string[];
}

const MAX_ID_LENGTH = 60;

/** Pure: a title to an id-shaped slug ('' when nothing of it fits [a-z0-9-]). */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_ID_LENGTH) return slug;
  const cut = slug.slice(0, MAX_ID_LENGTH);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 20 ? cut.slice(0, lastDash) : cut).replace(/-+$/g, '');
}

/** Pure: the first of base, base-2, base-3, … (or question-1, question-2, … without a base) not taken. */
export function freshId(base: string, taken: (id: string) => boolean): string {
  if (base !== '' && !taken(base)) return base;
  const stem = base === '' ? 'question' : base;
  for (let n = base === '' ? 1 : 2; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken(id)) return id;
  }
}

/** Pure: comma list to topics, with the first problem found. */
export function parseTopics(list: string): { topics: string[]; problem: string | null } {
  const topics = [...new Set(list.split(',').map((t) => t.trim()).filter((t) => t !== ''))];
  if (topics.length === 0) return { topics, problem: 'give at least one topic, for example: serving' };
  const bad = topics.find((t) => !TOPIC_PATTERN.test(t));
  return { topics, problem: bad === undefined ? null : `topic '${bad}' must be lowercase letters, digits and - (for example: model-serving)` };
}

/** Pure: one line of title, without control characters. */
export function cleanTitle(title: string): string {
  // The same cleaning as deck text (C1 controls such as U+0085, bidi overrides such as U+202E).
  return sanitizeLine(title.replace(/[\u0000-\u001f\u007f]+/g, ' ')).replace(/\s+/g, ' ').trim();
}

const BODY: Record<QuestionType, string> = {
  // print("hello") really prints hello, so the placeholder passes `validate --run` too.
  output: `What does this print?

TODO: say what the learner should think about. Replace the snippet below with your own:
keep exactly one fenced code block in the prompt, with its language.

\`\`\`python
print("hello")
\`\`\`

## Hint
TODO: a nudge that does not give the answer away. Add another \`## Hint\` section for a
second, stronger hint; hints are shown one at a time, in order.

## Answer
\`\`\`text
hello
\`\`\`

## Explanation
TODO: why the code prints this. Paste the exact output of your snippet into the Answer block
above (run it with python3): it is compared with what the learner types.
`,
  choice: `TODO: the question. Which of these is true?

## Choices
- [ ] TODO: a plausible wrong option
- [x] TODO: the correct option (exactly one is marked [x])
- [ ] TODO: another plausible wrong option
- [ ] TODO: a third plausible wrong option (3 to 6 options in all)

## Hint
TODO: a nudge that does not give the answer away. Add another \`## Hint\` section for a
second, stronger hint; hints are shown one at a time, in order.

## Explanation
TODO: why the marked option is right and why each of the others is wrong.
`,
  open: `TODO: the question, for example: How would you roll out a new model version without downtime?

## Hint
TODO: a nudge that does not give the answer away. Add another \`## Hint\` section for a
second, stronger hint; hints are shown one at a time, in order.

## Answer
TODO: the model answer: the points a good answer makes. The learner compares their own answer
with it and grades themselves.

## Explanation
TODO: the why behind the answer, and the common mistakes.
`,
};

/** Pure: the text of a new question file. */
export function renderQuestion(s: Scaffold): string {
  // JSON strings are valid YAML double-quoted strings: any title survives the round trip.
  const front = [
    '---',
    `id: ${s.id}`,
    `title: ${JSON.stringify(s.title)}`,
    `difficulty: ${s.difficulty}`,
    `type: ${s.type}`,
    `topics: [${s.topics.join(', ')}]`,
    '---',
  ];
  return `${front.join('\n')}\n${BODY[s.type]}`;
}

/** Where the file goes: --dir, else a bank the user named (--bank or MLOPS_DRILL_BANK), never the bundled one. */
function targetFolder(flags: NewFlags): { dir: string; bankDir: string | null } {
  const choice = chooseBank(flags);
  const bankDir = choice.name === 'bundled' ? null : choice.dir;
  if (flags.dir !== undefined && flags.dir !== '') {
    const dir = path.resolve(flags.dir);
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`--dir: ${flags.dir} is not a folder`);
    return { dir, bankDir };
  }
  if (bankDir === null) throw new UsageError('pass --dir or --bank: the bundled bank is not yours to edit');
  return { dir: bankDir, bankDir };
}

/** Ids in use in these folders, including those of files too broken to load. */
function idsInUse(folders: string[]): Set<string> {
  const existing = folders.filter((f) => fs.existsSync(f));
  const ids = new Set(loadBank(existing).questions.map((q) => q.id));
  for (const file of findQuestionFiles(existing).files) {
    try {
      const m = /^id\s*:\s*["']?([a-z0-9-]+)["']?\s*(#.*)?$/m.exec(fs.readFileSync(file, 'utf8'));
      if (m?.[1]) ids.add(m[1]);
    } catch {
      // unreadable files were reported by loadBank; they cannot claim an id
    }
  }
  return ids;
}

type Missing = 'type' | 'difficulty' | 'title' | 'topic';

function checkGiven(flags: NewFlags): void {
  if (flags.type !== undefined && !(TYPES as readonly string[]).includes(flags.type)) {
    throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got '${flags.type}'`);
  }
  if (flags.difficulty !== undefined && !(DIFFICULTIES as readonly string[]).includes(flags.difficulty)) {
    throw new UsageError(`--difficulty must be one of ${DIFFICULTIES.join(', ')}, got '${flags.difficulty}'`);
  }
  if (flags.topic !== undefined) {
    const { problem } = parseTopics(flags.topic);
    if (problem) throw new UsageError(`--topic: ${problem}`);
  }
  if (flags.title !== undefined && cleanTitle(flags.title) === '') throw new UsageError('--title is empty');
}

/** Ask for what the flags left out; only ever called with a terminal on stdin. */
async function ask(flags: NewFlags, missing: Missing[]): Promise<NewFlags> {
  const { input, select } = await import('@inquirer/prompts');
  const answers: NewFlags = { ...flags };
  if (missing.includes('type')) {
    answers.type = await select({
      message: 'Type of question',
      choices: [
        { value: 'output', name: 'output', description: 'what does this code print? (exact answer)' },
        { value: 'choice', name: 'choice', description: 'pick the one correct option' },
        { value: 'open', name: 'open', description: 'explain; compare with a model answer' },
      ],
    });
  }
  if (missing.includes('difficulty')) {
    answers.difficulty = await select({ message: 'Difficulty', choices: DIFFICULTIES.map((d) => ({ value: d, name: d })) });
  }
  if (missing.includes('title')) {
    answers.title = await input({ message: 'Title', validate: (t) => (cleanTitle(t) === '' ? 'a title is required' : true) });
  }
  if (missing.includes('topic')) {
    answers.topic = await input({
      message: 'Topics (comma list, for example: serving, monitoring)',
      validate: (t) => parseTopics(t).problem ?? true,
    });
  }
  return answers;
}

export async function newQuestion(rawFlags: Record<string, unknown>): Promise<number> {
  let flags = rawFlags as NewFlags;
  checkGiven(flags);
  // Decide where before asking anything: a refusal after four prompts would waste them.
  const { dir, bankDir } = targetFolder(flags);
  const missing = (['type', 'difficulty', 'title', 'topic'] as const).filter((k) => flags[k] === undefined);
  if (missing.length > 0) {
    if (!process.stdin.isTTY) {
      throw new UsageError(
        `missing ${missing.map((k) => `--${k}`).join(', ')}: without a terminal to ask, pass them as flags ` +
          `(for example: mlops-drill new --type output --difficulty easy --topic serving --title "What the client sees" --dir ./deck)`,
      );
    }
    flags = await ask(flags, missing);
    checkGiven(flags);
  }

  const taken = idsInUse(bankDir !== null && bankDir !== dir ? [dir, bankDir] : [dir]);
  const fields = {
    title: cleanTitle(flags.title ?? ''),
    difficulty: flags.difficulty as Difficulty,
    type: flags.type as QuestionType,
    topics: parseTopics(flags.topic ?? '').topics,
  };
  fs.mkdirSync(dir, { recursive: true });
  const base = slugify(fields.title);
  for (;;) {
    const id = freshId(base, (candidate) => taken.has(candidate) || fs.existsSync(path.join(dir, `${candidate}.md`)));
    if (!ID_PATTERN.test(id)) throw new Error(`generated id '${id}' does not match the id rule`);
    const file = path.join(dir, `${id}.md`);
    const text = renderQuestion({ id, ...fields });
    const check = parseQuestion(text, displayPath(file));
    // The TODO text is a warning by design (validate --strict refuses it until replaced).
    const errors = check.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      throw new UsageError(`cannot write a valid question from these values: ${errors.map((p) => p.message).join('; ')}`);
    }
    try {
      // 'wx': never overwrite, even a file created since the ids were read.
      fs.writeFileSync(file, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        taken.add(id);
        continue;
      }
      throw error;
    }
    out(displayPath(file));
    const shown = displayPath(dir);
    const arg = /^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown);
    process.stderr.write(style.dim(`Wrote question '${id}'. Replace the TODO text, then check it: mlops-drill validate --strict ${arg}`) + '\n');
    return EXIT.ok;
  }
}
