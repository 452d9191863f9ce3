/**
 * The versions a caller will accept changing: `any`, or the versions it named (none when
 * every one it named is unknown: the change then fails).
 */
export type ExpectedVersion = 'any' | readonly number[];

export function accepts(expected: ExpectedVersion, version: number): boolean {
  return expected === 'any' || expected.includes(version);
}
