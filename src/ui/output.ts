import { Chalk, type ChalkInstance } from 'chalk';

/**
 * The one place that decides about colour and writes to the terminal.
 * chalk ignores NO_COLOR on its own, so the decision is made here once.
 */
export interface ColorInputs {
  noColor?: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

export function useColor({ noColor, env, isTTY }: ColorInputs): boolean {
  if (noColor) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY;
}

let chalk: ChalkInstance = new Chalk({ level: 0 });
let colorOn = false;

export function configureColor(enabled: boolean): void {
  colorOn = enabled;
  chalk = new Chalk({ level: enabled ? 2 : 0 });
}

/**
 * Plain line mode (screen readers, pipes, TERM=dumb): box-drawing rules and gutters are
 * read aloud as noise, so they become blank lines and indentation.
 */
let plainText = false;

export function configurePlain(enabled: boolean): void {
  plainText = enabled;
}

/** Whether gutters are spaces (plain mode) rather than drawn bars. */
export function plainGutter(): boolean {
  return plainText;
}

/** The gutter before a line of code or expected output. */
export function gutter(): string {
  return plainText ? '    ' : style.dim('│ ');
}

/** A horizontal rule between questions; empty in plain mode. */
export function rule(width: number): string {
  return plainText ? '' : style.dim('─'.repeat(width));
}

export function colorEnabled(): boolean {
  return colorOn;
}

/** Styles by meaning, so the rest of the code never names a colour. */
export const style = {
  title: (s: string) => chalk.bold(s),
  heading: (s: string) => chalk.bold.cyan(s),
  dim: (s: string) => chalk.dim(s),
  good: (s: string) => chalk.green(s),
  bad: (s: string) => chalk.red(s),
  warn: (s: string) => chalk.yellow(s),
  accent: (s: string) => chalk.cyan(s),
  key: (s: string) => chalk.bold.magenta(s),
  code: (s: string) => chalk.yellow(s),
  strong: (s: string) => chalk.bold(s),
  em: (s: string) => chalk.italic(s),
  link: (s: string) => chalk.underline.blue(s),
  kw: (s: string) => chalk.magenta(s),
  str: (s: string) => chalk.green(s),
  num: (s: string) => chalk.yellow(s),
  comment: (s: string) => chalk.gray(s),
  fn: (s: string) => chalk.blue(s),
  difficulty: (d: string) => (d === 'easy' ? chalk.green(d) : d === 'medium' ? chalk.yellow(d) : chalk.red(d)),
};

export function out(text = ''): void {
  process.stdout.write(text + '\n');
}

export function err(text: string): void {
  process.stderr.write(text + '\n');
}

export function warn(text: string): void {
  process.stderr.write(style.warn('warning: ') + text + '\n');
}

export function warnAll(texts: string[]): void {
  for (const text of texts) warn(text);
}

/** Columns to lay text out in: the terminal's (up to 100, for reading), else 80. */
export function terminalWidth(): number {
  const cols = process.stdout.columns;
  return cols && cols >= 20 ? Math.min(cols, 100) : 80;
}

/** Rows of the terminal, or null when output is not a terminal. */
export function terminalRows(): number | null {
  return process.stdout.isTTY && process.stdout.rows ? process.stdout.rows : null;
}

/**
 * Where the quiz prints: a port, so the session never writes to the process itself and its
 * tests read what it said from memory.
 */
export interface OutputPort {
  print(text?: string): void;
  warn(text: string): void;
  /** Columns to lay text out in. */
  readonly width: number;
  /** Rows of the terminal, for the pager; null or absent when output is not a terminal. */
  readonly rows?: number | null;
}

export function stdoutPort(): OutputPort {
  return {
    print: out,
    warn,
    get width() {
      return terminalWidth();
    },
    get rows() {
      return terminalRows();
    },
  };
}
