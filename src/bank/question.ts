/** The words a question file may use, and its parsed form. */
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export const TYPES = ['output', 'choice', 'open', 'cloze'] as const;
export const GRADINGS = ['exact', 'self'] as const;
/** Ids as decks from elsewhere write them (`ml_9abb4654`, `Q12`): letters, digits, _ and -. */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
/** What a topic is made of. Both are checked by the parser and used by `new` and completion. */
export const TOPIC_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export type Difficulty = (typeof DIFFICULTIES)[number];
export type QuestionType = (typeof TYPES)[number];
export type Grading = (typeof GRADINGS)[number];

export interface Choice {
  text: string;
  correct: boolean;
}

/** A primary source for the question's facts, shown after the explanation. */
export interface Reference {
  title: string;
  url: string;
}

export interface CodeBlock {
  language: string;
  text: string;
}

/** The parsed form of one question file: the shape `list --json` prints. */
export interface Question {
  id: string;
  /** Given in the file, or the prompt's first sentence. */
  title: string;
  /** `medium` when the file gives none: then `unrated` is true. */
  difficulty: Difficulty;
  /** Present (true) only when the file gives no difficulty: shown as unrated, filtered as medium. */
  unrated?: true;
  type: QuestionType;
  topics: string[];
  /** Output questions only; null for the others. */
  grading: Grading | null;
  source: string | null;
  /** Present only when the file names the licence of its content (for example CC-BY-4.0). */
  license?: string;
  references: Reference[];
  file: string;
  /** Markdown, including the code fence of an output question. */
  prompt: string;
  code: CodeBlock | null;
  choices: Choice[] | null;
  hints: string[];
  /** Output (exact): the exact expected text. Otherwise Markdown (may be empty for choice). */
  answer: string;
  /** Markdown in the Answer section besides the expected-output block (output questions). */
  answerNotes: string;
  explanation: string;
  /** Output questions: `strict` when spacing is the point, so a spacing slip is not offered as near. */
  spacing?: 'strict';
  /**
   * A cloze card (one cloze number of a `type: cloze` question): its id is `<note>#c<n>`, its
   * prompt has the deletion hidden, its answer is the hidden text. `text` is the prompt as
   * written, with every `{{cN::…}}`. Absent on the question as parsed from its file.
   */
  cloze?: ClozeCard;
}

export interface ClozeCard {
  /** The id of the question file the card comes from. */
  note: string;
  n: number;
  text: string;
}

export type Severity = 'error' | 'warning';

export interface Problem {
  file: string;
  line: number;
  col: number;
  severity: Severity;
  message: string;
}
