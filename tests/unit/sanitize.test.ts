import { describe, expect, it } from 'vitest';
import { sanitize, sanitizeLine } from '../../src/sanitize.js';

describe('sanitize', () => {
  it.each([
    ['plain text', 'hello', 'hello'],
    ['keeps newlines and tabs', 'a\n\tb\n', 'a\n\tb\n'],
    ['ESC of a colour code', '\u001b[31mred\u001b[0m', '[31mred[0m'],
    ['clear screen', 'x\u001b[2Jy', 'x[2Jy'],
    ['OSC window title with BEL', '\u001b]0;pwned\u0007ok', ']0;pwnedok'],
    ['OSC 52 clipboard write', '\u001b]52;c;ZXZpbA==\u001b\\', ']52;c;ZXZpbA==\\'],
    ['BEL alone', 'ding\u0007', 'ding'],
    ['backspace', 'ab\u0008\u0008cd', 'abcd'],
    ['carriage return', 'safe\rEVIL', 'safeEVIL'],
    ['NUL and DEL', 'a\u0000b\u007fc', 'abc'],
    ['C1 CSI (U+009B)', 'a\u009b2Jb', 'a2Jb'],
    ['C1 NEL and OSC (U+0085, U+009D)', 'a\u0085b\u009dc', 'abc'],
    ['bidi overrides', 'a\u202eb\u2066c\u2069d\u200fe', 'abcde'],
    ['vertical tab and form feed', 'a\u000bb\u000cc', 'abc'],
    ['keeps accents and emoji', 'café ✓ 🚀 ü', 'café ✓ 🚀 ü'],
    ['keeps U+00A0 (no-break space)', 'a\u00a0b', 'a\u00a0b'],
  ])('%s', (_what, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });
});

describe('sanitizeLine', () => {
  it.each([
    ['newlines become one space', 'a\nb\n\nc', 'a b c'],
    ['tabs become spaces', 'a\tb', 'a b'],
    ['controls are stripped as well', 'a\u001b[2J\nb', 'a[2J b'],
    ['plain stays plain', 'Title', 'Title'],
  ])('%s', (_what, input, expected) => {
    expect(sanitizeLine(input)).toBe(expected);
  });
});
