import { afterEach, describe, expect, it } from 'vitest';
import { colorEnabled, configureColor, style, useColor, type ColorInputs } from '../../src/ui/output.js';

describe('useColor', () => {
  it.each<[string, ColorInputs, boolean]>([
    ['a TTY, nothing set', { env: {}, isTTY: true }, true],
    ['not a TTY, nothing set', { env: {}, isTTY: false }, false],
    ['--no-color on a TTY', { noColor: true, env: {}, isTTY: true }, false],
    ['--no-color beats FORCE_COLOR', { noColor: true, env: { FORCE_COLOR: '1' }, isTTY: true }, false],
    ['NO_COLOR=1 on a TTY', { env: { NO_COLOR: '1' }, isTTY: true }, false],
    ['NO_COLOR=0 still means no colour', { env: { NO_COLOR: '0' }, isTTY: true }, false],
    ['NO_COLOR empty is ignored', { env: { NO_COLOR: '' }, isTTY: true }, true],
    ['NO_COLOR beats FORCE_COLOR', { env: { NO_COLOR: '1', FORCE_COLOR: '1' }, isTTY: false }, false],
    ['TERM=dumb on a TTY', { env: { TERM: 'dumb' }, isTTY: true }, false],
    ['TERM=dumb beats FORCE_COLOR', { env: { TERM: 'dumb', FORCE_COLOR: '1' }, isTTY: true }, false],
    ['TERM=xterm-256color on a TTY', { env: { TERM: 'xterm-256color' }, isTTY: true }, true],
    ['FORCE_COLOR=1 when piped', { env: { FORCE_COLOR: '1' }, isTTY: false }, true],
    ['FORCE_COLOR=3 when piped', { env: { FORCE_COLOR: '3' }, isTTY: false }, true],
    ['FORCE_COLOR=true when piped', { env: { FORCE_COLOR: 'true' }, isTTY: false }, true],
    ['FORCE_COLOR=0 when piped', { env: { FORCE_COLOR: '0' }, isTTY: false }, false],
    ['FORCE_COLOR=false when piped', { env: { FORCE_COLOR: 'false' }, isTTY: false }, false],
    ['FORCE_COLOR empty when piped (forces, as in supports-color)', { env: { FORCE_COLOR: '' }, isTTY: false }, true],
  ])('%s → %s', (_what, inputs, expected) => {
    expect(useColor(inputs)).toBe(expected);
  });
});

describe('configureColor', () => {
  afterEach(() => configureColor(false));

  it('switches the styles between plain and ANSI', () => {
    configureColor(false);
    expect(colorEnabled()).toBe(false);
    expect(style.bad('x')).toBe('x');
    expect(style.difficulty('hard')).toBe('hard');
    configureColor(true);
    expect(colorEnabled()).toBe(true);
    expect(style.bad('x')).toBe('\u001b[31mx\u001b[39m');
    expect(style.difficulty('easy')).toBe('\u001b[32measy\u001b[39m');
  });
});
