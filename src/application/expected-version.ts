/**
 * The versions a client will accept changing, from its If-Match: `any` for `*`, else the
 * versions it named (none when every tag it sent was stale or foreign).
 */
export type ExpectedVersion = 'any' | readonly number[];

export function accepts(expected: ExpectedVersion, version: number): boolean {
  return expected === 'any' || expected.includes(version);
}
