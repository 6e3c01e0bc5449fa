import type { Grade } from '../progress/record.js';
import type { StartMenu, StartPick } from '../start-menu.js';
import type { MoreReply } from './pager.js';

export type { DifficultyCounts } from '../start-menu.js';

/**
 * The learner's commands, in one table: the key that gives each in a terminal, the word
 * that gives it in plain mode (and while typing lines), where it is offered, and how the
 * key bar names it. Adding a command is one row here plus what the session does with it.
 */
export type LearnerCommand = 'hint' | 'reveal' | 'skip' | 'quit' | 'undo' | 'flag';

/** The prompts that take commands: a question being answered, or the pause after one. */
export type Place = 'question' | 'after';

export interface CommandDef {
  command: LearnerCommand;
  /** The key in a terminal (single-key prompts). */
  key: string;
  /** The word in plain mode and on a line of a typed answer. */
  word: string;
  label: string;
  place: Place;
  /** Offered under exam conditions. */
  inExam: boolean;
  /** Offered in plain mode (a script answers straight on: no pause after an answer there). */
  inPlain: boolean;
}

export const COMMANDS: readonly CommandDef[] = [
  { command: 'hint', key: 'h', word: ':h', label: 'hint', place: 'question', inExam: false, inPlain: true },
  { command: 'reveal', key: 'r', word: ':r', label: 'reveal', place: 'question', inExam: false, inPlain: true },
  { command: 'skip', key: 's', word: ':s', label: 'skip', place: 'question', inExam: true, inPlain: true },
  { command: 'quit', key: 'q', word: ':q', label: 'quit', place: 'question', inExam: true, inPlain: true },
  { command: 'undo', key: 'u', word: ':u', label: 'undo grade', place: 'after', inExam: false, inPlain: false },
  { command: 'flag', key: 'f', word: ':f', label: 'flag', place: 'after', inExam: false, inPlain: false },
  { command: 'quit', key: 'q', word: ':q', label: 'quit', place: 'after', inExam: false, inPlain: true },
];

export type Command = Extract<LearnerCommand, 'hint' | 'reveal' | 'skip' | 'quit'>;

export interface AskOptions {
  /** A hint is left to show. */
  canHint: boolean;
  /** Exam conditions: no hints, no reveal. */
  exam: boolean;
  /** Exam time limit (epoch ms): the prompt shows the time left and closes at zero. */
  deadline?: number;
}

/** The commands offered at a place, in key-bar order. */
export function commandsAt(place: Place, opts: { exam: boolean; plain: boolean; canHint?: boolean; canUndo?: boolean }): CommandDef[] {
  return COMMANDS.filter(
    (c) =>
      c.place === place &&
      (!opts.exam || c.inExam) &&
      (!opts.plain || c.inPlain) &&
      (c.command !== 'hint' || opts.canHint !== false) &&
      (c.command !== 'undo' || opts.canUndo !== false),
  );
}

/**
 * A lookup with no prototype: typing `constructor` or `__proto__` must never find
 * an inherited property and be taken for a command.
 */
function table<T>(entries: [string, T][]): (name: string) => T | undefined {
  const map = new Map(entries);
  return (name) => map.get(name);
}

/** The command a key gives at a place, if it is offered there. */
export function commandForKey(name: string, place: Place, opts: { exam: boolean; plain: boolean; canHint?: boolean; canUndo?: boolean }): LearnerCommand | undefined {
  return table(commandsAt(place, opts).map((c) => [c.key, c.command] as [string, LearnerCommand]))(name);
}

/**
 * The command a typed word gives: the command itself when offered, 'unavailable' when
 * it exists but is not offered here (said to the learner), undefined for any other text.
 */
export function commandForWord(word: string, place: Place, opts: { exam: boolean; plain: boolean; canHint?: boolean }): LearnerCommand | 'unavailable' | undefined {
  const w = word.trim().toLowerCase();
  const offered = table(commandsAt(place, opts).map((c) => [c.word, c.command] as [string, LearnerCommand]))(w);
  if (offered) return offered;
  return COMMANDS.some((c) => c.word === w && c.place === place) ? 'unavailable' : undefined;
}

/** Why a known command is refused here, in one short sentence. */
export function unavailableReason(word: string, opts: { exam: boolean }): string {
  const w = word.trim().toLowerCase();
  if (opts.exam && (w === ':h' || w === ':r')) return 'No hints or reveal in an exam.';
  if (w === ':h') return 'No more hints.';
  return 'Not available here.';
}

export type ChoiceReply = { kind: 'pick'; index: number } | { kind: Command } | { kind: 'timeup' };
/** A typed answer; a command keeps the lines typed so far (`draft`) so nothing is lost. */
export type TextReply = { kind: 'text'; text: string } | { kind: Command; draft: string[] } | { kind: 'timeup'; draft: string[] };
export type NextReply = 'next' | 'undo' | 'quit' | 'flag';

export interface Asker {
  choice(options: string[], opts: AskOptions): Promise<ChoiceReply>;
  /** Lines of predicted output, starting from `draft` (what was typed before a command). */
  output(opts: AskOptions, draft: string[]): Promise<TextReply>;
  /** Open question: an optional typed attempt (empty: just reveal), or a command. */
  open(opts: AskOptions, draft: string[]): Promise<TextReply>;
  /** A short answer on one line (a cloze): Enter hands it in, an empty line reveals (outside exams). */
  short?(opts: AskOptions, draft: string[]): Promise<TextReply>;
  selfGrade(): Promise<Grade | 'quit'>;
  /** The pager's prompt after a screenful (`shown` of `total` lines); absent where text is printed whole. */
  more?(shown: number, total: number): Promise<MoreReply>;
  confirm(message: string, fallback: boolean): Promise<boolean>;
  next(canUndo: boolean): Promise<NextReply>;
  /** One line of text (the reason for a flag); null when the learner gives none. */
  line?(message: string): Promise<string | null>;
  /**
   * The start of a drill with no filters: the topic in progress, a difficulty (null: all) or a
   * topic. Plain mode never asks: a script's answers must not be taken for a menu choice.
   */
  pickStart?(menu: StartMenu): Promise<StartPick | 'quit'>;
  close(): void;
}

export const GRADE_KEYS: { key: string; grade: Grade; label: string }[] = [
  { key: '1', grade: 'again', label: 'again (did not know)' },
  { key: '2', grade: 'hard', label: 'hard (got there with effort)' },
  { key: '3', grade: 'good', label: 'good (knew it)' },
  { key: '4', grade: 'easy', label: 'easy (too easy)' },
];

export const letter = (i: number): string => String.fromCharCode(65 + i);

/** The option index a typed letter (a-f, either case) or number (1-9) names, or -1. */
export function optionIndex(text: string, count: number): number {
  const t = text.trim().toUpperCase();
  const index = /^[1-9]$/.test(t) ? Number(t) - 1 : /^[A-Z]$/.test(t) ? t.charCodeAt(0) - 65 : -1;
  return index >= 0 && index < count ? index : -1;
}
