import fs from 'node:fs';
import { configFile, loadSettings, updateRaw } from '../config/store.js';
import { EXIT, UserError } from '../errors.js';
import { readLogText } from '../progress/log-read.js';
import { progressFile } from '../progress/location.js';
import { effectiveAnswers } from '../progress/record.js';
import { fitParameters, loadOptimizer, MIN_REVIEWS, reviewHistories, trainingSequences, usefulReviews } from '../optimize.js';
import { out, style, warnAll } from '../ui/output.js';

export interface OptimizeFlags {
  dryRun?: boolean;
}

/** `mlops-drill optimize`: fit the scheduler to the learner's own answers and save the parameters. */
export async function optimizeCommand(flags: OptimizeFlags): Promise<number> {
  const { settings, notices } = loadSettings();
  warnAll(notices);
  let text = '';
  try {
    text = fs.readFileSync(progressFile(), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`cannot read ${progressFile()}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const answers = effectiveAnswers(readLogText(text).records);
  const histories = reviewHistories(answers, settings['day-starts-at']);
  const useful = usefulReviews(histories);
  if (useful < MIN_REVIEWS) {
    out(`optimize needs ${MIN_REVIEWS} reviews of questions answered on an earlier day; you have ${useful}, so ${MIN_REVIEWS - useful} more to go. Until then the built-in parameters are used.`);
    return EXIT.ok;
  }
  const loaded = await loadOptimizer();
  if (!loaded.ok) throw new UserError(`${loaded.reason}. Everything else works as before, with the built-in parameters.`);
  out(style.dim(`fitting the schedule to ${useful} reviews…`));
  const fit = await fitParameters(loaded.module, trainingSequences(histories));
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  out(`how far the predicted chance of recall is from your actual recall (lower is better):`);
  out(`  built-in parameters: ${pct(fit.before.rmse)}   yours: ${pct(fit.after.rmse)}`);
  if (fit.after.logLoss >= fit.before.logLoss) {
    out('the fitted parameters predict your answers no better than the built-in ones; nothing was changed');
    return EXIT.ok;
  }
  if (flags.dryRun) {
    out(style.dim('--dry-run: nothing was saved'));
    return EXIT.ok;
  }
  const file = configFile();
  const fitted = fit.parameters.map((x) => Math.round(x * 1e6) / 1e6);
  await updateRaw(file, (raw) => {
    raw['fsrs-parameters'] = fitted;
    return { write: true, result: undefined };
  });
  out(`saved as fsrs-parameters in ${file}; the schedule uses them from now on (undo: mlops-drill config unset fsrs-parameters)`);
  return EXIT.ok;
}
