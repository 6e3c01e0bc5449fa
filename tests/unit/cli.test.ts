import { describe, expect, it } from 'vitest';
import { firstCommandWord } from '../../src/cli.js';
import { buildProgram, explainUnknownOption } from '../../src/program.js';

const program = buildProgram();

describe('firstCommandWord', () => {
  it.each<[string[], string | undefined]>([
    [[], undefined],
    [['list'], 'list'],
    [['--bank', 'deck', 'stats'], 'stats'],
    // Values of the drill's options (it is the default command) are skipped as values.
    [['-d', 'hard', '-n', '5'], undefined],
    [['-t', 'drift', 'lsit'], 'lsit'],
    [['--seed', '7', '--plain', 'review'], 'review'],
    [['--no-color', 'frobnicate'], 'frobnicate'],
  ])('%j → %j', (argv, expected) => {
    expect(firstCommandWord(argv, program)).toBe(expected);
  });
});

describe('explainUnknownOption', () => {
  it.each([
    ["error: unknown option '--cram'\n", "error: unknown option '--cram': --cram belongs to drill (mlops-drill drill --cram)\n"],
    ["error: unknown option '--answer=1'\n", "error: unknown option '--answer=1': --answer belongs to show (mlops-drill show --answer)\n"],
    ["error: unknown option '--strict'\n", "error: unknown option '--strict': --strict belongs to validate (mlops-drill validate --strict)\n"],
    ["error: unknown option '--frobnicate'\n", "error: unknown option '--frobnicate'\n"],
    ["error: missing required argument 'id'\n", "error: missing required argument 'id'\n"],
  ])('%j', (message, expected) => {
    expect(explainUnknownOption(message, program)).toBe(expected);
  });

  it('names every command an option belongs to', () => {
    expect(explainUnknownOption("error: unknown option '--plain'\n", program)).toContain('--plain belongs to drill, review, exam and stats (mlops-drill drill --plain)');
  });
});
