import readline from 'node:readline';
import { GRADE_KEYS, letter, type Asker, type Command, type TextReply } from './asker.js';
import { out } from './output.js';
import type { Grade } from '../progress/record.js';

/**
 * Plain line mode: no colour, no cursor movement, no redraw. Every prompt is one
 * printed line and every answer one line of standard input, which may be a pipe.
 * End of input means quit (everything answered so far is already saved).
 */
const COMMANDS: Record<string, Command> = { ':h': 'hint', ':r': 'reveal', ':s': 'skip', ':q': 'quit' };

export function plainAsker(input: NodeJS.ReadableStream = process.stdin): Asker {
  const rl = readline.createInterface({ input, terminal: false });
  const queue: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let ended = false;
  /** `:q` typed where only yes or no fits (the near-miss question). */
  let quitAsked = false;
  rl.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(null);
  });
  const readLine = (): Promise<string | null> => {
    const next = queue.shift();
    if (next !== undefined) return Promise.resolve(next);
    if (ended) return Promise.resolve(null);
    return new Promise((resolve) => waiting.push(resolve));
  };
  const ask = async (prompt: string): Promise<string | null> => {
    out(prompt);
    const line = await readLine();
    return line === null ? null : line.replace(/\r$/, '');
  };
  const commandOf = (line: string, canHint: boolean, exam: boolean): Command | 'invalid' | null => {
    const c = COMMANDS[line.trim().toLowerCase()];
    if (!c) return null;
    if (exam && (c === 'hint' || c === 'reveal')) return 'invalid';
    if (c === 'hint' && !canHint) return 'invalid';
    return c;
  };
  const commandHelp = (canHint: boolean, exam: boolean) =>
    exam ? ':s skip, :q quit' : `${canHint ? ':h hint, ' : ''}:r reveal, :s skip, :q quit`;

  return {
    async choice(options, opts) {
      const last = letter(options.length - 1);
      options.forEach((o, i) => out(`${letter(i)}) ${o}`));
      for (;;) {
        const line = await ask(`Answer with a letter A-${last} or a number 1-${options.length} (${commandHelp(opts.canHint, opts.exam)}):`);
        if (line === null) return { kind: 'quit' };
        const command = commandOf(line, opts.canHint, opts.exam);
        if (command === 'invalid') {
          out(opts.exam ? 'No hints or reveal in an exam.' : 'No more hints.');
          continue;
        }
        if (command) return { kind: command };
        const t = line.trim().toUpperCase();
        const index = /^\d+$/.test(t) ? Number(t) - 1 : t.length === 1 ? t.charCodeAt(0) - 65 : -1;
        if (index >= 0 && index < options.length) return { kind: 'pick', index };
        out(`Not an option: ${line.trim() || '(empty line)'}.`);
      }
    },
    async output(opts): Promise<TextReply> {
      out(
        opts.exam
          ? "Type the output, then a line holding only '.' (:s skip, :q quit):"
          : `Type the output, then a line holding only '.'; a lone '.' first reveals (${commandHelp(opts.canHint, opts.exam)}):`,
      );
      const lines: string[] = [];
      for (;;) {
        const line = await readLine();
        if (line === null) return { kind: 'quit' };
        const clean = line.replace(/\r$/, '');
        if (lines.length === 0) {
          const command = commandOf(clean, opts.canHint, opts.exam);
          if (command === 'invalid') {
            out(opts.exam ? 'No hints or reveal in an exam.' : 'No more hints.');
            continue;
          }
          if (command) return { kind: command };
        }
        if (clean === '.') {
          if (lines.length === 0) {
            if (opts.exam) {
              out('Type your answer first.');
              continue;
            }
            return { kind: 'reveal' };
          }
          return { kind: 'text', text: lines.join('\n') };
        }
        lines.push(clean);
      }
    },
    async open(opts) {
      for (;;) {
        const line = await ask(`Think it through, then press Enter to reveal the model answer (${commandHelp(opts.canHint, opts.exam).replace(':r reveal, ', '')}):`);
        if (line === null) return { kind: 'quit' };
        if (line.trim() === '') return { kind: 'reveal' };
        const command = commandOf(line, opts.canHint, opts.exam);
        if (command && command !== 'invalid') return { kind: command };
        out('Press Enter to reveal, or type a command.');
      }
    },
    async selfGrade(): Promise<Grade | 'quit'> {
      for (;;) {
        const line = await ask(`Grade yourself: ${GRADE_KEYS.map((g) => `${g.key} ${g.grade}`).join(', ')} (:q quit):`);
        if (line === null) return 'quit';
        const t = line.trim().toLowerCase();
        if (t === ':q') return 'quit';
        const hit = GRADE_KEYS.find((g) => g.key === t || g.grade === t);
        if (hit) return hit.grade;
        out('Type 1, 2, 3 or 4.');
      }
    },
    async confirm(message, fallback) {
      const line = await ask(`${message} (y/n, default ${fallback ? 'y' : 'n'}; :q quit):`);
      if (line === null) return fallback;
      const t = line.trim().toLowerCase();
      if (t === ':q') {
        // A yes/no answer cannot carry "quit": take the default and stop at the next step.
        quitAsked = true;
        return fallback;
      }
      return t === '' ? fallback : t.startsWith('y');
    },
    async next() {
      // Plain mode does not stop between questions: a script answers straight on.
      return quitAsked ? 'quit' : 'next';
    },
    close: () => rl.close(),
  };
}
