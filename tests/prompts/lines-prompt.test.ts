import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { AskOptions, TextReply } from '../../src/ui/asker.js';
import { linesPrompt } from '../../src/ui/prompts.js';

const DRILL: AskOptions = { canHint: true, exam: false };
const NO_HINT: AskOptions = { canHint: false, exam: false };
const EXAM: AskOptions = { canHint: true, exam: true };

async function start(opts: AskOptions, draft: string[] = [], open = false) {
  const r = await render(linesPrompt, { opts, draft, open });
  // A test that only looks at the screen leaves the prompt open; when the worker exits, the
  // prompt is closed and its answer rejects. That rejection is expected, not a failure.
  r.answer.catch(() => undefined);
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
      ['? What does it print?', '  │', 'enter on an empty line hand in · empty first line reveal · ↑↓ ⌫ edit lines', ':h hint · :s skip · :q quit'].join('\n'),
    );
  });

  it.each<[string, AskOptions, string]>([
    ['no hint left', NO_HINT, 'enter on an empty line hand in · empty first line reveal · ↑↓ ⌫ edit lines\n:s skip · :q quit'],
    ['an exam', EXAM, 'enter on an empty line hand in · ↑↓ ⌫ edit lines · :s skip · :q quit'],
  ])('shows fewer keys with %s', async (_what, opts, help) => {
    const { getScreen } = await start(opts);
    expect(getScreen().split('\n').slice(2).join('\n')).toBe(help);
  });

  it('collects two lines and hands them in on an empty line', async () => {
    const { answer, line, getScreen } = await start(DRILL);
    line('line1');
    line('line2');
    expect(getScreen()).toContain('  │ line1\n  │ line2\n  │');
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'line1\nline2' });
  });

  it('keeps spaces inside and around a typed line', async () => {
    const { answer, line } = await start(DRILL);
    line("{'a':  1}  ");
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: "{'a':  1}  " });
  });

  it('reveals on an empty first line', async () => {
    const { answer, line } = await start(DRILL);
    line('');
    await expect(answer).resolves.toEqual({ kind: 'reveal', draft: [] });
  });

  it.each<[string, TextReply]>([
    [':h', { kind: 'hint', draft: [] }],
    [':r', { kind: 'reveal', draft: [] }],
    [':s', { kind: 'skip', draft: [] }],
    [':q', { kind: 'quit', draft: [] }],
    ['  :q  ', { kind: 'quit', draft: [] }],
  ])('%j is a command', async (typed, reply) => {
    const { answer, line } = await start(DRILL);
    line(typed);
    await expect(answer).resolves.toEqual(reply);
  });

  it('a command after lines were typed keeps them, and they come back editable', async () => {
    const first = await start(DRILL);
    first.line('Model v2');
    first.line('ready');
    first.line(':h');
    const reply = await first.answer;
    expect(reply).toEqual({ kind: 'hint', draft: ['Model v2', 'ready'] });
    const again = await start(DRILL, reply.kind === 'hint' ? reply.draft : []);
    expect(again.getScreen()).toContain('  │ Model v2\n  │ ready\n  │');
    again.line('');
    await expect(again.answer).resolves.toEqual({ kind: 'text', text: 'Model v2\nready' });
  });

  it.each(['constructor', '__proto__', 'toString'])('takes %j as a line of the answer, not a command', async (word) => {
    const { answer, line } = await start(DRILL);
    line(word);
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: word });
  });

  it("does not read ':h' inside a longer line as a command", async () => {
    const { answer, line } = await start(DRILL);
    line('x :h');
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'x :h' });
  });

  it('↑ goes back to a line to correct it; ↓ returns', async () => {
    const { answer, line, events, getScreen } = await start(DRILL);
    line('Modle v2');
    line('ready');
    events.keypress('up');
    events.keypress('up');
    // On line 1 (the cursor keeps its column, 0): go to its end, clear it and type it again.
    events.keypress('end');
    for (let i = 0; i < 8; i++) events.keypress('backspace');
    events.type('Model v2');
    events.keypress('down');
    events.keypress('down');
    expect(getScreen()).toContain('  │ Model v2\n  │ ready\n  │');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'Model v2\nready' });
  });

  it('Backspace at the start of a line joins it to the line above', async () => {
    const { answer, line, events } = await start(DRILL);
    line('Model');
    events.type(' v2');
    events.keypress('home');
    events.keypress('backspace');
    events.keypress('end');
    events.keypress('enter');
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'Model v2' });
  });

  it('a bracketed paste lands as lines: its empty lines and command words hand nothing in', async () => {
    const { answer, line, events, getScreen } = await start(DRILL);
    events.keypress({ name: 'paste-start' });
    line('a');
    line('');
    line(':q');
    line('b');
    events.keypress({ name: 'paste-end' });
    expect(await settled(answer)).toBe('pending');
    expect(getScreen()).toContain('  │ a\n  │\n  │ :q\n  │ b');
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'a\n:q\nb' });
  });

  it.each<[string, AskOptions, string]>([
    [':h', EXAM, 'No hints or reveal in an exam.'],
    [':r', EXAM, 'No hints or reveal in an exam.'],
    [':h', NO_HINT, 'No more hints.'],
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

  it('an open question takes an optional attempt: an empty answer just reveals', async () => {
    const { answer, line, getScreen } = await start(DRILL, [], true);
    expect(getScreen()).toContain('Your answer, if you want to try one');
    line('');
    await expect(answer).resolves.toEqual({ kind: 'text', text: '' });
  });

  it.each<[string, TextReply]>([
    [':s', { kind: 'skip', draft: [] }],
    [':q', { kind: 'quit', draft: [] }],
  ])('in an exam %j still works', async (typed, reply) => {
    const { answer, line } = await start(EXAM);
    line(typed);
    await expect(answer).resolves.toEqual(reply);
  });

  it('closes at the exam time limit, keeping nothing as an answer', async () => {
    const { answer, line } = await start({ ...EXAM, deadline: Date.now() + 300 });
    line('half an answer');
    await expect(answer).resolves.toEqual({ kind: 'timeup', draft: ['half an answer'] });
  });
});
