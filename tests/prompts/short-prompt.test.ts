import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { AskOptions } from '../../src/ui/asker.js';
import { linesPrompt } from '../../src/ui/prompts.js';

const DRILL: AskOptions = { canHint: true, exam: false };
const EXAM: AskOptions = { canHint: false, exam: true };

async function start(opts: AskOptions, draft: string[] = []) {
  const r = await render(linesPrompt, { opts, draft, short: true });
  r.answer.catch(() => undefined);
  return r;
}

describe('linesPrompt for a short answer (a cloze)', () => {
  it('asks for the hidden text and hands in one line at Enter', async () => {
    const { answer, events, getScreen } = await start(DRILL);
    expect(getScreen()).toBe(['? What is hidden at [...]?', '  │', 'enter hand in · empty line reveal · :h hint · :s skip · :q quit'].join('\n'));
    events.type('  Load balancer ');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'text', text: '  Load balancer ' });
  });

  it('reveals on an empty line, outside exams', async () => {
    const { answer, events } = await start(DRILL);
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'reveal', draft: [] });
  });

  it('asks for an answer first in an exam', async () => {
    const { answer, events, getScreen } = await start(EXAM);
    events.keypress('enter');
    expect(getScreen()).toContain('type your answer');
    events.type('undo');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'text', text: 'undo' });
  });

  it('runs a command word typed as the answer', async () => {
    const { answer, events } = await start(DRILL);
    events.type(':h');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'hint', draft: [] });
  });
});
