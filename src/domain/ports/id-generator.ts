export interface IdGenerator {
  /** A new unique id (a UUID). */
  next(): string;
}

export const ID_GENERATOR = Symbol.for('IdGenerator');
