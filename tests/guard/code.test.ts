/** The shape of the code: imports without cycles, no dead exports (one file: TypeScript's parser loads once). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { unusedExports } from './exports.js';
import { cycles, importGraph, importsOf, type Graph } from './imports.js';

const graph = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges));

describe('the import graph walker', () => {
  it('reads static, re-exported, type-only and dynamic imports, and ignores packages', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "import chalk from 'chalk';",
      "const d = await import('./d.js');",
      "type E = import('./e.js').E;",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js']);
  });

  it.each<[string, Record<string, string[]>, string[][]]>([
    ['none in a chain', { a: ['b'], b: ['c'], c: [] }, []],
    ['a module that imports itself', { a: ['a'] }, [['a', 'a']]],
    ['two modules', { a: ['b'], b: ['a'] }, [['a', 'b', 'a']]],
    ['a longer loop', { a: ['b'], b: ['c'], c: ['a'], d: ['a'] }, [['a', 'b', 'c', 'a']]],
    ['a diamond, which is no loop', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, []],
  ])('finds cycles: %s', (_what, edges, expected) => {
    expect(cycles(graph(edges))).toEqual(expected);
  });
});

describe('src/', () => {
  it('exports nothing that no other module or test uses', () => {
    expect(unusedExports(ROOT)).toEqual([]);
  });

  const src = importGraph(path.join(ROOT, 'src'));

  it('has no import cycle, dynamic imports included', () => {
    expect(src.size).toBeGreaterThan(20);
    expect(cycles(src).map((c) => c.join(' → '))).toEqual([]);
  });

  it('nothing imports the command line back: only main.ts imports cli.ts, only cli.ts imports program.ts', () => {
    const importers = (target: string) => [...src].filter(([, to]) => to.includes(target)).map(([from]) => from);
    expect(importers('cli.ts')).toEqual(['main.ts']);
    expect(importers('program.ts')).toEqual(['cli.ts']);
  });

  it('carries no linter directives: no linter runs here, so they would only mislead', () => {
    const directive = ['eslint', 'disable'].join('-');
    const files = [...src.keys()].map((f) => path.join(ROOT, 'src', f));
    expect(files.filter((f) => fs.readFileSync(f, 'utf8').includes(directive))).toEqual([]);
  });

  it('command modules import no other command module', () => {
    const crossing = [...src].flatMap(([from, to]) => (from.startsWith('commands/') ? to.filter((t) => t.startsWith('commands/')).map((t) => `${from} → ${t}`) : []));
    expect(crossing).toEqual([]);
  });
});
