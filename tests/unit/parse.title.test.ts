import { describe, expect, it } from 'vitest';
import { titleFromPrompt, titleRepeatsPrompt } from '../../src/bank/title.js';
import { questionHeader } from '../../src/ui/screens.js';
import { parseQuestion } from '../../src/bank/parse.js';
import { file, frontLines } from './question-text.js';

describe('a title that repeats the prompt is printed once', () => {
  it.each<[string, string, boolean]>([
    ['What does this print?', 'What does this print?\n\n```python\nprint(1)\n```', true],
    ['Why canary a model', 'Why **canary** a model? Think of risk.', true],
    ['A very long first sentence that was cut…', 'A very long first sentence that was cut short by the title rule.', true],
    ['Printing the model version', 'What does this print?', false],
    ['', 'anything', false],
  ])('%j over %j: %s', (title, prompt, repeats) => {
    expect(titleRepeatsPrompt(title, prompt)).toBe(repeats);
  });

  it('the drill header leaves out a title made from the prompt, and keeps a title of its own', () => {
    const untitled = parseQuestion(file(frontLines({ title: '' }), ['Why canary a model? Explain.', '', '## Answer', 'a']), 'q.md').question!;
    expect(untitled.title).toBe(titleFromPrompt(untitled.prompt));
    expect(questionHeader(untitled, 'Question 1 of 1', 80)).not.toContain('Why canary');
    const titled = parseQuestion(file(frontLines({ title: 'Canary rollouts' }), ['Why canary a model?', '', '## Answer', 'a']), 'q.md').question!;
    expect(questionHeader(titled, 'Question 1 of 1', 80)).toContain('Canary rollouts');
  });
});
