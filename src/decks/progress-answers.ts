import { progressFile } from '../progress/location.js';
import { effectiveAnswers, type AnswerRecord } from '../progress/record.js';
import { ProgressStore } from '../progress/store.js';

/**
 * The answers in force in the learner's progress log (undone ones left out), read through
 * the log's own reader: the one place `export --with-progress` touches the log.
 */
export function answersInLog(): { answers: AnswerRecord[]; notices: string[] } {
  const store = new ProgressStore(progressFile());
  const answers = effectiveAnswers(store.load().records);
  return { answers, notices: store.takeNotices() };
}
