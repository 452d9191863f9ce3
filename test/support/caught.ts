/** Runs `act` and returns the error it throws, which must be an instance of `type`. */
export function caught<E extends Error>(type: abstract new (...args: never[]) => E, act: () => unknown): E {
  try {
    act();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name} to be thrown`);
}
