import { beforeEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/ui/markdown.js';
import { configureColor } from '../../src/ui/output.js';
import { displayWidth } from '../../src/ui/width.js';

/** Everything the format accepts is shown: nothing in a file silently disappears. */
beforeEach(() => configureColor(false));
const lines = (md: string, width = 80) => renderMarkdown(md, width).split('\n').map((l) => l.trimEnd());

describe('images', () => {
  it.each<[string, string]>([
    ['![formula](https://x.y/f.png)', '[image: formula] https://x.y/f.png'],
    ['you get this solution: ![](https://x.y/s.png).', 'you get this solution: [image] https://x.y/s.png.'],
    ['<img src="https://x.y/a.png" alt="loss curve">', '[image: loss curve] https://x.y/a.png'],
  ])('%s', (md, shown) => {
    expect(renderMarkdown(md, 80)).toBe(shown);
  });
});

describe('math is kept as TeX source, set apart like code', () => {
  it('inline $…$ keeps its markers-free source, underscores and stars untouched', () => {
    expect(renderMarkdown('The loss $L = \\sum_i w_i x_i^2$ and $a*b*c$ here.', 80)).toBe('The loss L = \\sum_i w_i x_i^2 and a*b*c here.');
  });

  it('a price is not math', () => {
    expect(renderMarkdown('It costs $5 and $10 a month.', 80)).toBe('It costs $5 and $10 a month.');
  });

  it('display $$…$$ is a block with a gutter, like code', () => {
    expect(lines('Before\n\n$$\n\\frac{a_1}{b_2}\n$$\n\nAfter')).toEqual(['Before', '', '  │ \\frac{a_1}{b_2}', '', 'After']);
    expect(lines('$$E = mc^2$$')).toEqual(['  │ E = mc^2']);
  });
});

describe('HTML as Anki cards hold it', () => {
  it.each<[string, string, string[]]>([
    ['b, i, u and br', 'One <b>bold</b> <i>it</i> <u>under</u><br>next line<br/>third', ['One bold it under', 'next line', 'third']],
    ['p and div', '<div>first point</div><div>second point</div><p>a paragraph</p>', ['first point', '', 'second point', '', 'a paragraph']],
    ['ul and li', '<ul><li>alpha</li><li>beta</li></ul>', ['  • alpha', '  • beta']],
    ['ol and li', '<ol><li>one</li><li>two</li></ol>', ['  1. one', '  2. two']],
    ['code and pre', 'Use <code>x_y</code>:<pre>a = 1\nb = 2</pre>', ['Use x_y:', '', '  │ a = 1', '  │ b = 2']],
    ['sub and sup', 'H<sub>2</sub>O and x<sup>2</sup> and e<sup>i pi</sup>', ['H_2O and x^2 and e^(i pi)']],
    ['a link', 'See <a href="https://x.y/doc">the docs</a>.', ['See the docs (https://x.y/doc).']],
    ['a comment', 'kept <!-- dropped --> text', ['kept text']],
    ['a comment over lines', 'kept\n<!--\ndropped\n-->\n\nafter', ['kept', '', 'after']],
    ['span and unknown tags', '<span style="color:red">red</span> <blink>text</blink> <foo-bar x=1>kept</foo-bar>', ['red text kept']],
    ['a code span holding a tag, beside real HTML', 'The `<div>` element<br>wraps `<b>`', ['The <div> element', 'wraps <b>']],
    ['entities', 'a&nbsp;b &lt;tag&gt; &#65;&#x42; &#27;[2J', ['a\u00a0b <tag> AB [2J']],
    ['a table', '<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>', ['  k │ v', '  ──┼──', '  a │ 1']],
  ])('%s', (_what, html, shown) => {
    expect(lines(html)).toEqual(shown);
  });

  it('never passes an escape sequence through, even from an entity', () => {
    expect(renderMarkdown('<b>&#27;]0;x&#7;</b> &#x1b;[31m', 80)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('tables fit the width', () => {
  const wide = [
    '| tool | what it does | when to use it |',
    '| --- | --- | --- |',
    '| canary | sends a small share of live traffic to the new version | when a bad model must hurt few users |',
    '| shadow | mirrors traffic to the new version and drops its answers | before any user sees the new model |',
  ].join('\n');

  it('a table that fits is drawn as columns', () => {
    expect(lines(wide, 200)[0]).toMatch(/^ {2}tool {3}│ what it does/);
  });

  it('a table wider than the screen becomes one record per block, every cell kept, no line too wide', () => {
    const shown = lines(wide, 40);
    for (const l of shown) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    expect(shown.join(' ')).toContain('tool: canary');
    expect(shown.join(' ').replace(/\s+/g, ' ')).toContain('mirrors traffic to the new version and drops its answers');
    expect(shown.filter((l) => l === '').length).toBeGreaterThanOrEqual(1);
  });

  it('measures wide characters in cells: the columns line up', () => {
    const shown = renderMarkdown('| 名前 | 値 |\n| --- | --- |\n| 日本語 | 1 |', 80).split('\n');
    expect(shown).toEqual(['  名前   │ 値', '  ───────┼───', '  日本語 │ 1']);
    const column = (l: string) => displayWidth(l.slice(0, l.search(/[│┼]/)));
    expect(shown.map(column)).toEqual([9, 9, 9]);
  });
});
