import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AskOptions } from '../../src/ui/asker.js';
import type { OutputPort } from '../../src/ui/output.js';
import { plainAsker } from '../../src/ui/plain.js';

const DRILL: AskOptions = { canHint: true, exam: false };

/** A plain asker reading these lines and printing into a string. */
function asker(lines: string[] = []) {
  const input = new PassThrough();
  let screen = '';
  const output: OutputPort = { print: (t = '') => void (screen += t + '\n'), warn: () => undefined, width: 80 };
  const a = plainAsker(input, output);
  for (const l of lines) input.write(l + '\n');
  return { a, input, screen: () => screen };
}

describe('plainAsker', () => {
  it('a command on a later line of an output answer keeps the lines typed before it', async () => {
    const { a } = asker(['Model v2', ':h', 'ready', '.']);
    const first = await a.output(DRILL, []);
    expect(first).toEqual({ kind: 'hint', draft: ['Model v2'] });
    await expect(a.output(DRILL, first.kind === 'hint' ? first.draft : [])).resolves.toEqual({ kind: 'text', text: 'Model v2\nready' });
    a.close();
  });

  it.each(['constructor', '__proto__', 'toString'])('takes %j as a line of an output answer', async (word) => {
    const { a } = asker([word, '.']);
    await expect(a.output(DRILL, [])).resolves.toEqual({ kind: 'text', text: word });
    a.close();
  });

  it('refuses __proto__ at a choice prompt out loud and asks again', async () => {
    const { a, screen } = asker(['__proto__', 'b']);
    await expect(a.choice(['x', 'y', 'z'], DRILL)).resolves.toEqual({ kind: 'pick', index: 1 });
    expect(screen()).toContain('Not an option: __proto__.');
    a.close();
  });

  it('says when one minute is left while waiting for a line', async () => {
    const { a, input, screen } = asker();
    const reply = a.output({ canHint: false, exam: true, deadline: Date.now() + 60_100 }, []);
    while (!screen().includes('One minute left.')) await new Promise((r) => setTimeout(r, 20));
    input.end();
    await expect(reply).resolves.toEqual({ kind: 'quit', draft: [] });
  });

  it('at the limit gives up the answer being typed: time up, with what was typed so far', async () => {
    const { a } = asker(['half an answer']);
    await expect(a.output({ canHint: false, exam: true, deadline: Date.now() + 100 }, [])).resolves.toEqual({ kind: 'timeup', draft: ['half an answer'] });
    await expect(a.choice(['x', 'y'], { canHint: false, exam: true, deadline: Date.now() - 1 })).resolves.toEqual({ kind: 'timeup' });
    a.close();
  });
});
