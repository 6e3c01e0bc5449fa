import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { titleLine } from '../../src/commands/drill.js';
import { commandName } from '../../src/package-root.js';
import { configureColor } from '../../src/ui/output.js';
import { displayWidth } from '../../src/ui/width.js';

beforeEach(() => configureColor(false));

describe('commandName: suggested commands use the name the learner invoked', () => {
  const clone = path.join(path.sep, 'home', 'me', 'src', 'mlops-drill');
  const installed = path.join(path.sep, 'usr', 'lib', 'node_modules', 'mlops-drill');
  it.each([
    ['a clone', {}, clone, 'npx mlops-drill'],
    ['an installed package', {}, installed, 'mlops-drill'],
    ['npx from the registry', { npm_command: 'exec' }, installed, 'npx mlops-drill'],
  ])('%s → %s', (_what, env, root, name) => {
    expect(commandName(env, root)).toBe(name);
  });
});

describe('titleLine', () => {
  it.each([40, 60, 80, 120])('fits %d columns, shortening a long bank path with …', (width) => {
    const line = titleLine('/home/someone/decks/a-rather-long-folder-of-questions', 12, width);
    expect(displayWidth(line)).toBeLessThanOrEqual(width);
    expect(line).toContain('(12');
  });

  it('never sends control characters in a folder name to the terminal', () => {
    expect(titleLine('/tmp/evil\u001b[2Jdeck', 3, 80)).toBe('mlops-drill · bank: /tmp/evil\\x1b[2Jdeck (3 questions)');
  });
});
