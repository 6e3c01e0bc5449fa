import fs from 'node:fs';
import path from 'node:path';
import { displayPath, findQuestionFiles, loadBank, loadFullFrontMatter } from '../bank/load.js';
import { parseQuestion } from '../bank/parse.js';
import { DIFFICULTIES, TYPES, type Difficulty, type QuestionType } from '../bank/question.js';
import { chooseBank, type GlobalFlags } from '../context.js';
import { EXIT, UsageError, UserError } from '../errors.js';
import { cleanTitle, parseTopics } from '../filters.js';
import { freshId, isId, renderQuestion, slugify } from '../scaffold.js';
import { out, style } from '../ui/output.js';

/** As commander hands them over: each value already checked (see options.ts). */
export interface NewFlags extends GlobalFlags {
  type?: QuestionType;
  difficulty?: Difficulty;
  topic?: string[];
  title?: string;
  dir?: string;
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
  // A cloze question's cards are `id#c1`…: its file's id is the one taken.
  const ids = new Set(loadBank(existing).questions.map((q) => q.cloze?.note ?? q.id));
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

/**
 * The drill's look for Inquirer's own prompts: an accent `?`, the message in bold, keys
 * in the key colour joined by dim dots, all through ui/output.ts so NO_COLOR and
 * --no-color hold here too.
 */
const HOUSE_THEME = {
  prefix: { idle: style.accent('?'), done: style.good('✔') },
  style: {
    message: (text: string) => style.strong(text),
    answer: (text: string) => style.accent(text),
    highlight: (text: string) => style.accent(text),
    description: (text: string) => style.dim(text),
    help: (text: string) => style.dim(text),
    error: (text: string) => style.warn(text),
    defaultAnswer: (text: string) => style.dim(text),
    key: (text: string) => style.key(text),
    keysHelpTip: (keys: [string, string][]) => keys.map(([key, action]) => `${style.key(key)} ${style.dim(action)}`).join(style.dim(' · ')),
  },
};

const TYPE_HELP: Record<QuestionType, string> = {
  output: 'what does this code print? (exact answer)',
  choice: 'pick the one correct option',
  open: 'explain; compare with a model answer',
  cloze: 'fill in the hidden text: each {{c1::…}} is a card',
};

/** Ask for what the flags left out; only ever called with a terminal on stdin. */
async function ask(flags: NewFlags, missing: Missing[]): Promise<NewFlags> {
  const [{ default: select }, { default: input }] = await Promise.all([import('@inquirer/select'), import('@inquirer/input')]);
  const answers: NewFlags = { ...flags };
  if (missing.includes('type')) {
    answers.type = await select<QuestionType>({
      message: 'Type of question',
      choices: TYPES.map((t) => ({ value: t, name: t, description: TYPE_HELP[t] })),
      theme: HOUSE_THEME,
    });
  }
  if (missing.includes('difficulty')) {
    answers.difficulty = await select<Difficulty>({ message: 'Difficulty', choices: DIFFICULTIES.map((d) => ({ value: d, name: d })), theme: HOUSE_THEME });
  }
  if (missing.includes('title')) {
    answers.title = cleanTitle(await input({ message: 'Title', validate: (t) => (cleanTitle(t) === '' ? 'a title is required' : true), theme: HOUSE_THEME }));
  }
  if (missing.includes('topic')) {
    answers.topic = parseTopics(
      await input({
        message: 'Topics (comma list, for example: serving, monitoring)',
        validate: (t) => parseTopics(t).problem ?? true,
        theme: HOUSE_THEME,
      }),
    ).topics;
  }
  return answers;
}

export async function newQuestion(given: NewFlags): Promise<number> {
  let flags = given;
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
  }

  // The new file is checked by the parser, and any front matter of the bank's files read: the full parser is needed.
  await loadFullFrontMatter();
  const taken = idsInUse(bankDir !== null && bankDir !== dir ? [dir, bankDir] : [dir]);
  const { title, difficulty, type, topic } = flags;
  if (title === undefined || difficulty === undefined || type === undefined || topic === undefined) throw new Error('new: a field was neither given nor asked');
  const fields = { title, difficulty, type, topics: topic };
  makeFolder(dir);
  const base = slugify(fields.title);
  for (;;) {
    const id = freshId(base, (candidate) => taken.has(candidate) || fs.existsSync(path.join(dir, `${candidate}.md`)));
    if (!isId(id)) throw new Error(`generated id '${id}' does not match the id rule`);
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
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        taken.add(id);
        continue;
      }
      throw new UserError(`cannot write ${displayPath(file)}: ${code ?? String(error)}`);
    }
    out(displayPath(file));
    const shown = displayPath(dir);
    const arg = /^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown);
    process.stderr.write(style.dim(`Wrote question '${id}'. Replace the TODO text, then check it: mlops-drill validate --strict ${arg}`) + '\n');
    return EXIT.ok;
  }
}

/**
 * Create the deck folder one level at a time. Node's recursive mkdir never returns for some
 * paths (one under /proc spins forever), and each level's own error makes a clearer message.
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  while (!fs.existsSync(cur)) {
    missing.unshift(cur);
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new UserError(`cannot create the folder ${displayPath(d)}: ${code ?? String(error)}`);
    }
  }
}
