import {
  createPrompt,
  isBackspaceKey,
  isDownKey,
  isEnterKey,
  isUpKey,
  useEffect,
  useKeypress,
  usePagination,
  useRef,
  useState,
  type KeypressEvent,
} from '@inquirer/core';
import { out, style, terminalRows, terminalWidth } from './output.js';
import { wrap } from './wrap.js';
import {
  commandForKey,
  commandForWord,
  commandsAt,
  GRADE_KEYS,
  letter,
  optionIndex,
  unavailableReason,
  type AskOptions,
  type Asker,
  type ChoiceReply,
  type Command,
  type NextReply,
  type TextReply,
} from './asker.js';
import { expectedOutputBlock, keyBar, type KeyItem } from './blocks.js';
import type { StartMenu, StartPick } from '../start-menu.js';
import { menuRows } from './start-screen.js';
import type { MoreReply } from './pager.js';
import type { Grade } from '../progress/record.js';

/** The interactive prompts (Inquirer). The only module that draws prompts in a terminal. */

const barWidth = () => Math.max(20, terminalWidth() - 1);

/** The key-bar items of the learner's commands offered while a question is open. */
function commandItems(opts: AskOptions): KeyItem[] {
  return commandsAt('question', { exam: opts.exam, plain: false, canHint: opts.canHint }).map((c) => ({ key: c.key, label: c.label }));
}

function keyCommand(key: KeypressEvent, opts: AskOptions): Command | null {
  if (key.ctrl) return null;
  const c = commandForKey((key.name ?? '').toLowerCase(), 'question', { exam: opts.exam, plain: false, canHint: opts.canHint });
  return (c as Command | undefined) ?? null;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The exam clock inside a prompt: redrawn every second in place, yellow with a warning in
 * the last minute; at zero the prompt closes with `onZero`.
 */
function useClock(deadline: number | undefined, onZero: () => void): string {
  const [, setTick] = useState(0);
  const zero = useRef(onZero);
  zero.current = onZero;
  useEffect(() => {
    if (deadline === undefined) return undefined;
    const timer = setInterval(() => {
      if (Date.now() >= deadline) {
        clearInterval(timer);
        zero.current();
      } else setTick(Math.ceil((deadline - Date.now()) / 1000)); // redrawn only when the second shown changes
    }, 250);
    return () => clearInterval(timer);
  }, [deadline]);
  if (deadline === undefined) return '';
  const left = deadline - Date.now();
  const text = `Time left ${clock(left)}`;
  return left <= 60_000 ? style.warn(`${text} · under a minute: finish this answer`) : style.dim(text);
}

interface ChoiceConfig {
  options: string[];
  opts: AskOptions;
}

export const choicePrompt = createPrompt<ChoiceReply, ChoiceConfig>((config, done) => {
  const [cursor, setCursor] = useState(0);
  const [status, setStatus] = useState<'idle' | 'picked' | 'command'>('idle');
  const n = config.options.length;
  const finish = (reply: ChoiceReply) => {
    setStatus(reply.kind === 'pick' ? 'picked' : 'command');
    if (reply.kind === 'pick') setCursor(reply.index);
    done(reply);
  };
  const timeLine = useClock(config.opts.deadline, () => finish({ kind: 'timeup' }));
  useKeypress((key) => {
    if (status !== 'idle') return;
    if (isUpKey(key)) setCursor((cursor - 1 + n) % n);
    else if (isDownKey(key)) setCursor((cursor + 1) % n);
    else if (isEnterKey(key)) finish({ kind: 'pick', index: cursor });
    else {
      const command = keyCommand(key, config.opts);
      if (command) {
        finish({ kind: command });
        return;
      }
      // Letters a-f and digits 1-9 pick an option, as printed before it.
      const pressed = key.ctrl ? '' : (key.name ?? '');
      const index = pressed.length === 1 ? optionIndex(pressed, n) : -1;
      if (index >= 0) finish({ kind: 'pick', index });
    }
  });
  if (status === 'picked') return style.dim(`Your answer: ${letter(cursor)}`);
  if (status === 'command') return '';
  const width = barWidth();
  const bar = keyBar(
    [
      { key: '↑↓', label: 'move', short: '' },
      { key: 'enter', label: 'answer', short: '' },
      { key: `a-${letter(n - 1).toLowerCase()} 1-${n}`, label: 'pick', short: '' },
      ...commandItems(config.opts),
    ],
    width,
  );
  const below = [timeLine, bar].filter((l) => l !== '').join('\n');
  // A list taller than the terminal scrolls inside the prompt instead of printing itself again.
  const rows = terminalRows();
  const pageSize = rows === null ? 1000 : Math.max(2, rows - 2 - below.split('\n').length);
  const page = usePagination({
    items: config.options,
    active: cursor,
    pageSize,
    loop: false,
    renderItem: ({ item, index, isActive }) => {
      // Two cells of pointer and three of hanging indent: every line fits the width.
      const [first = '', ...rest] = wrap(`${letter(index)}) ${item}`, Math.max(10, width - 5));
      const block = [first, ...rest.map((l) => `   ${l}`)];
      return isActive ? block.map((l, j) => style.accent(`${j === 0 ? '❯' : ' '} ${l}`)).join('\n') : block.map((l) => `  ${l}`).join('\n');
    },
  });
  return [`${style.accent('?')} ${style.strong('Your answer')}\n${page}`, below];
});

interface LinesConfig {
  opts: AskOptions;
  /** Lines typed before a command (a hint): they stay, editable. */
  draft?: string[];
  /** Open questions: the typed answer is optional, and an empty answer just reveals. */
  open?: boolean;
  /** A short answer (a cloze): one line, handed in with Enter. */
  short?: boolean;
}

interface Editor {
  lines: string[];
  row: number;
  /** Cursor in the current line before the last key (to tell Backspace at the start of a line). */
  cursor: number;
  pasting: boolean;
}

type EditableLine = { line: string; cursor: number };

/**
 * Lines of an answer, edited like a small text area: ↑/↓ move between lines, Backspace at
 * the start of a line joins it to the one above, Enter on an empty line hands the answer in,
 * and a bracketed paste lands as lines (its line breaks never hand anything in).
 * A command word (:h, :s, ...) on a line of its own runs the command and keeps the rest.
 */
export const linesPrompt = createPrompt<TextReply, LinesConfig>((config, done) => {
  const ed = useRef<Editor>({ lines: [...(config.draft ?? []), ''], row: config.draft?.length ?? 0, cursor: 0, pasting: false });
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [error, setError] = useState('');
  const [, setTick] = useState(0);
  const { opts } = config;
  const finish = (reply: TextReply) => {
    setStatus('done');
    done(reply);
  };
  const draftOf = (skipRow: number) => ed.current.lines.filter((l, i) => i !== skipRow && l !== '');
  const timeLine = useClock(opts.deadline, () => {
    finish({ kind: 'timeup', draft: draftOf(-1) });
  });
  useKeypress((key, rl) => {
    if (status === 'done') return;
    const e = rl as unknown as EditableLine;
    const s = ed.current;
    const keep = () => {
      s.cursor = e.cursor;
      setTick((t) => t + 1);
    };
    if (key.name === 'paste-start' || key.name === 'paste-end') {
      s.pasting = key.name === 'paste-start';
      return;
    }
    if (isEnterKey(key)) {
      // readline has already emptied its line: the text entered is the editor's copy.
      const line = s.lines[s.row] ?? '';
      if (!s.pasting) {
        const command = commandForWord(line, 'question', { exam: opts.exam, plain: false, canHint: opts.canHint });
        if (command === 'unavailable') {
          setError(unavailableReason(line, opts));
          s.lines[s.row] = '';
          s.cursor = 0;
          setTick((t) => t + 1);
          return;
        }
        if (command) {
          finish({ kind: command as Command, draft: draftOf(s.row) });
          return;
        }
        if (config.short && line.trim() !== '') {
          finish({ kind: 'text', text: [...draftOf(s.row), line].join(' ') });
          return;
        }
        if (line === '') {
          const typed = draftOf(s.row);
          if (typed.length === 0) {
            if (opts.exam && !config.open) {
              setError('type your answer (an empty first line reveals outside exams)');
              return;
            }
            finish(config.open ? { kind: 'text', text: '' } : { kind: 'reveal', draft: [] });
            return;
          }
          finish({ kind: 'text', text: typed.join('\n') });
          return;
        }
      }
      s.lines.splice(s.row + 1, 0, '');
      s.row++;
      s.cursor = 0;
      e.line = '';
      e.cursor = 0;
      setError('');
      setTick((t) => t + 1);
      return;
    }
    if (isUpKey(key) || isDownKey(key)) {
      // readline may have recalled its own history into the line: the editor's copy wins.
      const to = isUpKey(key) ? s.row - 1 : s.row + 1;
      if (to >= 0 && to < s.lines.length) s.row = to;
      e.line = s.lines[s.row]!;
      e.cursor = Math.min(s.cursor, e.line.length);
      keep();
      return;
    }
    if (isBackspaceKey(key) && s.cursor === 0 && s.row > 0) {
      const above = s.lines[s.row - 1]!;
      const joined = above + e.line;
      s.lines.splice(s.row, 1);
      s.row--;
      s.lines[s.row] = joined;
      e.line = joined;
      e.cursor = above.length;
      keep();
      return;
    }
    s.lines[s.row] = e.line;
    keep();
  });
  if (status === 'done') return '';
  const s = ed.current;
  const gutterLine = (l: string) => `  ${style.dim('│')} ${l}`;
  const message = config.short
    ? 'What is hidden at [...]?'
    : config.open
    ? opts.exam
      ? 'Your answer (graded by you in the report):'
      : 'Your answer, if you want to try one (enter on an empty line shows the model answer):'
    : 'What does it print?';
  const above = s.lines.slice(0, s.row).map(gutterLine);
  const current = gutterLine(s.lines[s.row] ?? '');
  const after = s.lines.slice(s.row + 1).map(gutterLine);
  const width = barWidth();
  const items: KeyItem[] = [{ key: config.short ? 'enter' : 'enter on an empty line', label: 'hand in' }];
  if (!opts.exam && !config.open) items.push({ key: config.short ? 'empty line' : 'empty first line', label: 'reveal' });
  if (!config.short) items.push({ key: '↑↓ ⌫', label: 'edit lines' });
  for (const c of commandsAt('question', { exam: opts.exam, plain: false, canHint: opts.canHint })) {
    // Reveal is the empty first line (or, for an open question, the empty answer): no second way to list.
    if (c.command !== 'reveal') items.push({ key: c.word, label: c.label });
  }
  const head = wrap(`${style.accent('?')} ${style.strong(message)}`, width).join('\n');
  const bottom = [...after, ...(error ? [style.warn(error)] : []), ...(timeLine ? [timeLine] : []), keyBar(items, width)];
  return [[head, ...above, current].join('\n'), bottom.join('\n')];
});

interface KeyConfig<T> {
  message: string;
  keys: { key: string; label: string; short?: string; value: T }[];
  deadline?: number;
  timeup?: T;
}

/** Wait for one key from a fixed set; shows the keys on screen. */
function keyPrompt<T>() {
  return createPrompt<T, KeyConfig<T>>((config, done) => {
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    const finish = (value: T) => {
      setStatus('done');
      done(value);
    };
    const timeLine = useClock(config.deadline, () => finish(config.timeup as T));
    useKeypress((key) => {
      if (status === 'done') return;
      const name = isEnterKey(key) ? 'enter' : (key.name ?? '').toLowerCase();
      // A Map, not an object: a key named like an inherited property is never a hit.
      const hit = new Map(config.keys.map((k) => [k.key, k])).get(name);
      if (hit) finish(hit.value);
    });
    if (status === 'done') return '';
    const width = barWidth();
    const head = wrap(`${style.accent('?')} ${style.strong(config.message)}`, width).join('\n');
    return [head, [timeLine, keyBar(config.keys.map((k) => ({ key: k.key, label: k.label, ...(k.short !== undefined ? { short: k.short } : {}) })), width)].filter((l) => l !== '').join('\n')];
  });
}

/** One line of free text (Enter hands it in; an empty line is null). */
export const textPrompt = createPrompt<string | null, { message: string }>((config, done) => {
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [value, setValue] = useState('');
  useKeypress((key, rl) => {
    if (status === 'done') return;
    if (isEnterKey(key)) {
      setStatus('done');
      done(value.trim() === '' ? null : value);
    } else setValue(rl.line);
  });
  if (status === 'done') return '';
  const width = barWidth();
  return [`${wrap(`${style.accent('?')} ${style.strong(config.message)}`, width).join('\n')}\n  ${style.dim('│')} ${value}`, keyBar([{ key: 'enter', label: 'save' }, { key: 'empty line', label: 'cancel' }], width)];
});

const gradePrompt = keyPrompt<Grade | 'quit'>();
const nextPrompt = keyPrompt<NextReply>();
const confirmPrompt = keyPrompt<boolean>();
const morePrompt = keyPrompt<MoreReply>();

/**
 * The start menu: the topic in progress first (when there is one), then the difficulties, then
 * one row per topic with its mastery; ↑↓ and Enter pick any row, a key picks its row at once.
 * A menu taller than the terminal scrolls inside the prompt.
 */
export const startPrompt = createPrompt<StartPick | 'quit', { menu: StartMenu }>((config, done) => {
  const [cursor, setCursor] = useState(0);
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const width = barWidth();
  const rows = menuRows(config.menu, Math.max(10, width - 2));
  const finish = (value: StartPick | 'quit') => {
    setStatus('done');
    done(value);
  };
  useKeypress((key) => {
    if (status === 'done') return;
    if (isUpKey(key)) setCursor(Math.max(0, cursor - 1));
    else if (isDownKey(key)) setCursor(Math.min(rows.length - 1, cursor + 1));
    else if (isEnterKey(key)) finish(rows[cursor]!.value);
    else if (!key.ctrl) {
      const name = (key.name ?? '').toLowerCase();
      if (name === 'q') {
        finish('quit');
        return;
      }
      const hit = rows.find((r) => r.key === name);
      if (hit) finish(hit.value);
    }
  });
  if (status === 'done') return '';
  const items: KeyItem[] = [
    { key: '↑↓', label: 'move', short: '' },
    { key: 'enter', label: 'start', short: '' },
    ...(config.menu.resume ? [{ key: 'c', label: 'continue', short: '' }] : []),
    { key: '1-3', label: 'easy, medium, hard', short: 'level' },
    { key: 'q', label: 'quit' },
  ];
  const bar = keyBar(items, width);
  const terminal = terminalRows();
  const pageSize = terminal === null ? 1000 : Math.max(2, terminal - 2 - bar.split('\n').length);
  const page = usePagination({
    items: rows,
    active: cursor,
    pageSize,
    loop: false,
    renderItem: ({ item, isActive }) =>
      item.lines.map((l, j) => (j === item.lines.length - 1 ? (isActive ? `${style.accent('❯')} ${l}` : `  ${l}`) : `  ${l}`)).join('\n'),
  });
  return [`${style.accent('?')} ${style.strong('What to practise?')}\n${page}`, bar];
});

/** Prompts leave nothing behind once answered: the session prints what was picked or typed, without gaps. */
const CLEAR = { clearPromptOnDone: true };

/** Bracketed paste (xterm's mode 2004): a multi-line paste arrives marked, so its line breaks stay line breaks. */
async function withPaste<T>(run: () => Promise<T>): Promise<T> {
  const tty = process.stdout.isTTY === true;
  if (tty) process.stdout.write('\u001b[?2004h');
  try {
    return await run();
  } finally {
    if (tty) process.stdout.write('\u001b[?2004l');
  }
}

/** After a typed answer is handed in, it stays on screen above the verdict. */
function showTyped(reply: TextReply): TextReply {
  if (reply.kind === 'text' && reply.text !== '') {
    out(`${style.dim('Your answer:')}\n${expectedOutputBlock(reply.text, terminalWidth())}`);
  }
  return reply;
}

/** A short answer stays on screen as one line above the verdict. */
function showTypedLine(reply: TextReply): TextReply {
  if (reply.kind === 'text' && reply.text !== '') out(`${style.dim('Your answer:')} ${reply.text}`);
  return reply;
}

export function inquirerAsker(): Asker {
  return {
    choice: (options, opts) => choicePrompt({ options, opts }, CLEAR),
    output: (opts, draft) => withPaste(() => linesPrompt({ opts, draft }, CLEAR)).then(showTyped),
    open: (opts, draft) => withPaste(() => linesPrompt({ opts, draft, open: true }, CLEAR)).then(showTyped),
    short: (opts, draft) => linesPrompt({ opts, draft, short: true }, CLEAR).then(showTypedLine),
    selfGrade: () =>
      gradePrompt(
        {
          message: 'How did you do? (again: did not know · hard: with effort · good: knew it · easy: too easy)',
          keys: [...GRADE_KEYS.map((g) => ({ key: g.key, label: g.grade, value: g.grade as Grade | 'quit' })), { key: 'q', label: 'quit', value: 'quit' }],
        },
        CLEAR,
      ),
    more: (shown, total) =>
      morePrompt(
        {
          message: `more (${Math.floor((shown / total) * 100)}%)`,
          keys: [
            { key: 'space', label: 'more', value: 'page' as MoreReply },
            { key: 'enter', label: 'one line', short: 'line', value: 'line' as MoreReply },
            { key: 'q', label: 'stop', value: 'stop' as MoreReply },
          ],
        },
        CLEAR,
      ),
    confirm: (message, fallback) =>
      confirmPrompt(
        {
          message,
          keys: [
            { key: 'y', label: 'yes', value: true },
            { key: 'n', label: 'no', value: false },
            { key: 'enter', label: fallback ? 'yes' : 'no', value: fallback },
          ],
        },
        CLEAR,
      ),
    next: (canUndo) =>
      nextPrompt(
        {
          message: 'Ready?',
          keys: [
            { key: 'enter', label: 'next question', short: 'next', value: 'next' as NextReply },
            ...commandsAt('after', { exam: false, plain: false, canUndo }).map((c) => ({ key: c.key, label: c.label, value: c.command as NextReply })),
          ],
        },
        CLEAR,
      ),
    line: (message) => textPrompt({ message }, CLEAR),
    pickStart: (menu: StartMenu) => startPrompt({ menu }, CLEAR),
    close: () => undefined,
  };
}
