import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, cleanEnv, runCli, tempHome, ROOT } from '../helpers.js';
import { checkAnswerKeys, findPython, OUTPUT_CAP, runOne } from '../../src/bank/answer-keys.js';
import { modulesToPreload, runSnippets } from '../../src/bank/snippet-runner.js';
import type { Question } from '../../src/bank/question.js';

/**
 * The bank's answer keys are proven: every exact output question's snippet is run with
 * python3 and must print its key. Under CI a missing python3 fails rather than skips.
 */
/** Whether a process is gone (or only a zombie waiting for its parent). */
const goneNow = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};
/** SIGKILL is delivered asynchronously: give the kernel up to two seconds to finish the job. */
const gone = async (pid: number) => {
  for (let waited = 0; waited < 2_000; waited += 20) {
    if (goneNow(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return goneNow(pid);
};

describe('answer keys', () => {
  // Every snippet of the bank runs: on a busy machine that takes longer than runCli's 30 s.
  it('every exact output answer in the bundled bank is what its code prints', { timeout: 120_000 }, () => {
    const home = tempHome();
    const run = spawnSync(process.execPath, [BIN, 'validate', '--run', '--strict'], { cwd: ROOT, env: cleanEnv(home, { CI: process.env.CI ?? '' }), encoding: 'utf8', timeout: 110_000 });
    const r = { code: run.status, stdout: run.stdout, stderr: run.stderr };
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

  it('a wrong key in a file whose name needs escaping is reported at its Answer line', () => {
    const home = tempHome();
    const deck = path.join(home, 'deck');
    fs.mkdirSync(deck);
    fs.writeFileSync(
      path.join(deck, 'sum\u001b[31m\u202e.md'),
      ['---', 'id: sum-escaped', 'title: Sum', 'difficulty: easy', 'type: output', 'topics: [latency]', '---', 'What does it print?', '', '```python', 'print(6)', '```', '', '## Hint', 'Six.', '', '', '## Answer', '```text', '7', '```', ''].join('\n'),
    );
    const r = runCli(['validate', '--run', 'deck'], { home });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("deck/sum\\x1b[31m\\u202e.md:18:1: error: answer key of 'sum-escaped'");
  });

  /** A deck of one exact output question, its snippet and key given; validate --run on it. */
  const runDeck = (code: string, key: string, extra: (home: string) => void = () => undefined) => {
    const home = tempHome();
    const deck = path.join(home, 'deck');
    fs.mkdirSync(deck);
    extra(home);
    fs.writeFileSync(
      path.join(deck, 'q.md'),
      ['---', 'id: q', 'title: Q', 'difficulty: easy', 'type: output', 'topics: [api]', '---', 'What does it print?', '', '```python', code, '```', '', '## Hint', 'Run it.', '', '## Answer', '```text', key, '```', ''].join('\n'),
    );
    return { home, r: runCli(['validate', '--run', 'deck'], { home }) };
  };
  /** What python3 prints for `code` under this hash seed, in a clean environment. */
  const printedWithSeed = (code: string, seed: string) =>
    spawnSync('python3', ['-c', code], { env: { PATH: process.env.PATH, PYTHONHASHSEED: seed }, encoding: 'utf8' }).stdout.trim();

  it.skipIf(!findPython())('a key that holds only under one hash seed (a set of strings) is an error: a learner\'s python3 picks its own', () => {
    const code = "print({'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'})";
    const seed0 = printedWithSeed(code, '0');
    expect(printedWithSeed(code, '1')).not.toBe(seed0);
    const { r } = runDeck(code, seed0);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("error: answer key of 'q': what it prints depends on Python's hash seed");
    expect(r.stdout).toContain('PYTHONHASHSEED=1');
  });

  it.skipIf(!findPython())('the same snippet with the set sorted before printing is proven', () => {
    const code = "print(sorted({'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'}))";
    const { r } = runDeck(code, printedWithSeed(code, '0'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('1 answer key(s) run, 0 wrong');
  });

  it.skipIf(!findPython())('a snippet runs in an empty folder of its own: it neither imports from nor writes into the folder validate runs in', () => {
    const code = "import os\nopen('made-by-snippet.txt', 'w').write('x')\ntry:\n    import helper\n    print('imported')\nexcept ImportError:\n    print('not found')\nprint(sorted(os.listdir('.')))";
    const { home, r } = runDeck(code, "not found\n['made-by-snippet.txt']", (h) => fs.writeFileSync(path.join(h, 'helper.py'), 'print("helper ran")\n'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(fs.existsSync(path.join(home, 'made-by-snippet.txt'))).toBe(false);
    expect(fs.existsSync(path.join(home, 'deck', 'made-by-snippet.txt'))).toBe(false);
  });

  it.skipIf(!findPython())('a snippet that removes its folder leaves the other keys to be checked, under both seeds', () => {
    const home = tempHome();
    const deck = path.join(home, 'deck');
    fs.mkdirSync(deck);
    const file = (id: string, code: string, key: string) =>
      fs.writeFileSync(
        path.join(deck, `${id}.md`),
        ['---', `id: ${id}`, `title: ${id}`, 'difficulty: easy', 'type: output', 'topics: [api]', '---', 'What does it print?', '', '```python', code, '```', '', '## Hint', 'Run it.', '', '## Answer', '```text', key, '```', ''].join('\n'),
      );
    file('a-remover', 'import os, shutil\nshutil.rmtree(os.getcwd())\nprint("gone")', 'gone');
    for (const n of [1, 2, 3]) file(`b-plain-${n}`, `print(${n} * 7)`, String(n * 7));
    const r = runCli(['validate', '--run', 'deck'], { home });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('4 answer key(s) run, 0 wrong');
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

describe('running snippets safely', () => {
  const python = findPython();
  const question = (id: string, code: string): Question => ({
    id,
    title: id,
    difficulty: 'easy',
    type: 'output',
    topics: ['api'],
    grading: 'exact',
    source: null,
    references: [],
    file: `${id}.md`,
    prompt: '',
    code: { language: 'python', text: code },
    choices: null,
    hints: [],
    answer: 'x',
    answerNotes: '',
    explanation: '',
  });

  it.skipIf(!python)('a snippet that floods stdout is stopped at the output cap and reported, without a crash', async () => {
    const [check] = await checkAnswerKeys([question('flood', 'import sys\nwhile True:\n    sys.stdout.write("x" * 65536)\n')], python!, 20_000);
    expect(check!.ok).toBe(false);
    expect(check!.detail).toMatch(/^the snippet printed more than 1 MiB/);
  });

  it.skipIf(!python || process.platform === 'win32')('at the time limit the whole process group is killed, even a child holding stdout', async () => {
    const code = 'import subprocess, sys, time\np = subprocess.Popen(["sleep", "60"])\nprint(p.pid, flush=True)\ntime.sleep(60)\n';
    const [check] = await checkAnswerKeys([question('hold', code)], python!, 1_000);
    const child = Number(check!.output.trim());
    expect(check!.detail).toMatch(/ran longer than 1 s/);
    expect(child).toBeGreaterThan(0);
    expect(await gone(child)).toBe(true);
  });

  it.skipIf(!python || process.platform === 'win32')('a snippet that exits leaving a child holding stdout is checked at once, and the child killed', async () => {
    const code = 'import subprocess\np = subprocess.Popen(["sleep", "60"])\nprint(p.pid)\n';
    const [check] = await checkAnswerKeys([question('leave', code)], python!, 20_000);
    const child = Number(check!.output.trim());
    expect(check!.ok).toBe(false);
    expect(check!.detail).toMatch(/differs/);
    expect(await gone(child)).toBe(true);
  });
});

describe('the snippet runner: one python3, a forked child per snippet', () => {
  const python = findPython();
  const env = { PATH: process.env.PATH, PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' };
  // Each is run both ways; the runner must say what a python3 of its own says.
  const snippets: [string, string][] = [
    ['prints', 'print(sum([1, 2, 3]))\nprint("done")'],
    ['exit code', 'import sys\nprint("before")\nsys.exit(3)'],
    ['exit with a message', 'raise SystemExit("bad input")'],
    ['exception', 'print("partial")\nraise ValueError("boom")'],
    ['syntax error', 'print(1'],
    ['stdin is empty', 'import sys\nprint(repr(sys.stdin.read()))'],
    ['argv and __main__', 'import sys\nprint(sys.argv, __name__)\nprint(sorted((k, repr(v)) for k, v in globals().items() if k != "sys"))'],
    ['pickles a class of __main__', 'import pickle\nclass P:\n    x = 2\nprint(pickle.loads(pickle.dumps(P())).x)'],
    ['unicode and invalid UTF-8', 'import sys\nprint("naïve ✓")\nsys.stdout.flush()\nsys.stdout.buffer.write(b"\\xff\\xfe end\\n")'],
    ['atexit and a late thread', 'import atexit, threading, time\natexit.register(lambda: print("at exit"))\nthreading.Thread(target=lambda: (time.sleep(0.2), print("thread"))).start()\nprint("main")'],
  ];

  it.skipIf(!python || process.platform === 'win32')('gives each snippet the output, exit code and last error line of a python3 of its own', async () => {
    const runs = await runSnippets(python!, snippets.map(([, code]) => code), { timeoutMs: 20_000, cap: OUTPUT_CAP, jobs: 2, env });
    for (const [i, [name, code]] of snippets.entries()) {
      const alone = await runOne(python!, code, 20_000);
      const forked = runs[i];
      expect(forked, name).toBeDefined();
      expect({ stdout: forked!.stdout, code: forked!.code, lastError: forked!.stderr.trim().split('\n').at(-1) }, name).toEqual({
        stdout: alone.stdout,
        code: alone.code,
        lastError: alone.stderr.trim().split('\n').at(-1),
      });
    }
  });

  it.skipIf(!python || process.platform === 'win32')('keeps snippets apart: what one imports or defines, the next does not see', async () => {
    const runs = await runSnippets(python!, ['import json\nx = 1\nimport builtins\nbuiltins.leak = 1\nprint(x)', "print('x' in globals(), hasattr(__builtins__, 'leak'))"], { timeoutMs: 20_000, cap: OUTPUT_CAP, jobs: 1, env });
    expect(runs.map((r) => r?.stdout)).toEqual(['1\n', 'False False\n']);
  });

  // The guarantees of the previous block, for the runner and for one python3 per snippet (the
  // way on Windows, and for any snippet the runner did not get to), with no fallback between.
  const flood = 'import sys\nwhile True:\n    sys.stdout.write("x" * 65536)\n';
  const hold = 'import subprocess, sys, time\np = subprocess.Popen(["sleep", "60"])\nprint(p.pid, flush=True)\ntime.sleep(60)\n';
  const leave = 'import subprocess\np = subprocess.Popen(["sleep", "60"])\nprint(p.pid)\n';
  const ways = {
    'the runner': (codes: string[]) => runSnippets(python!, codes, { timeoutMs: 1_500, cap: OUTPUT_CAP, jobs: 3, env }),
    'one python3 per snippet': (codes: string[]) => Promise.all(codes.map((c) => runOne(python!, c, 1_500))),
  };
  it.skipIf(!python || process.platform === 'win32').each(Object.keys(ways))('%s stops a flood at the cap, and kills the group at the time limit and when the snippet ends', async (way) => {
    const [flooded, held, left] = await ways[way as keyof typeof ways]([flood, hold, leave]);
    expect(flooded).toMatchObject({ flooded: true, timedOut: false });
    expect(held).toMatchObject({ flooded: false, timedOut: true, code: null });
    expect(left).toMatchObject({ flooded: false, timedOut: false, code: 0 });
    for (const r of [held!, left!]) {
      const pid = Number(r.stdout.trim());
      expect(pid).toBeGreaterThan(0);
      expect(await gone(pid)).toBe(true);
    }
  });

  it('imports ahead only the heavy packages the snippets name', () => {
    const codes = ['import numpy as np\nprint(np.mean([1]))', 'from scipy.stats import ks_2samp', 'import math, os\n  import pandas', 'x = "import sklearn"', 'import numpyish'];
    expect(modulesToPreload(codes)).toEqual(['numpy', 'pandas', 'scipy.stats']);
  });
});
