import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { StartMenu, TopicMastery } from '../../src/start-menu.js';
import { startPrompt } from '../../src/ui/prompts.js';

const topic = (name: string, mastered: number, total: number, due = 0, fresh = 1): TopicMastery => ({ name, mastered, total, due, fresh });
const TOPICS = [topic('drift', 1, 4, 2), topic('serving', 0, 3)];
const counts = { all: { due: 2, fresh: 5 }, easy: { due: 1, fresh: 2 }, medium: { due: 1, fresh: 2 }, hard: { due: 0, fresh: 1 } };
const WITH_RESUME: StartMenu = { counts, topics: TOPICS, resume: TOPICS[0]! };
const FRESH: StartMenu = { counts, topics: TOPICS, resume: null };

async function start(menu: StartMenu) {
  const r = await render(startPrompt, { menu });
  r.answer.catch(() => undefined);
  return r;
}

describe('startPrompt', () => {
  it('offers the topic in progress first, then the difficulties, then mastery per topic', async () => {
    const { getScreen } = await start(WITH_RESUME);
    const screen = getScreen();
    expect(screen.split('\n').slice(0, 6)).toEqual([
      '? What to practise?',
      '❯ continue drift (2 due, 1 new)',
      '  all difficulties (2 due, 5 new)',
      '  easy (1 due, 2 new)',
      '  medium (1 due, 2 new)',
      '  hard (1 new)',
    ]);
    expect(screen).toMatch(/^ {2}drift +█+░+ +1\/4 mastered · 2 due$/m);
    expect(screen).toMatch(/^ {2}serving +░+ +0\/3 mastered$/m);
    expect(screen.split('\n').at(-1)).toContain('c continue');
  });

  it('enter continues the topic in progress; c does too', async () => {
    const a = await start(WITH_RESUME);
    a.events.keypress('enter');
    await expect(a.answer).resolves.toEqual({ difficulties: null, topic: 'drift' });
    const b = await start(WITH_RESUME);
    b.events.keypress('c');
    await expect(b.answer).resolves.toEqual({ difficulties: null, topic: 'drift' });
  });

  it('without a topic in progress, enter takes everything, as before, and c does nothing', async () => {
    const { answer, events, getScreen } = await start(FRESH);
    expect(getScreen()).not.toContain('continue');
    events.keypress('c');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ difficulties: null, topic: null });
  });

  it.each<[string[], unknown]>([
    [['2'], { difficulties: ['medium'], topic: null }],
    [['down', 'down', 'enter'], { difficulties: ['easy'], topic: null }],
    [['up', 'enter'], { difficulties: null, topic: 'drift' }],
    [['down', 'down', 'down', 'down', 'down', 'down', 'enter'], { difficulties: null, topic: 'serving' }],
    [['down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'enter'], { difficulties: null, topic: 'serving' }],
    [['q'], 'quit'],
  ])('%j picks %j', async (keys, expected) => {
    const { answer, events } = await start(WITH_RESUME);
    for (const k of keys) events.keypress(k);
    await expect(answer).resolves.toEqual(expected);
  });
});
