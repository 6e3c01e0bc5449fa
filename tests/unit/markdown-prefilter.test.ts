import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedTokenizer, lex, PrefilteredTokenizer } from '../../src/ui/markdown-lexer.js';
import { FIXTURES, ROOT } from '../helpers.js';

/**
 * The prefilters skip a block rule only where it cannot match: the tokens must be exactly
 * those of the lexer without them, on every text of the bank and on random Markdown built
 * from the pieces that start or break each rule.
 */
const both = (text: string) => [lex(text, new BoundedTokenizer()), lex(text, new PrefilteredTokenizer())] as const;

function markdownFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f));
}

describe('the prefiltered lexer', () => {
  it('gives the same tokens as marked on every question file of the bank and the fixtures', () => {
    const files = [...markdownFiles(path.join(ROOT, 'questions')), ...markdownFiles(FIXTURES), path.join(ROOT, 'README.md')];
    expect(files.length).toBeGreaterThan(250);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const [plain, filtered] = both(text);
      expect(filtered, file).toEqual(plain);
    }
  });

  it('gives the same tokens as marked on random Markdown', () => {
    const piece = fc.constantFrom(
      'word', ' ', '  ', '   ', '    ', '\t', '\n', '\n\n', '\n \n', '<div>', '</div>', '<', '<!-- c -->', '<pre>', '>', '> ', '[', ']', '[a]: /url',
      '[a]: <u> "t"', '|', '| a |', '|---|', ':-', '-:', '-', '---', '===', '=', '--', ':', '#', '## ', '`', '```', '~~~', '*', '**', '_', '1. ', '1) ', '- ', '+ ', '* ',
      '\\', '$', '$$', 'é', '\u00a0',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const [plain, filtered] = both(pieces.join(''));
        expect(filtered).toEqual(plain);
      }),
      { numRuns: 3000 },
    );
  });

  it('the test can tell: a prefilter that skips a rule it should not changes the tokens', () => {
    class Broken extends PrefilteredTokenizer {
      override table() {
        return undefined;
      }
    }
    const text = '| a | b |\n|---|---|\n| 1 | 2 |\n';
    expect(lex(text, new Broken())).not.toEqual(lex(text, new BoundedTokenizer()));
  });
});
