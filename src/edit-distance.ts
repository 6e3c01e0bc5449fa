/** Levenshtein distance (insert, delete, replace one character), over code points. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  const row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    let best = row[0];
    for (let j = 1; j <= y.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (x[i - 1] === y[j - 1] ? 0 : 1));
      prev = here;
      best = Math.min(best, row[j]!);
    }
    // Every later row is at least this row's minimum: stop once the limit is out of reach.
    if (best > limit) return limit + 1;
  }
  return row[y.length]!;
}

/** The candidates closest to `word` (case-insensitive), within a distance that scales with its length. */
export function closest(word: string, candidates: readonly string[], max = 3): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored = candidates
    .map((c) => ({ c, d: editDistance(w, c.toLowerCase(), limit) }))
    .filter((s) => s.d <= limit)
    .sort((p, q) => p.d - q.d || (p.c < q.c ? -1 : 1));
  return scored.slice(0, max).map((s) => s.c);
}
