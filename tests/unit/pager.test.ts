import { describe, expect, it } from 'vitest';
import { pageText, type MoreReply } from '../../src/ui/pager.js';

const text = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');

/** A pager run with scripted replies: what was printed, and the prompts asked. */
async function run(n: number, rows: number | null, replies: MoreReply[] | null) {
  const printed: string[] = [];
  const asked: [number, number][] = [];
  const left = [...(replies ?? [])];
  const finished = await pageText(text(n), {
    print: (t) => printed.push(t),
    rows,
    more: replies
      ? async (shown, total) => {
          asked.push([shown, total]);
          return left.shift() ?? 'page';
        }
      : undefined,
  });
  return { printed: printed.join('\n').split('\n'), asked, finished };
}

describe('pageText', () => {
  it('prints text that fits the screen whole, without asking', async () => {
    const r = await run(8, 10, []);
    expect(r.printed).toEqual(text(8).split('\n'));
    expect(r.asked).toEqual([]);
  });

  it('prints everything when not a terminal, or when there is no prompt (plain mode)', async () => {
    expect((await run(500, null, [])).printed).toHaveLength(500);
    expect((await run(500, 10, null)).printed).toHaveLength(500);
  });

  it('shows a screenful, then a screenful per space and a line per Enter', async () => {
    const r = await run(25, 10, ['page', 'line', 'page', 'page']);
    // 10 rows: 8 lines a screen, two kept for the prompt.
    expect(r.asked).toEqual([
      [8, 25],
      [16, 25],
      [17, 25],
    ]);
    expect(r.printed).toEqual(text(25).split('\n'));
    expect(r.finished).toBe(true);
  });

  it('stops at q and says how much was left out', async () => {
    const r = await run(30, 10, ['stop']);
    expect(r.printed).toEqual([...text(8).split('\n'), '… 22 more line(s) not shown']);
    expect(r.finished).toBe(false);
  });
});
