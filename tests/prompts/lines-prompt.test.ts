import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { AskOptions, TextReply } from '../../src/ui/asker.js';
import { linesPrompt } from '../../src/ui/prompts.js';

const DRILL: AskOptions = { canHint: true, exam: false };
const NO_HINT: AskOptions = { canHint: false, exam: false };
const EXAM: AskOptions = { canHint: true, exam: true };

async function start(opts: AskOptions) {
  const r = await render(linesPrompt, { opts });
  /** Type a line and press enter. */
  const line = (text: string) => {
    if (text !== '') r.events.type(text);
    r.events.keypress('enter');
  };
  return { ...r, line };
}

async function settled<T>(answer: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([answer, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);
}

describe('linesPrompt', () => {
  it('shows the question, an empty input line and the key help', async () => {
    const { getScreen } = await start(DRILL);
    expect(getScreen()).toBe(
      ['? What does it print?', '  │', 'enter on an empty line submit · empty first line reveal · :h hint · :s skip · :q quit'].join('\n'),
    );
  });

  it.each<[string, AskOptions, string]>([
    ['no hint left', NO_HINT, 'enter on an empty line submit · empty first line reveal · :s skip · :q quit'],
    ['an exam', EXAM, 'enter on an empty line submit · :s skip · :q quit'],
  ])('shows fewer keys with %s', async (_what, opts, help) => {
    const { getScreen } = await start(opts);
    expect(getScreen().split('\n').at(-1)).toBe(help);
  });

  it('collects two lines and submits them on an empty line', async () => {
    const { answer, line, getScreen } = await start(DRILL);
    line('line1');
    line('line2');
    expect(getScreen()).toContain('  │ line1\n  │ line2\n  │');
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'line1\nline2' });
    // Once submitted, the answer stays on screen above the verdict.
    expect(getScreen()).toBe('Your answer:\n  │ line1\n  │ line2');
  });

  it('keeps spaces inside and around a typed line', async () => {
    const { answer, line } = await start(DRILL);
    line("{'a':  1}  ");
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: "{'a':  1}  " });
  });

  it('shows the line being typed', async () => {
    const { events, getScreen } = await start(DRILL);
    events.type('False');
    expect(getScreen()).toContain('  │ False');
  });

  it('reveals on an empty first line', async () => {
    const { answer, line } = await start(DRILL);
    line('');
    await expect(answer).resolves.toEqual({ kind: 'reveal' });
  });

  it.each<[string, TextReply]>([
    [':h', { kind: 'hint' }],
    [':r', { kind: 'reveal' }],
    [':s', { kind: 'skip' }],
    [':q', { kind: 'quit' }],
    ['  :q  ', { kind: 'quit' }],
  ])('%j is a command', async (typed, reply) => {
    const { answer, line } = await start(DRILL);
    line(typed);
    await expect(answer).resolves.toEqual(reply);
  });

  it('takes a command after lines were typed, dropping them', async () => {
    const { answer, line } = await start(DRILL);
    line('first');
    line(':s');
    await expect(answer).resolves.toEqual({ kind: 'skip' });
  });

  it("does not read ':h' inside a longer line as a command", async () => {
    const { answer, line } = await start(DRILL);
    line('x :h');
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'x :h' });
  });

  it.each<[string, AskOptions, string]>([
    [':h', EXAM, 'no hints or reveal in an exam'],
    [':r', EXAM, 'no hints or reveal in an exam'],
    [':h', NO_HINT, 'no more hints'],
  ])('%j with %j shows an error and does not finish', async (typed, opts, error) => {
    const { answer, line, getScreen } = await start(opts);
    line(typed);
    expect(await settled(answer)).toBe('pending');
    expect(getScreen()).toContain(error);
    line('42');
    expect(getScreen()).not.toContain(error);
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: '42' });
  });

  it('in an exam, an empty first line is not a reveal', async () => {
    const { answer, line, getScreen } = await start(EXAM);
    line('');
    expect(await settled(answer)).toBe('pending');
    expect(getScreen()).toContain('type your answer');
    line('True');
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'True' });
  });

  it.each<[string, TextReply]>([
    [':s', { kind: 'skip' }],
    [':q', { kind: 'quit' }],
  ])('in an exam %j still works', async (typed, reply) => {
    const { answer, line } = await start(EXAM);
    line(typed);
    await expect(answer).resolves.toEqual(reply);
  });
});
