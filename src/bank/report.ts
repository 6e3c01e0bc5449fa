import type { Severity } from './question.js';

/** How the parser's parts report a problem: at a 1-based line (and column) of the file. */
export type Report = (line: number, message: string, severity?: Severity, col?: number) => void;

/** A YAML value as a problem message names it: 'text', the number 3, a list, the date 2024-01-02. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  return `the ${typeof value} ${String(value)}`;
}
