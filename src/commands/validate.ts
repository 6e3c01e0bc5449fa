import { loadBankAsync } from '../bank/load.js';
import { linesOf } from '../bank/parse.js';
import type { Problem, Question } from '../bank/question.js';
import { chooseBank, type GlobalFlags } from '../context.js';
import { EXIT } from '../errors.js';
import type { Format } from '../options.js';
import { out, style } from '../ui/output.js';

export interface ValidateFlags extends GlobalFlags {
  format?: Format;
  strict?: boolean;
  run?: boolean;
}

/**
 * Prove the output keys by running the snippets (author tooling). Without python3 this is
 * a skip with a warning, except under CI, where a check that cannot run is a failure.
 */
async function runKeys(questions: Question[], env: NodeJS.ProcessEnv): Promise<{ problems: Problem[]; note: string }> {
  const { findPython, checkAnswerKeys, keyProblems } = await import('../bank/answer-keys.js');
  const python = findPython(env);
  if (!python) {
    const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
    const message = 'python3 was not found, so the answer keys were not run (set MLOPS_DRILL_PYTHON to choose an interpreter)';
    return { problems: [{ file: '.', line: 1, col: 1, severity: ci ? 'error' : 'warning', message }], note: '' };
  }
  const checks = await checkAnswerKeys(questions, python);
  const failed = checks.filter((c) => !c.ok).length;
  return { problems: keyProblems(checks, (q) => linesOf(q).answer), note: `${checks.length} answer key(s) run, ${failed} wrong` };
}

/** Pure: the report lines for a list of problems. */
export function formatProblems(problems: Problem[], format: Format): string[] {
  if (format === 'github') {
    // GitHub Actions workflow commands: data escaping per the runner's toolkit.
    const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
    return problems.map((p) => `::${p.severity} file=${prop(p.file)},line=${p.line},col=${p.col}::${esc(p.message)}`);
  }
  return problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.severity === 'error' ? style.bad('error') : style.warn('warning')}: ${p.message}`);
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}

export async function validate(paths: string[], flags: ValidateFlags): Promise<number> {
  const format = flags.format ?? 'text';
  const targets = paths.length > 0 ? paths : [chooseBank(flags).dir];
  const bank = await loadBankAsync(targets, { strict: flags.strict === true });
  const keys = flags.run ? await runKeys(bank.questions, process.env) : { problems: [], note: '' };
  const problems = sortProblems(
    [...bank.problems, ...keys.problems].map((p) => (flags.strict && p.severity === 'warning' ? { ...p, severity: 'error' as const } : p)),
  );
  const errors = problems.filter((p) => p.severity === 'error').length;
  // With --strict a warning makes its file invalid too.
  const failedFiles = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
  // Question files, not cards: a cloze question is one question however many cards it makes.
  const valid = new Set(bank.questions.filter((q) => !failedFiles.has(q.file)).map((q) => q.file)).size;
  const warnings = problems.length - errors;
  if (format === 'json') {
    out(JSON.stringify({ ok: errors === 0, files: bank.files, questions: valid, errors, warnings, problems }, null, 2));
  } else {
    for (const line of formatProblems(problems, format)) out(line);
    const summary = `${bank.files} file(s) checked, ${valid} question(s) valid${keys.note ? `, ${keys.note}` : ''}: ${errors} error(s), ${warnings} warning(s)`;
    if (format === 'github') out(summary);
    else process.stderr.write((errors ? style.bad(summary) : style.good(summary)) + '\n');
  }
  if (bank.files === 0 && errors === 0) {
    process.stderr.write(style.warn('warning: ') + 'no question files found\n');
    return EXIT.failed;
  }
  return errors > 0 ? EXIT.failed : EXIT.ok;
}
