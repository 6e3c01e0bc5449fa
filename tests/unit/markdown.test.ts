import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { highlight } from '../../src/ui/highlight.js';
import { renderCode, renderInlineText, renderMarkdown, visibleLength, wrap } from '../../src/ui/markdown.js';
import { configureColor } from '../../src/ui/output.js';

const ESC = '\u001b';

describe('with colour off', () => {
  beforeEach(() => configureColor(false));

  describe('wrap', () => {
    it.each<[string, number, string[]]>([
      ['one two three four five six', 10, ['one two', 'three four', 'five six']],
      ['one two three four five six', 80, ['one two three four five six']],
      ['exactly ten', 11, ['exactly ten']],
      ['exactly ten', 10, ['exactly', 'ten']],
      ['a supercalifragilistic word', 8, ['a', 'supercalifragilistic', 'word']],
      ['spaces   collapse', 80, ['spaces collapse']],
      ['first\nsecond', 80, ['first', 'second']],
      ['', 10, ['']],
    ])('%j at width %i', (text, width, expected) => {
      expect(wrap(text, width)).toEqual(expected);
    });

    it('counts the indent against the width', () => {
      expect(wrap('aaa bbb ccc', 9, '  ')).toEqual(['  aaa bbb', '  ccc']);
    });

    it('measures wide characters in cells, in the text and in the indent', () => {
      expect(wrap('日本語 日本語 日本語', 14)).toEqual(['日本語 日本語', '日本語']);
      expect(wrap('aa bb', 5, '→→')).toEqual(['→→aa', '→→bb']);
      expect(wrap('ab cd', 6, '漢')).toEqual(['漢ab', '漢cd']);
    });

    it('never makes a line wider than the width when every word fits', () => {
      const text = 'the quick brown fox jumps over the lazy dog and keeps running far away';
      for (const width of [10, 15, 20, 33]) {
        for (const line of wrap(text, width)) expect(line.length).toBeLessThanOrEqual(width);
        expect(wrap(text, width).join(' ')).toBe(text);
      }
    });

    it('does not count colour codes as width', () => {
      const red = `${ESC}[31mred${ESC}[39m`;
      expect(visibleLength(red)).toBe(3);
      expect(wrap(`${red} ${red} ${red}`, 7)).toEqual([`${red} ${red}`, red]);
    });
  });

  describe('renderMarkdown', () => {
    it.each<[string, string, number, string]>([
      ['wraps a paragraph at the width', 'one two three four five six', 10, 'one two\nthree four\nfive six'],
      ['joins a soft line break into one paragraph', 'line one\nline two', 80, 'line one line two'],
      ['separates paragraphs with one blank line', 'first\n\n\n\nsecond', 80, 'first\n\nsecond'],
      ['drops inline markers', 'Use `x = 1` and **bold** and *em* and ~~del~~', 80, 'Use x = 1 and bold and em and del'],
      ['unescapes entities', 'a < b & c &amp; `a<b`', 80, 'a < b & c & a<b'],
      ['shows a code span exactly as written', 'Write `&amp;` or `&lt;b&gt;` or `a &quot;b&quot;`', 80, 'Write &amp; or &lt;b&gt; or a &quot;b&quot;'],
      ['puts bullets on a list', '- alpha\n- beta', 80, '  • alpha\n  • beta'],
      ['numbers an ordered list', '1. one\n2. two', 80, '  1. one\n  2. two'],
      ['starts an ordered list where it starts', '3. three\n4. four', 80, '  3. three\n  4. four'],
      ['shows task items', '- [x] done\n- [ ] todo', 80, '  [x] done\n  [ ] todo'],
      ['shows a heading without its hashes', '# Title\n\nText', 80, 'Title\n\nText'],
      ['shows a link with its address', '[docs](https://example.com)', 80, 'docs (https://example.com)'],
      ['shows a bare link once', '<https://example.com>', 80, 'https://example.com'],
      ['keeps the text of inline HTML', 'a <b>bold</b> c', 80, 'a bold c'],
      ['draws a rule', '---', 10, '──────────'],
    ])('%s', (_what, markdown, width, expected) => {
      expect(renderMarkdown(markdown, width)).toBe(expected);
    });

    it('keeps code block lines as they are, even past the width', () => {
      const md = '```\nline one is long long long long\n  indented\n\nafter blank\n```';
      expect(renderMarkdown(md, 10).split('\n')).toEqual(['  │ line one is long long long long', '  │   indented', '  │ ', '  │ after blank']);
    });

    it('wraps list items inside the bullet', () => {
      expect(renderMarkdown('- one two three four', 12)).toBe('  • one two\n    three\n    four');
    });

    it('renders a table with aligned columns', () => {
      const lines = renderMarkdown('| a | b |\n|---|---|\n| 1 | 22 |', 80).split('\n');
      expect(lines.map((l) => l.trimEnd())).toEqual(['  a │ b', '  ──┼───', '  1 │ 22']);
    });

    it('outputs no escape codes at all', () => {
      const md = '# H\n\n**b** *e* `c` [l](https://x.y)\n\n```python\ndef f(): return 1\n```\n\n> q';
      expect(renderMarkdown(md, 80)).not.toContain(ESC);
    });
  });

  it('renderInlineText renders one line of inline Markdown without markers', () => {
    expect(renderInlineText('Use `json.dumps` with **care**')).toBe('Use json.dumps with care');
  });

  it('renderCode indents with a gutter and leaves unknown languages alone', () => {
    expect(renderCode('a\nb', 'text')).toEqual(['  │ a', '  │ b']);
    expect(highlight('def f(): pass', 'python')).toBe('def f(): pass');
  });
});

describe('with colour on', () => {
  beforeEach(() => configureColor(true));
  afterEach(() => configureColor(false));

  it('highlights Python keywords, strings and comments in a code block', () => {
    const out = renderMarkdown('```python\ndef f():\n    return "s"  # note\n```', 80);
    expect(out).toContain(`${ESC}[35mdef${ESC}[39m`);
    expect(out).toContain(`${ESC}[35mreturn${ESC}[39m`);
    expect(out).toContain(`${ESC}[32m"s"${ESC}[39m`);
    expect(out).toContain(`${ESC}[90m# note${ESC}[39m`);
    // The text itself is unchanged once the colour codes are removed.
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).toBe('  │ def f():\n  │     return "s"  # note');
  });

  it.each(['py', 'Python', 'PYTHON'])('treats %s as Python', (lang) => {
    expect(highlight('import os', lang)).toBe(`${ESC}[35mimport${ESC}[39m os`);
  });

  it('does not colour a keyword inside a string or a name', () => {
    expect(highlight('x = "if"', 'python')).toBe(`x = ${ESC}[32m"if"${ESC}[39m`);
    expect(highlight('iffy = 1', 'python')).toBe(`iffy = ${ESC}[33m1${ESC}[39m`);
  });

  it('highlights shell commands and variables', () => {
    expect(highlight('echo $HOME', 'bash')).toBe(`${ESC}[35mecho${ESC}[39m ${ESC}[33m$HOME${ESC}[39m`);
  });

  it('leaves a plain text block uncoloured apart from the gutter', () => {
    const out = renderMarkdown('```text\ndef f\n```', 80);
    expect(out).not.toContain(`${ESC}[35m`);
  });

  it('styles bold text', () => {
    expect(renderMarkdown('**b**', 80)).toBe(`${ESC}[1mb${ESC}[22m`);
  });

  it('wraps by visible width, not by the length of the codes', () => {
    const out = renderMarkdown('**aaa** **bbb** **ccc**', 8);
    expect(out.split('\n').map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''))).toEqual(['aaa bbb', 'ccc']);
  });
});
