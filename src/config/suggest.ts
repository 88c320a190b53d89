/**
 * "Did you mean …?" for typos in keys, enum values and names: the candidate nearest by
 * Damerau-Levenshtein distance, offered only when it is close enough to be a likely typo.
 * @module
 */

/**
 * The number of insertions, deletions, substitutions and swaps of neighbouring characters that
 * turn `a` into `b` (optimal string alignment: each substring is edited at most once).
 */
export function editDistance(a: string, b: string): number {
  // Three rolling rows instead of the full matrix: a swap looks two rows back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate nearest to `word`, ignoring case, if it is within a third of the word's length
 * (at least one edit); ties go to the earlier candidate. Further away, a suggestion would more
 * likely mislead than help.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}
