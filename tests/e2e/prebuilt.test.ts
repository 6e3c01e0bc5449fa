import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/bank/load.js';
import { loadPrebuilt, INDEX_FILE } from '../../src/bank/prebuilt.js';
import { ROOT } from '../helpers.js';
import { home } from './support.js';

/**
 * The build parses the bundled bank once into dist/bank-index.json; a start on the bundled
 * bank uses it only while every file matches. It must give exactly what parsing gives.
 */
const INDEX = path.join(ROOT, 'dist', INDEX_FILE);
const BANK = path.join(ROOT, 'questions');

function copyBank(): string {
  const dir = path.join(home(), 'questions');
  fs.cpSync(BANK, dir, { recursive: true });
  return dir;
}

describe('the prebuilt index of the bundled bank', () => {
  it('gives the same questions as parsing the files', () => {
    const fromIndex = loadPrebuilt(BANK, INDEX);
    expect(fromIndex).not.toBeNull();
    const parsed = loadBank([BANK]);
    expect(fromIndex!.questions).toEqual(parsed.questions);
    expect(fromIndex!.files).toBe(parsed.files);
  });

  it('is not used once a file is edited, added or removed', () => {
    const edited = copyBank();
    expect(loadPrebuilt(edited, INDEX)).not.toBeNull();
    const some = fs.readdirSync(path.join(edited, 'serving')).find((f) => f.endsWith('.md'))!;
    fs.appendFileSync(path.join(edited, 'serving', some), '\n');
    expect(loadPrebuilt(edited, INDEX)).toBeNull();

    const added = copyBank();
    fs.copyFileSync(path.join(added, 'serving', some), path.join(added, 'serving', 'extra-copy.md'));
    expect(loadPrebuilt(added, INDEX)).toBeNull();

    const removed = copyBank();
    fs.rmSync(path.join(removed, 'serving', some));
    expect(loadPrebuilt(removed, INDEX)).toBeNull();
  });

  it('is not used when it is missing or unreadable', () => {
    const bad = path.join(home(), INDEX_FILE);
    expect(loadPrebuilt(BANK, bad)).toBeNull();
    fs.writeFileSync(bad, '{not json');
    expect(loadPrebuilt(BANK, bad)).toBeNull();
  });
});
