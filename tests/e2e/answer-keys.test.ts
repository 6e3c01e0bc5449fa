import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempHome, ROOT } from '../helpers.js';

/**
 * The bank's answer keys are proven: every exact output question's snippet is run with
 * python3 and must print its key. Under CI a missing python3 fails rather than skips.
 */
describe('answer keys', () => {
  it('every exact output answer in the bundled bank is what its code prints', () => {
    const home = tempHome();
    const r = runCli(['validate', '--run', '--strict'], { home, env: { CI: process.env.CI ?? '' }, cwd: ROOT });
    expect(r.stderr + r.stdout).not.toMatch(/error:/);
    expect(r.code).toBe(0);
    const m = /(\d+) answer key\(s\) run, 0 wrong/.exec(r.stderr);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(15);
  });

  it('a wrong key fails with the question named and a diff', () => {
    const home = tempHome();
    const deck = path.join(home, 'deck');
    fs.mkdirSync(deck);
    fs.writeFileSync(
      path.join(deck, 'sum.md'),
      ['---', 'id: sum-wrong', 'title: Sum', 'difficulty: easy', 'type: output', 'topics: [latency]', '---', 'What does it print?', '', '```python', 'print(sum([1, 2, 3]))', 'print("done")', '```', '', '## Hint', 'Add them.', '', '## Answer', '```text', '7', 'done', '```', ''].join('\n'),
    );
    const r = runCli(['validate', '--run', 'deck'], { home });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("deck/sum.md:18:1: error: answer key of 'sum-wrong'");
    expect(r.stdout).toContain('- 7');
    expect(r.stdout).toContain('+ 6');
  });

  it('without python3 it is a warning outside CI and an error under CI', () => {
    const home = tempHome();
    const deck = path.join(home, 'deck');
    fs.mkdirSync(deck);
    fs.writeFileSync(
      path.join(deck, 'p.md'),
      ['---', 'id: p', 'title: P', 'difficulty: easy', 'type: output', 'topics: [api]', '---', 'Prints?', '', '```python', 'print(1)', '```', '## Hint', 'One.', '## Answer', '```text', '1', '```'].join('\n'),
    );
    const noPython = { MLOPS_DRILL_PYTHON: path.join(home, 'no-such-python') };
    const local = runCli(['validate', '--run', 'deck'], { home, env: { ...noPython, CI: '' } });
    expect(local.code).toBe(0);
    expect(local.stdout).toContain('warning: python3 was not found');
    const ci = runCli(['validate', '--run', 'deck'], { home, env: { ...noPython, CI: 'true' } });
    expect(ci.code).toBe(1);
    expect(ci.stdout).toContain('error: python3 was not found');
  });
});
