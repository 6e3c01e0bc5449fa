import type { Grade } from '../progress/record.js';
import type { Difficulty } from '../bank/question.js';

/** Questions waiting at each difficulty: due reviews and never-seen ones. */
export type DifficultyCounts = Record<Difficulty | 'all', { due: number; fresh: number }>;

/**
 * Everything the quiz asks the learner goes through an Asker: one implementation
 * draws Inquirer prompts in a terminal, the other reads plain lines (screen readers,
 * pipes, TERM=dumb). The session logic never knows which one it talks to.
 */
export type Command = 'hint' | 'reveal' | 'skip' | 'quit';

export type ChoiceReply = { kind: 'pick'; index: number } | { kind: Command };
export type TextReply = { kind: 'text'; text: string } | { kind: Command };
export type NextReply = 'next' | 'undo' | 'quit';

export interface AskOptions {
  /** A hint is left to show. */
  canHint: boolean;
  /** Exam conditions: no hints, no reveal. */
  exam: boolean;
}

export interface Asker {
  choice(options: string[], opts: AskOptions): Promise<ChoiceReply>;
  output(opts: AskOptions): Promise<TextReply>;
  /** Open question: think, then reveal (or hint, skip, quit). */
  open(opts: AskOptions): Promise<{ kind: Command }>;
  selfGrade(): Promise<Grade | 'quit'>;
  confirm(message: string, fallback: boolean): Promise<boolean>;
  next(canUndo: boolean): Promise<NextReply>;
  /** The start of a drill with no filters: which difficulty to practise (null: all). Plain mode never asks. */
  pickDifficulty?(counts: DifficultyCounts): Promise<Difficulty[] | null | 'quit'>;
  /** Free-form question outside the quiz (for example: practise ahead?). */
  close(): void;
}

export const GRADE_KEYS: { key: string; grade: Grade; label: string }[] = [
  { key: '1', grade: 'again', label: 'again (did not know)' },
  { key: '2', grade: 'hard', label: 'hard (got there with effort)' },
  { key: '3', grade: 'good', label: 'good (knew it)' },
  { key: '4', grade: 'easy', label: 'easy (too easy)' },
];

export const letter = (i: number): string => String.fromCharCode(65 + i);
