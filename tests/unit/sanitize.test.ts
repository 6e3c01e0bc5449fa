import { describe, expect, it } from 'vitest';
import { printableName, sanitize, sanitizeLine } from '../../src/sanitize.js';

describe('sanitize', () => {
  it.each([
    ['plain text', 'hello', 'hello'],
    ['keeps newlines and tabs', 'a\n\tb\n', 'a\n\tb\n'],
    ['a colour code, whole', '\u001b[31mred\u001b[0m', 'red'],
    ['clear screen, whole', 'x\u001b[2Jy', 'xy'],
    ['OSC window title with BEL, whole', '\u001b]0;pwned\u0007ok', 'ok'],
    ['OSC 52 clipboard write, whole', '\u001b]52;c;ZXZpbA==\u001b\\', ''],
    ['OSC 8 hyperlink, keeping its text', 'a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', 'alink'],
    ['BEL alone', 'ding\u0007', 'ding'],
    ['backspace', 'ab\u0008\u0008cd', 'abcd'],
    ['carriage return', 'safe\rEVIL', 'safeEVIL'],
    ['NUL and DEL', 'a\u0000b\u007fc', 'abc'],
    ['C1 CSI (U+009B), whole', 'a\u009b2Jb', 'ab'],
    ['C1 NEL and OSC (U+0085, U+009D)', 'a\u0085b\u009dc', 'abc'],
    ['bidi overrides', 'a\u202eb\u2066c\u2069d\u200fe', 'abcde'],
    ['vertical tab and form feed', 'a\u000bb\u000cc', 'abc'],
    ['Arabic letter mark, zero-width space, byte-order mark', 'a\u061cb\u200bc\ufeffd', 'abcd'],
    ['word joiner, invisible operators, line separator', 'a\u2060b\u2062c\u2028d', 'abcd'],
    ['keeps accents and emoji', 'café ✓ 🚀 ü', 'café ✓ 🚀 ü'],
    ['keeps the joiners of emoji sequences and scripts', '👩\u200d💻 می\u200cخواهم', '👩\u200d💻 می\u200cخواهم'],
    ['keeps U+00A0 (no-break space)', 'a\u00a0b', 'a\u00a0b'],
  ])('%s', (_what, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });
});

describe('sanitizeLine', () => {
  it.each([
    ['newlines become one space', 'a\nb\n\nc', 'a b c'],
    ['tabs become spaces', 'a\tb', 'a b'],
    ['controls are stripped as well', 'a\u001b[2J\nb', 'a b'],
    ['plain stays plain', 'Title', 'Title'],
  ])('%s', (_what, input, expected) => {
    expect(sanitizeLine(input)).toBe(expected);
  });
});

describe('printableName', () => {
  it.each([
    ['a plain name', 'deck/serving', 'deck/serving'],
    ['ESC and BEL as \\x escapes', 'a\u001b[31m\u0007b', 'a\\x1b[31m\\x07b'],
    ['a right-to-left override as \\u escape', 'evil\u202egpj.md', 'evil\\u202egpj.md'],
    ['zero-width and byte-order mark', 'a\u200bb\ufeff', 'a\\u200bb\\ufeff'],
    ['a newline', 'a\nb', 'a\\x0ab'],
    ['keeps accents and CJK', 'café/問題', 'café/問題'],
  ])('%s', (_what, input, expected) => {
    expect(printableName(input)).toBe(expected);
  });
});
