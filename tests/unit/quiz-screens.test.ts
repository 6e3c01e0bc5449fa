import { beforeEach, describe, expect, it } from 'vitest';
import { diffLines } from '../../src/grade.js';
import { configureColor } from '../../src/ui/output.js';
import { diffBlock, expectedOutputBlock, keyBar, nextStepsBlock, questionHeader, referencesBlock, summaryBlock } from '../../src/ui/screens.js';
import { displayWidth } from '../../src/ui/width.js';
import { question } from '../builders.js';

beforeEach(() => configureColor(false));

const widths = [40, 41, 52, 60, 79, 80, 100, 120, 160, 200];
const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth));

describe('diffBlock', () => {
  it('labels the lines "expected" and "yours" and marks the differing characters with ^', () => {
    const block = diffBlock(diffLines(['stage 1 of 6: collect', 'then stage 6 feeds back into collect'], ['stage 1 of 6: collect', 'then stage 6 feeds back into stage 1']), 80);
    expect(block).toBe(
      [
        '            stage 1 of 6: collect',
        '  expected  then stage 6 feeds back into collect',
        '                                         ^^^^^^^',
        '  yours     then stage 6 feeds back into stage 1',
        '                                         ^^^^^^^',
      ].join('\n'),
    );
  });

  it('puts two ^ under a character that takes two cells', () => {
    const block = diffBlock(diffLines(['名前: 太郎'], ['名前: 花子']), 80);
    expect(block.split('\n')[1]).toBe(' '.repeat(12 + 6) + '^^^^');
  });

  it('says when a line is missing, without markers', () => {
    expect(diffBlock(diffLines(['a', 'b'], ['a']), 80)).toBe(['            a', '  expected  b', '  yours     (missing)'].join('\n'));
  });

  it.each(widths)('wraps long lines with a hanging indent within %d columns', (width) => {
    const long = 'x'.repeat(150) + ' tail';
    const block = diffBlock(diffLines([long], [long.replace('tail', 'tale')]), width);
    expect(widest(block)).toBeLessThanOrEqual(width);
    for (const line of block.split('\n').slice(1)) expect(line.startsWith('  ')).toBe(true);
  });
});

describe('keyBar', () => {
  const items = [
    { key: '↑↓', label: 'move', short: '' },
    { key: 'enter', label: 'answer', short: '' },
    { key: 'a-d 1-4', label: 'pick', short: '' },
    { key: 'h', label: 'hint' },
    { key: 'r', label: 'reveal' },
    { key: 's', label: 'skip' },
    { key: 'q', label: 'quit' },
  ];
  it.each(widths)('fits %d columns and never breaks inside an item', (width) => {
    const bar = keyBar(items, width);
    expect(widest(bar)).toBeLessThanOrEqual(width);
    for (const line of bar.split('\n')) for (const part of line.split(' · ')) expect(part).toMatch(/^\S+( \S+)*$/);
  });

  it('uses the long form on one line when it fits, the short form when narrow', () => {
    expect(keyBar(items, 120)).toBe('↑↓ move · enter answer · a-d 1-4 pick · h hint · r reveal · s skip · q quit');
    expect(keyBar(items, 50).split('\n')[0]).toBe('↑↓ · enter · a-d 1-4 · h hint · r reveal · s skip');
  });
});

describe('questionHeader', () => {
  const q = question({ id: 'q', type: 'output', topics: ['monitoring', 'reliability', 'reproducibility'], title: 'Numbering the stages of the ML lifecycle, with a long title that must wrap' });
  it.each(widths)('no line wider than %d columns; topics shortened with …', (width) => {
    const header = questionHeader(q, 'Question 10 of 10', width);
    expect(widest(header)).toBeLessThanOrEqual(width);
    if (width < 70) expect(header).toContain('…');
    else expect(header).toContain('monitoring, reliability, reproducibility');
  });
});

describe('end of session', () => {
  const rows = [
    { id: 'serving-p99-arithmetic', title: 'Working out p99 latency from a histogram of request times', difficulty: 'hard', correct: false, skipped: false, round: 1 },
    { id: 'serving-p99-arithmetic', title: 'Working out p99 latency from a histogram of request times', difficulty: 'hard', correct: true, skipped: false, round: 2 },
    { id: 'b', title: '日本語のタイトル', difficulty: 'easy', correct: true, skipped: false, round: 1 },
  ];

  it('counts first tries and answers after relearning apart, each command on its own line', () => {
    const text = summaryBlock(rows, 65_000, 80, 'npx mlops-drill');
    expect(text).toContain('1 of 2 correct at the first try (50%) · 1m 05s');
    expect(text).toContain('after relearning: 1 of 1 right when asked again');
    expect(text).toMatch(/^ {4}npx mlops-drill show serving-p99-arithmetic --answer$/m);
  });

  it.each(widths)('summary and next steps fit %d columns', (width) => {
    const summary = summaryBlock(rows, 1000, width, 'npx mlops-drill');
    expect(widest(summary)).toBeLessThanOrEqual(width);
    // Either the whole command for the question, or a template and its id: never half a command.
    expect(summary).toMatch(/^ {4}npx mlops-drill show serving-p99-arithmetic --answer$|^ {2}npx mlops-drill show <id> --answer\n[\s\S]*id: serving-p99-arithmetic/m);
    const next = nextStepsBlock({ soon: 2, tomorrow: 3, week: 5 }, 'npx mlops-drill', width);
    expect(widest(next)).toBeLessThanOrEqual(width);
    expect(next).toMatch(/^ {2}npx mlops-drill review$/m);
  });
});

describe('expectedOutputBlock', () => {
  it('keeps short lines as they are, under the gutter', () => {
    expect(expectedOutputBlock('a  b\nc', 40)).toBe('  │ a  b\n  │ c');
  });

  it.each(widths)('goes on under a dotted gutter when a line is wider than %d columns', (width) => {
    const line = 'x'.repeat(250);
    const block = expectedOutputBlock(line, width);
    expect(widest(block)).toBeLessThanOrEqual(width);
    expect(block.split('\n').slice(1).every((l) => l.startsWith('  ┆ '))).toBe(true);
    expect(block.replace(/ {2}[│┆] /g, '').replace(/\n/g, '')).toBe(line);
  });
});

describe('referencesBlock', () => {
  const refs = [
    { title: 'GitHub Actions: workflow syntax, on.push.paths and the filters that decide which workflows run', url: 'https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#onpushpull_requestpull_request_targetpathspaths-ignore' },
    { title: 'https://prometheus.io/docs/', url: 'https://prometheus.io/docs/' },
  ];

  it.each([40, 80])('fits %i columns in a terminal, a long address shortened but still linking to the whole of it', (width) => {
    configureColor(true);
    const text = referencesBlock(refs, width);
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    expect(text).toContain(`\u001b]8;;${refs[0]!.url}\u001b\\`);
    expect(text).toContain('…');
    expect(text.match(/prometheus\.io\/docs\//g)).toHaveLength(1);
  });

  it('prints every address whole without colour (pipes, screen readers), so it can be copied', () => {
    configureColor(false);
    const text = referencesBlock(refs, 40);
    expect(text).toContain(refs[0]!.url);
    expect(text).not.toContain('\u001b');
  });
});
