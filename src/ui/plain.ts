import readline from 'node:readline';
import { commandForWord, commandsAt, GRADE_KEYS, letter, optionIndex, unavailableReason, type AskOptions, type Asker, type Command, type TextReply } from './asker.js';
import { stdoutPort, type OutputPort } from './output.js';
import { wrap } from './wrap.js';
import type { Grade } from '../progress/record.js';

/**
 * Plain line mode: no colour, no cursor movement, no redraw. Every prompt is one
 * printed line and every answer one line of standard input, which may be a pipe.
 * End of input means quit (everything answered so far is already saved).
 */
type Read = string | null | 'timeup';

export function plainAsker(input: NodeJS.ReadableStream = process.stdin, output: OutputPort = stdoutPort()): Asker {
  const out = (text = '') => output.print(text);
  const rl = readline.createInterface({ input, terminal: false });
  const queue: string[] = [];
  const waiting: ((line: Read) => void)[] = [];
  let ended = false;
  /** `:q` typed where only yes or no fits (the near-miss question). */
  let quitAsked = false;
  let warnedMinute = false;
  rl.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line.replace(/\r$/, ''));
    else queue.push(line.replace(/\r$/, ''));
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(null);
  });
  /** The next line; at an exam's time limit, 'timeup' (the line being typed does not count). */
  const readLine = (deadline?: number): Promise<Read> => {
    if (deadline !== undefined && Date.now() >= deadline) return Promise.resolve('timeup');
    const next = queue.shift();
    if (next !== undefined) return Promise.resolve(next);
    if (ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const settle = (line: Read) => {
        for (const t of timers) clearTimeout(t);
        resolve(line);
      };
      waiting.push(settle);
      if (deadline === undefined) return;
      const left = deadline - Date.now();
      timers.push(
        setTimeout(() => {
          const at = waiting.indexOf(settle);
          if (at >= 0) waiting.splice(at, 1);
          settle('timeup');
        }, left),
      );
      if (!warnedMinute && left <= 60_000) {
        warnedMinute = true;
        out('Less than a minute left.');
      } else if (!warnedMinute) {
        timers.push(
          setTimeout(() => {
            warnedMinute = true;
            out('One minute left.');
          }, left - 60_000),
        );
      }
    });
  };
  /** A prompt line, wrapped at spaces to the width like every other line. */
  const say = (text: string) => out(wrap(text, output.width).join('\n'));
  const ask = async (prompt: string, deadline?: number): Promise<Read> => {
    say(prompt);
    return readLine(deadline);
  };
  const commandHelp = (opts: AskOptions, skip: Command[] = []) =>
    commandsAt('question', { exam: opts.exam, plain: true, canHint: opts.canHint })
      .filter((c) => !skip.includes(c.command as Command))
      .map((c) => `${c.word} ${c.label}`)
      .join(', ');
  const commandOf = (line: string, opts: AskOptions): Command | 'unavailable' | undefined =>
    commandForWord(line, 'question', { exam: opts.exam, plain: true, canHint: opts.canHint }) as Command | 'unavailable' | undefined;

  /** Lines until `end` (a line that ends the answer); a command word on any line runs it and keeps the lines. */
  const readLines = async (opts: AskOptions, draft: string[], isEnd: (line: string) => boolean, onEmptyEnd: () => TextReply | null): Promise<TextReply> => {
    const lines = [...draft];
    for (;;) {
      const line = await readLine(opts.deadline);
      if (line === 'timeup') return { kind: 'timeup', draft: lines };
      if (line === null) return { kind: 'quit', draft: lines };
      const command = commandOf(line, opts);
      if (command === 'unavailable') {
        out(unavailableReason(line, opts));
        continue;
      }
      if (command) return { kind: command, draft: lines };
      if (isEnd(line)) {
        if (lines.length === 0) {
          const reply = onEmptyEnd();
          if (reply) return reply;
          continue;
        }
        return { kind: 'text', text: lines.join('\n') };
      }
      lines.push(line);
    }
  };

  return {
    async choice(options, opts) {
      const last = letter(options.length - 1);
      options.forEach((o, i) => out(wrap(`${letter(i)}) ${o}`, output.width - 3).map((l, j) => (j === 0 ? l : `   ${l}`)).join('\n')));
      for (;;) {
        const line = await ask(`Answer with a letter A-${last} or a number 1-${options.length} (${commandHelp(opts)}):`, opts.deadline);
        if (line === 'timeup') return { kind: 'timeup' };
        if (line === null) return { kind: 'quit' };
        const command = commandOf(line, opts);
        if (command === 'unavailable') {
          out(unavailableReason(line, opts));
          continue;
        }
        if (command) return { kind: command };
        const index = optionIndex(line, options.length);
        if (index >= 0) return { kind: 'pick', index };
        out(`Not an option: ${line.trim() || '(empty line)'}.`);
      }
    },
    async output(opts, draft): Promise<TextReply> {
      if (draft.length > 0) say(`Go on typing (${draft.length} line(s) so far), then a line holding only '.':`);
      else
        say(
          opts.exam
            ? `Type the output, then a line holding only '.' (${commandHelp(opts)}):`
            : `Type the output, then a line holding only '.'; a lone '.' first reveals (${commandHelp(opts)}):`,
        );
      return readLines(
        opts,
        draft,
        (line) => line === '.',
        () => {
          if (!opts.exam) return { kind: 'reveal', draft: [] };
          out('Type your answer first.');
          return null;
        },
      );
    },
    async open(opts, draft) {
      if (draft.length > 0) say(`Go on typing (${draft.length} line(s) so far); an empty line shows the model answer:`);
      else
        say(
          opts.exam
            ? `Type your answer (graded by you in the report); an empty line hands it in (${commandHelp(opts)}):`
            : `Think it through, then press Enter to reveal the model answer; or type your answer first, then an empty line (${commandHelp(opts, ['reveal'])}):`,
        );
      return readLines(
        opts,
        draft,
        (line) => line.trim() === '' || line === '.',
        () => ({ kind: 'text', text: '' }),
      );
    },
    async short(opts) {
      say(
        opts.exam
          ? `Type the text hidden at [...], then Enter (${commandHelp(opts)}):`
          : `Type the text hidden at [...], then Enter; an empty line reveals it (${commandHelp(opts, ['reveal'])}):`,
      );
      for (;;) {
        const line = await readLine(opts.deadline);
        if (line === 'timeup') return { kind: 'timeup', draft: [] };
        if (line === null) return { kind: 'quit', draft: [] };
        const command = commandOf(line, opts);
        if (command === 'unavailable') {
          out(unavailableReason(line, opts));
          continue;
        }
        if (command) return { kind: command, draft: [] };
        if (line.trim() !== '') return { kind: 'text', text: line };
        if (!opts.exam) return { kind: 'reveal', draft: [] };
        out('Type your answer first.');
      }
    },
    async selfGrade(): Promise<Grade | 'quit'> {
      for (;;) {
        const line = await ask(`Grade yourself: ${GRADE_KEYS.map((g) => `${g.key} ${g.grade}`).join(', ')} (:q quit):`);
        if (line === null || line === 'timeup') return 'quit';
        const t = line.trim().toLowerCase();
        if (t === ':q') return 'quit';
        const hit = GRADE_KEYS.find((g) => g.key === t || g.grade === t);
        if (hit) return hit.grade;
        out('Type 1, 2, 3 or 4.');
      }
    },
    async confirm(message, fallback) {
      const line = await ask(`${message} (y/n, default ${fallback ? 'y' : 'n'}; :q quit):`);
      if (line === null || line === 'timeup') return fallback;
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
