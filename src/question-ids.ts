import type { Question } from './bank/question.js';
import { closest } from './edit-distance.js';
import { EXIT, UserError } from './errors.js';

/**
 * The questions named by id, in the order given; an id may differ in letter case. An unknown
 * id is a usage error that names the closest ids (edit distance), so a typo is one step from fixed.
 */
export function questionsById(questions: readonly Question[], ids: readonly string[]): Question[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const byLower = new Map(questions.map((q) => [q.id.toLowerCase(), q]));
  // A cloze question's id names all its cards (`id#c1`, `id#c2`, …).
  const cardsOf = new Map<string, Question[]>();
  for (const q of questions) {
    if (!q.cloze) continue;
    const key = q.cloze.note.toLowerCase();
    cardsOf.set(key, [...(cardsOf.get(key) ?? []), q]);
  }
  const picked: Question[] = [];
  for (const id of ids) {
    const q = byId.get(id) ?? byLower.get(id.toLowerCase());
    const found = q ? [q] : (cardsOf.get(id.toLowerCase()) ?? []);
    if (found.length === 0) {
      const near = suggestIds(id, [...byId.keys(), ...[...new Set(questions.flatMap((x) => (x.cloze ? [x.cloze.note] : [])))]]);
      throw new UserError(`no question with id '${id}'.${near.length ? ` Did you mean: ${near.join(', ')}?` : ' See: mlops-drill list'}`, EXIT.usage);
    }
    for (const f of found) if (!picked.includes(f)) picked.push(f);
  }
  return picked;
}

/**
 * Ids to suggest for one that was not found: the closest by edit distance (a typo); else
 * those containing it; else those sharing the most of its words (a half-remembered id).
 */
export function suggestIds(id: string, ids: readonly string[], max = 5): string[] {
  const lower = id.toLowerCase();
  const words = new Set(lower.split(/[^a-z0-9]+/).filter((w) => w.length >= 3));
  const shared = (x: string) => x.split('-').filter((w) => words.has(w)).length;
  const byWords = ids
    .map((x) => ({ x, n: shared(x) }))
    .filter((s) => s.n > 0)
    .sort((a, b) => b.n - a.n || (a.x < b.x ? -1 : 1))
    .map((s) => s.x);
  const containing = ids.filter((x) => lower.length >= 3 && x.includes(lower));
  // The first kind that finds anything wins: a typo's neighbours are not diluted by loose matches.
  for (const found of [closest(id, ids), containing, byWords]) if (found.length > 0) return found.slice(0, max);
  return [];
}
