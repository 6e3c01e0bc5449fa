import { style } from './output.js';

/**
 * A small tokenizer-based highlighter for the languages a bank uses (Python, shell,
 * YAML/Dockerfile-ish text). Unknown languages come back uncoloured.
 */
const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(' '),
);
const PY_BUILTINS = new Set('print len range enumerate zip sorted sum min max abs round int float str list dict set tuple isinstance open super map filter any all'.split(' '));

const PY_TOKEN =
  /(#[^\n]*)|([rbuRBU]{0,2}[fF]?[rR]?(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_]\w*)|(@\w+)/g;

const SH_TOKEN = /(#[^\n]*)|("(?:\\.|[^"\\])*"|'[^']*')|(\$\{?\w+\}?)|(^\s*[A-Za-z_][\w.-]*|(?<=[|;&]\s*)[A-Za-z_][\w.-]*)/gm;

export function highlight(code: string, language: string): string {
  const lang = language.toLowerCase();
  if (lang === 'python' || lang === 'py') return highlightPython(code);
  if (lang === 'bash' || lang === 'sh' || lang === 'shell' || lang === 'console' || lang === 'dockerfile') return highlightShell(code);
  return code;
}

function highlightPython(code: string): string {
  return code.replace(PY_TOKEN, (match, comment, str, num, word, deco) => {
    if (comment) return style.comment(comment);
    if (str) return style.str(str);
    if (num) return style.num(num);
    if (deco) return style.fn(deco);
    if (word) {
      if (PY_KEYWORDS.has(word)) return style.kw(word);
      if (PY_BUILTINS.has(word)) return style.fn(word);
    }
    return match;
  });
}

function highlightShell(code: string): string {
  return code.replace(SH_TOKEN, (match, comment, str, variable, command) => {
    if (comment) return style.comment(comment);
    if (str) return style.str(str);
    if (variable) return style.num(variable);
    if (command) return style.kw(command);
    return match;
  });
}
