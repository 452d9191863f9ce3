// pg_trgm's similarity, in process, for the memory driver's search: each word (for pg_trgm, a run
// of letters and digits, in lower case) padded with two spaces before and one after, cut into its
// three-character pieces; the similarity of two texts is the share of pieces they have in common
// (shared over all distinct pieces of both).

const TRIGRAM_WORD = /[\p{L}\p{N}]+/gu;
const LETTERS = /\p{L}+/gu;

/** A profile's words, as PostgreSQL's profile_words makes them: its runs of letters, in lower case. */
export function words(text: string): string[] {
  return [...text.toLowerCase().matchAll(LETTERS)].map(([word]) => word);
}

function trigrams(text: string): Set<string> {
  const pieces = new Set<string>();
  for (const [word] of text.toLowerCase().matchAll(TRIGRAM_WORD)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) pieces.add(padded.slice(i, i + 3));
  }
  return pieces;
}

export function similarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  let shared = 0;
  for (const piece of left) if (right.has(piece)) shared++;
  const all = left.size + right.size - shared;
  return all === 0 ? 0 : shared / all;
}
