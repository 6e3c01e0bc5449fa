import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { unusedExports } from './exports.js';

describe('src/', () => {
  it('exports nothing that no other module or test uses', () => {
    expect(unusedExports(ROOT)).toEqual([]);
  });
});
