import type { Question } from '../src/bank/question.js';
import type { AnswerRecord, Grade, Mode, Result } from '../src/progress/record.js';

/** Small builders for test data: a question and an answer record with sensible defaults. */
export function question(over: Partial<Question> & { id: string }): Question {
  return {
    title: `Title of ${over.id}`,
    difficulty: 'easy',
    type: 'open',
    topics: ['serving'],
    grading: null,
    source: null,
    references: [],
    file: `${over.id}.md`,
    prompt: `Prompt of ${over.id}`,
    code: null,
    choices: null,
    hints: [`Hint of ${over.id}`],
    answer: `Answer of ${over.id}`,
    answerNotes: '',
    explanation: `Explanation of ${over.id}`,
    ...over,
  };
}

let counter = 0;

export function answer(id: string, at: string | number, grade: Grade | null, mode: Mode = 'drill', result?: Result): AnswerRecord {
  counter++;
  return {
    v: 1,
    kind: 'answer',
    rid: `rid-${counter}`,
    at: typeof at === 'number' ? new Date(at).toISOString() : at,
    session: 'test',
    bank: 'test-bank',
    id,
    result: result ?? (grade === null ? 'skipped' : grade === 'again' ? 'incorrect' : 'correct'),
    grade,
    hints: 0,
    revealed: false,
    nearMiss: false,
    seconds: 5,
    mode,
  };
}
