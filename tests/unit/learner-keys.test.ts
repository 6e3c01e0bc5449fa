import { describe, expect, it } from 'vitest';
import { commandForKey, commandForWord, commandsAt, optionIndex } from '../../src/ui/asker.js';

const DRILL = { exam: false, plain: false, canHint: true };

describe('the table of learner commands', () => {
  it.each([
    [':h', DRILL, 'hint'],
    ['  :Q ', DRILL, 'quit'],
    [':r', { ...DRILL, exam: true }, 'unavailable'],
    [':h', { ...DRILL, canHint: false }, 'unavailable'],
    [':s', { ...DRILL, exam: true }, 'skip'],
    ['constructor', DRILL, undefined],
    ['__proto__', DRILL, undefined],
    ['toString', DRILL, undefined],
    ['hasOwnProperty', DRILL, undefined],
    [':u', DRILL, undefined],
  ])('the word %j with %j → %j', (word, opts, command) => {
    expect(commandForWord(word, 'question', opts)).toBe(command);
  });

  it.each([
    ['h', 'question', DRILL, 'hint'],
    ['h', 'question', { ...DRILL, exam: true }, undefined],
    ['u', 'after', DRILL, 'undo'],
    ['u', 'after', { ...DRILL, canUndo: false }, undefined],
    ['u', 'question', DRILL, undefined],
    ['constructor', 'question', DRILL, undefined],
    ['__proto__', 'after', DRILL, undefined],
  ] as const)('the key %j at %s with %j → %j', (key, place, opts, command) => {
    expect(commandForKey(key, place, opts)).toBe(command);
  });

  it('offers in an exam only skip and quit while a question is open, and nothing that pauses in plain mode', () => {
    expect(commandsAt('question', { exam: true, plain: false }).map((c) => c.command)).toEqual(['skip', 'quit']);
    expect(commandsAt('after', { exam: false, plain: true }).map((c) => c.command)).toEqual(['quit']);
  });
});

describe('optionIndex', () => {
  it.each([
    ['b', 3, 1],
    ['B', 3, 1],
    [' c ', 3, 2],
    ['2', 3, 1],
    ['d', 3, -1],
    ['0', 3, -1],
    ['10', 3, -1],
    ['__proto__', 3, -1],
    ['', 3, -1],
  ])('%j of %d options → %d', (text, n, index) => {
    expect(optionIndex(text, n)).toBe(index);
  });
});
