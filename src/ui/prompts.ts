import { createPrompt, isDownKey, isEnterKey, isUpKey, useKeypress, useState, type KeypressEvent } from '@inquirer/core';
import { style, terminalWidth } from './output.js';
import { wrap } from './markdown.js';
import { GRADE_KEYS, letter, type AskOptions, type Asker, type ChoiceReply, type Command, type DifficultyCounts, type NextReply, type TextReply } from './asker.js';
import type { Difficulty } from '../bank/question.js';
import type { Grade } from '../progress/record.js';

/** The interactive prompts (Inquirer). The only module that draws prompts in a terminal. */

const keyHelp = (parts: [string, string][]) =>
  style.dim(parts.map(([k, what]) => `${style.key(k)} ${what}`).join(style.dim(' · ')));

function commandKeys(opts: AskOptions): [string, string][] {
  if (opts.exam) return [['s', 'skip'], ['q', 'quit']];
  const keys: [string, string][] = [];
  if (opts.canHint) keys.push(['h', 'hint']);
  keys.push(['r', 'reveal'], ['s', 'skip'], ['q', 'quit']);
  return keys;
}

function keyCommand(key: KeypressEvent, opts: AskOptions): Command | null {
  const name = key.name;
  if (key.ctrl) return null;
  if (name === 'q') return 'quit';
  if (name === 's') return 'skip';
  if (opts.exam) return null;
  if (name === 'h' && opts.canHint) return 'hint';
  if (name === 'r') return 'reveal';
  return null;
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
  useKeypress((key) => {
    if (status !== 'idle') return;
    if (isUpKey(key)) setCursor((cursor - 1 + n) % n);
    else if (isDownKey(key)) setCursor((cursor + 1) % n);
    else if (isEnterKey(key)) finish({ kind: 'pick', index: cursor });
    else {
      const pressed = (key.name ?? '').toLowerCase();
      const byNumber = /^[1-9]$/.test(pressed) ? Number(pressed) - 1 : -1;
      if (byNumber >= 0 && byNumber < n) {
        finish({ kind: 'pick', index: byNumber });
        return;
      }
      const command = keyCommand(key, config.opts);
      if (command) finish({ kind: command });
    }
  });
  if (status === 'picked') return style.dim(`Your answer: ${letter(cursor)}`);
  if (status === 'command') return '';
  const width = Math.max(30, terminalWidth() - 6);
  const lines = config.options.map((o, i) => {
    const [first = '', ...rest] = wrap(`${letter(i)}) ${o}`, width);
    const block = [first, ...rest.map((l) => `   ${l}`)];
    return i === cursor ? block.map((l, j) => style.accent(`${j === 0 ? '❯' : ' '} ${l}`)).join('\n') : block.map((l) => `  ${l}`).join('\n');
  });
  return [
    `${style.accent('?')} ${style.strong('Your answer')}\n${lines.join('\n')}`,
    keyHelp([['↑↓', 'move'], ['enter', 'answer'], [`1-${n}`, 'pick'], ...commandKeys(config.opts)]),
  ];
});

interface LinesConfig {
  opts: AskOptions;
}

const LINE_COMMANDS: Record<string, Command> = { ':h': 'hint', ':r': 'reveal', ':s': 'skip', ':q': 'quit' };

export const linesPrompt = createPrompt<TextReply, LinesConfig>((config, done) => {
  const [lines, setLines] = useState<string[]>([]);
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [error, setError] = useState('');
  useKeypress((key, rl) => {
    if (status === 'done') return;
    if (isEnterKey(key)) {
      const line = value;
      setValue('');
      const command = LINE_COMMANDS[line.trim()];
      if (command) {
        if (config.opts.exam && (command === 'hint' || command === 'reveal')) {
          setError('no hints or reveal in an exam');
          return;
        }
        if (command === 'hint' && !config.opts.canHint) {
          setError('no more hints');
          return;
        }
        setStatus('done');
        done({ kind: command });
      } else if (line === '') {
        if (lines.length === 0 && config.opts.exam) {
          setError('type your answer (an empty first line reveals outside exams)');
          return;
        }
        setStatus('done');
        done(lines.length === 0 ? { kind: 'reveal' } : { kind: 'text', text: lines.join('\n') });
      } else {
        setLines([...lines, line]);
        setError('');
      }
    } else {
      setValue(rl.line);
    }
  });
  if (status === 'done') return lines.length ? `${style.dim('Your answer:')}\n${lines.map((l) => `  ${style.dim('│')} ${l}`).join('\n')}` : '';
  const help: [string, string][] = config.opts.exam
    ? [['enter on an empty line', 'submit'], [':s', 'skip'], [':q', 'quit']]
    : [['enter on an empty line', 'submit'], ['empty first line', 'reveal'], ...(config.opts.canHint ? ([[':h', 'hint']] as [string, string][]) : []), [':s', 'skip'], [':q', 'quit']];
  const typed = lines.map((l) => `  ${style.dim('│')} ${l}`).join('\n');
  return [
    `${style.accent('?')} ${style.strong('What does it print?')}${typed ? '\n' + typed : ''}\n  ${style.dim('│')} ${value}`,
    (error ? style.warn(error) + '\n' : '') + keyHelp(help),
  ];
});

interface KeyConfig<T> {
  message: string;
  keys: { key: string; label: string; value: T }[];
}

/** Wait for one key from a fixed set; shows the keys on screen. */
function keyPrompt<T>() {
  return createPrompt<T, KeyConfig<T>>((config, done) => {
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    useKeypress((key) => {
      if (status === 'done') return;
      const name = isEnterKey(key) ? 'enter' : (key.name ?? '').toLowerCase();
      const hit = config.keys.find((k) => k.key === name);
      if (hit) {
        setStatus('done');
        done(hit.value);
      }
    });
    if (status === 'done') return '';
    return [`${style.accent('?')} ${style.strong(config.message)}`, keyHelp(config.keys.map((k) => [k.key, k.label]))];
  });
}

const openPrompt = keyPrompt<Command>();
const gradePrompt = keyPrompt<Grade | 'quit'>();
const nextPrompt = keyPrompt<NextReply>();
const confirmPrompt = keyPrompt<boolean>();
const difficultyPrompt = keyPrompt<Difficulty[] | null | 'quit'>();

const waiting = (c: { due: number; fresh: number }) => (c.due ? `${c.due} due, ${c.fresh} new` : `${c.fresh} new`);

/** Prompts that only wait for a key leave nothing behind once answered. */
const CLEAR = { clearPromptOnDone: true };

export function inquirerAsker(): Asker {
  return {
    // Cleared once answered: the session prints the pick (or the hint) itself, without gaps.
    choice: (options, opts) => choicePrompt({ options, opts }, CLEAR),
    output: (opts) => linesPrompt({ opts }),
    open: (opts) =>
      openPrompt(
        {
          message: 'Think it through, then reveal the model answer',
          keys: [
            { key: 'enter', label: 'reveal', value: 'reveal' as Command },
            ...(opts.canHint && !opts.exam ? [{ key: 'h', label: 'hint', value: 'hint' as Command }] : []),
            { key: 's', label: 'skip', value: 'skip' as Command },
            { key: 'q', label: 'quit', value: 'quit' as Command },
          ],
        },
        CLEAR,
      ).then((kind) => ({ kind })),
    selfGrade: () =>
      gradePrompt(
        {
          message: 'How did you do? (again: did not know · hard: with effort · good: knew it · easy: too easy)',
          keys: [...GRADE_KEYS.map((g) => ({ key: g.key, label: g.grade, value: g.grade as Grade | 'quit' })), { key: 'q', label: 'quit', value: 'quit' }],
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
            { key: 'enter', label: 'next question', value: 'next' as NextReply },
            ...(canUndo ? [{ key: 'u', label: 'undo grade', value: 'undo' as NextReply }] : []),
            { key: 'q', label: 'quit', value: 'quit' as NextReply },
          ],
        },
        CLEAR,
      ),
    pickDifficulty: (counts: DifficultyCounts) =>
      difficultyPrompt(
        {
          message: 'Which difficulty?',
          keys: [
            { key: 'enter', label: `all (${waiting(counts.all)})`, value: null },
            { key: '1', label: `easy (${waiting(counts.easy)})`, value: ['easy'] as Difficulty[] },
            { key: '2', label: `medium (${waiting(counts.medium)})`, value: ['medium'] as Difficulty[] },
            { key: '3', label: `hard (${waiting(counts.hard)})`, value: ['hard'] as Difficulty[] },
            { key: 'q', label: 'quit', value: 'quit' as const },
          ],
        },
        CLEAR,
      ),
    close: () => undefined,
  };
}
