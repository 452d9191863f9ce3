// Expected outcomes of the core, each with a stable code and a kind.
// The adapters that answer callers map each kind to their own terms, each in one place.

export type ErrorKind =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'forbidden'
  /** The input is of a kind the operation does not take at all (an image format it cannot read). */
  | 'unsupported_input'
  | 'unavailable';

/** One problem with one input member, addressed by a JSON Pointer (RFC 6901). */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
  readonly code = 'validation_failed';

  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.pointer}: ${e.message}`).join('; '));
  }
}

/** Thrown by a value object; the caller knows where in the input the value came from. */
export class InvalidValueError extends Error {}

export class ProfileNotFoundError extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'profile_not_found';

  constructor(readonly profileId: string) {
    super(`No profile with id ${profileId}.`);
  }
}

export class TaskNotFoundError extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'task_not_found';

  constructor(readonly taskId: string) {
    super(`No task with id ${taskId}.`);
  }
}

/** Only a dead task can be retried; any other is running, waiting to, or done. */
export class TaskNotRetryableError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'task_not_dead';

  constructor(
    readonly taskId: string,
    readonly status: string,
  ) {
    super(`Task ${taskId} is ${status}: only a dead task can be retried.`);
  }
}

export class AvatarNotFoundError extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'avatar_not_found';

  constructor(readonly profileId: string) {
    super(`Profile ${profileId} has no avatar ready to show.`);
  }
}

/** The upload is not an image of an accepted format (told by its bytes). */
export class UnsupportedImageTypeError extends DomainError {
  readonly kind = 'unsupported_input';
  readonly code = 'unsupported_image_type';

  constructor() {
    super('The upload is not a JPEG, PNG or WebP image.');
  }
}

/** The upload looks like an image but cannot be used: unreadable, or too large in pixels. */
export class InvalidImageError extends DomainError {
  readonly kind = 'validation';
  readonly code: 'image_unreadable' | 'image_too_large';

  constructor(code: 'image_unreadable' | 'image_too_large', message: string) {
    super(message);
    this.code = code;
  }
}

/** A uniqueness rule was broken; `pointer` names the member that collided. */
export class UniquenessConflictError extends DomainError {
  readonly kind = 'conflict';

  constructor(
    readonly code: 'handle_taken' | 'email_taken' | 'owner_has_profile',
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}

export class RestoreWindowClosedError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'restore_window_closed';

  constructor(readonly profileId: string) {
    super(`Profile ${profileId} was deleted longer ago than the grace period and can no longer be restored.`);
  }
}

/** Optimistic concurrency: the caller's version is not the stored one. */
export class VersionMismatchError extends DomainError {
  readonly kind = 'precondition_failed';
  readonly code = 'version_mismatch';

  constructor(readonly actual: number | null) {
    super(actual === null ? 'The profile changed: it no longer exists.' : `The profile changed: its current version is ${actual}.`);
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'forbidden';
}

/** A dependency the operation needs is not answering; the caller may try again later. */
export class DependencyUnavailableError extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'dependency_unavailable';

  constructor(
    readonly dependency: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable.`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * Runs one parser per input member and reports every failure at once, each under its
 * JSON pointer, instead of stopping at the first. Returns the parsed values by member.
 */
export function parseFields<T extends Record<string, () => unknown>>(parsers: T, pointerPrefix = ''): { [K in keyof T]: ReturnType<T[K]> } {
  const errors: FieldError[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [member, parse] of Object.entries(parsers)) {
    try {
      parsed[member] = parse();
    } catch (error) {
      if (!(error instanceof InvalidValueError)) throw error;
      errors.push({ pointer: `${pointerPrefix}/${member}`, message: error.message });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return parsed as { [K in keyof T]: ReturnType<T[K]> };
}
