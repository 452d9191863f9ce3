/** Polls `probe` until it returns a defined value, or fails after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 10_000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
