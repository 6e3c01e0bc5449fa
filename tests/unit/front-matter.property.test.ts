import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFrontMatter, simpleFrontMatter } from '../../src/bank/front-matter.js';
import { fullFrontMatter } from '../../src/bank/front-matter-full.js';

/**
 * The fast path for simple front matter must say exactly what the full YAML parser says (the
 * values, and the line and source of every key), and must step aside for anything else.
 */
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/);
// Values built from pieces that are safe, and pieces that change what YAML reads.
const piece = fc.oneof(
  word,
  fc.constantFrom('easy', 'output', 'Generated question 7', "it's fine", 'a/b (c)', 'x:y', 'practice-set:topic-01', 'https://example.com/a?b=c&d=1', 'ok!', 'two  spaces', 'semi; colon'),
  fc.constantFrom('true', 'False', 'null', '~', 'yes', 'No', 'on', 'y', '12', '1.5', '0x1f', '.inf', '2024-01-02', '-3', '+1'),
  fc.constantFrom('a: b', 'a #c', '#c', '"q"', "'q'", '*ref', '&anchor', '!tag', '|', '>', '%x', '@x', '`x`', '{a: 1}', '- x', '? x', 'ü', 'naïve', '—', 'x:', 'x ', ' x', '\t'),
);
const scalar = fc.array(piece, { minLength: 1, maxLength: 3 }).map((ps) => ps.join(' '));
const list = fc.array(fc.oneof(word, piece), { maxLength: 4 }).chain((items) => fc.constantFrom(`[${items.join(', ')}]`, `[${items.join(',')}]`, `[ ${items.join(' , ')} ]`, `[${items.join(', ')},]`, `[${items.join(', ')}`));
const key = fc.oneof(fc.constantFrom('id', 'title', 'difficulty', 'type', 'topics', 'source', 'grading'), word, fc.constantFrom('true', 'null', '__proto__', 'constructor', '1x', 'a b'));
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, fc.oneof(scalar, list)).map(([k, v]) => `${k}: ${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '# a comment', 'references:', '  - title: x', '    url: https://x', 'key:', 'key:value', ' id: indented', 'id:  two', 'x: y # note', '\r') },
);
const head = fc.array(line, { maxLength: 8 }).map((lines) => ['---', ...lines, '---', ''].join('\n'));

describe('simple front matter', () => {
  it('when it reads a head at all, reads it as the YAML parser does', () => {
    fc.assert(
      fc.property(head, (h) => {
        const fast = simpleFrontMatter(h);
        if (fast !== null) expect(fast).toEqual(fullFrontMatter(h));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the common shape itself: plain values and one-line lists of plain words', () => {
    const safeValue = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' ')).filter((v) => !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(v));
    const safeList = fc.array(word.filter((w) => !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(w)), { maxLength: 4 }).map((ws) => `[${ws.join(', ')}]`);
    const simple = fc
      .uniqueArray(word.filter((w) => !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(w)), { minLength: 1, maxLength: 6 })
      .chain((keys) => fc.tuple(...keys.map((k) => fc.oneof(safeValue, safeList).map((v) => `${k}: ${v}`))))
      .map((lines) => ['---', ...lines, '---', ''].join('\n'));
    fc.assert(
      fc.property(simple, (h) => {
        const fast = simpleFrontMatter(h);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(fullFrontMatter(h));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same problems as before for front matter it does not read', () => {
    const broken = '---\nid: a\ntitle: "unclosed\n---\n';
    expect(simpleFrontMatter(broken)).toBeNull();
    expect(readFrontMatter(broken)).toEqual(fullFrontMatter(broken));
    expect(readFrontMatter(broken).ok).toBe(false);
  });
});
