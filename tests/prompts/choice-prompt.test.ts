import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { AskOptions, ChoiceReply } from '../../src/ui/asker.js';
import { choicePrompt } from '../../src/ui/prompts.js';

const OPTIONS = ['Canary', 'Shadow', 'Blue-green', 'A/B test'];
const DRILL: AskOptions = { canHint: true, exam: false };
const NO_HINT: AskOptions = { canHint: false, exam: false };
const EXAM: AskOptions = { canHint: true, exam: true };

async function start(opts: AskOptions, options = OPTIONS) {
  const r = await render(choicePrompt, { options, opts });
  // A test that only looks at the screen leaves the prompt open; when the worker exits, the
  // prompt is closed and its answer rejects. That rejection is expected, not a failure.
  r.answer.catch(() => undefined);
  return r;
}

/** Resolves to 'pending' if the prompt has not answered yet. */
async function settled<T>(answer: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([answer, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);
}

describe('choicePrompt', () => {
  it('shows the options as "A) ..." with the cursor on the first, and the key help', async () => {
    const { getScreen } = await start(DRILL);
    expect(getScreen()).toBe(
      [
        '? Your answer',
        '❯ A) Canary',
        '  B) Shadow',
        '  C) Blue-green',
        '  D) A/B test',
        '↑↓ move · enter answer · a-d 1-4 pick · h hint · r reveal · s skip · q quit',
      ].join('\n'),
    );
  });

  it('leaves h out of the key help when no hint is left', async () => {
    const { getScreen } = await start(NO_HINT);
    expect(getScreen().split('\n').at(-1)).toBe('↑↓ move · enter answer · a-d 1-4 pick · r reveal · s skip · q quit');
  });

  it('shows only skip and quit in exam mode', async () => {
    const { getScreen } = await start(EXAM, ['x', 'y', 'z']);
    expect(getScreen().split('\n').at(-1)).toBe('↑↓ move · enter answer · a-c 1-3 pick · s skip · q quit');
  });

  it('picks index 0 with enter alone', async () => {
    const { answer, events } = await start(DRILL);
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'pick', index: 0 });
  });

  it('moves the cursor down and picks index 1 with enter', async () => {
    const { answer, events, getScreen } = await start(DRILL);
    events.keypress('down');
    expect(getScreen()).toContain('❯ B) Shadow');
    expect(getScreen()).toContain('  A) Canary');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'pick', index: 1 });
    expect(getScreen()).toBe('Your answer: B');
  });

  it.each<[string[], number]>([
    [['up'], 3],
    [['down', 'down', 'down', 'down'], 0],
    [['down', 'down', 'up'], 1],
  ])('wraps around: %j then enter picks %i', async (keys, index) => {
    const { answer, events } = await start(DRILL);
    for (const k of keys) events.keypress(k);
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'pick', index });
  });

  it.each([
    ['1', 0],
    ['3', 2],
    ['4', 3],
  ])('pressing %s picks index %i at once', async (key, index) => {
    const { answer, events, getScreen } = await start(DRILL);
    events.keypress(key);
    await expect(answer).resolves.toEqual({ kind: 'pick', index });
    expect(getScreen()).toBe(`Your answer: ${'ABCD'[index]}`);
  });

  it.each([
    ['a', 0],
    ['b', 1],
    ['D', 3],
  ])('pressing the letter %s picks index %i, as labelled', async (key, index) => {
    const { answer, events } = await start(DRILL);
    events.keypress(key);
    await expect(answer).resolves.toEqual({ kind: 'pick', index });
  });

  it.each(['5', '9', '0', 'e', 'f'])('ignores %s, which is not an option', async (key) => {
    const { answer, events } = await start(DRILL);
    events.keypress(key);
    expect(await settled(answer)).toBe('pending');
    events.keypress('2');
    await expect(answer).resolves.toEqual({ kind: 'pick', index: 1 });
  });

  it.each<[string, AskOptions, ChoiceReply]>([
    ['h', DRILL, { kind: 'hint' }],
    ['r', DRILL, { kind: 'reveal' }],
    ['s', DRILL, { kind: 'skip' }],
    ['q', DRILL, { kind: 'quit' }],
    ['r', NO_HINT, { kind: 'reveal' }],
    ['s', EXAM, { kind: 'skip' }],
    ['q', EXAM, { kind: 'quit' }],
  ])("'%s' with %j gives %j", async (key, opts, reply) => {
    const { answer, events } = await start(opts);
    events.keypress(key);
    await expect(answer).resolves.toEqual(reply);
  });

  it.each<[string, string, AskOptions]>([
    ['h', 'no hint is left', NO_HINT],
    ['h', 'in an exam', EXAM],
    ['r', 'in an exam', EXAM],
  ])("'%s' does nothing when %s", async (key, _when, opts) => {
    const { answer, events, getScreen } = await start(opts);
    events.keypress(key);
    expect(await settled(answer)).toBe('pending');
    expect(getScreen()).toContain('❯ A) Canary');
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'pick', index: 1 });
  });

  it('ignores ctrl with a command key', async () => {
    const { answer, events } = await start(DRILL);
    events.keypress({ name: 'q', ctrl: true });
    events.keypress({ name: 'h', ctrl: true });
    expect(await settled(answer)).toBe('pending');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'pick', index: 0 });
  });

  it('ignores keys after the answer', async () => {
    const { answer, events, getScreen } = await start(DRILL);
    events.keypress('3');
    events.keypress('q');
    events.keypress('1');
    await expect(answer).resolves.toEqual({ kind: 'pick', index: 2 });
    expect(getScreen()).toBe('Your answer: C');
  });

  it('wraps a long option under its letter, keeping every word', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const { getScreen } = await start(DRILL, ['short', long, 'other']);
    const lines = getScreen().split('\n');
    const start_ = lines.findIndex((l) => l.startsWith('  B) '));
    const end = lines.findIndex((l) => l.startsWith('  C) '));
    expect(end - start_).toBeGreaterThan(1);
    const block = lines.slice(start_, end);
    for (const l of block.slice(1)) expect(l.startsWith('     ')).toBe(true);
    expect(block.map((l) => l.trim()).join(' ')).toBe(`B) ${long}`);
  });
});
