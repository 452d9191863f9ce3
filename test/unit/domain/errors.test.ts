// The core's outcomes as clients meet them: each error's kind decides the HTTP status at the
// edge, its code is the stable name clients branch on, and its message is the detail they read.
import {
  AvatarNotFoundError,
  DependencyUnavailableError,
  ForbiddenError,
  InvalidImageError,
  ProfileNotFoundError,
  RestoreWindowClosedError,
  TaskNotFoundError,
  TaskNotRetryableError,
  UniquenessConflictError,
  UnsupportedImageTypeError,
  ValidationError,
  VersionMismatchError,
  type DomainError,
} from '../../../src/domain/errors.js';

const ID = '0192f0c1-0000-7000-8000-000000000001';

// Each error is made inside its test (a factory in the table): made while the table is read, it
// would be made outside every test, and mutation testing could not tell which test covers it.
test.each<[string, () => DomainError, string, string, string]>([
  [
    'ValidationError',
    () =>
      new ValidationError([
        { pointer: '/handle', message: 'is taken' },
        { pointer: '/email', message: 'is invalid' },
      ]),
    'validation',
    'validation_failed',
    '/handle: is taken; /email: is invalid',
  ],
  ['ProfileNotFoundError', () => new ProfileNotFoundError(ID), 'not_found', 'profile_not_found', `No profile with id ${ID}.`],
  ['TaskNotFoundError', () => new TaskNotFoundError(ID), 'not_found', 'task_not_found', `No task with id ${ID}.`],
  [
    'TaskNotRetryableError',
    () => new TaskNotRetryableError(ID, 'running'),
    'conflict',
    'task_not_dead',
    `Task ${ID} is running: only a dead task can be retried.`,
  ],
  ['AvatarNotFoundError', () => new AvatarNotFoundError(ID), 'not_found', 'avatar_not_found', `Profile ${ID} has no avatar ready to show.`],
  [
    'UnsupportedImageTypeError',
    () => new UnsupportedImageTypeError(),
    'unsupported_input',
    'unsupported_image_type',
    'The upload is not a JPEG, PNG or WebP image.',
  ],
  [
    'InvalidImageError',
    () => new InvalidImageError('image_too_large', 'Too many pixels.'),
    'validation',
    'image_too_large',
    'Too many pixels.',
  ],
  [
    'UniquenessConflictError',
    () => new UniquenessConflictError('handle_taken', '/handle', 'The handle is taken.'),
    'conflict',
    'handle_taken',
    'The handle is taken.',
  ],
  [
    'RestoreWindowClosedError',
    () => new RestoreWindowClosedError(ID),
    'conflict',
    'restore_window_closed',
    `Profile ${ID} was deleted longer ago than the grace period and can no longer be restored.`,
  ],
  [
    'VersionMismatchError',
    () => new VersionMismatchError(4),
    'precondition_failed',
    'version_mismatch',
    'The profile changed: its current version is 4.',
  ],
  [
    'VersionMismatchError (gone)',
    () => new VersionMismatchError(null),
    'precondition_failed',
    'version_mismatch',
    'The profile changed: it no longer exists.',
  ],
  [
    'ForbiddenError',
    () => new ForbiddenError('Only the owner or an admin may change this profile.'),
    'forbidden',
    'forbidden',
    'Only the owner or an admin may change this profile.',
  ],
  [
    'DependencyUnavailableError',
    () => new DependencyUnavailableError('database', 2),
    'unavailable',
    'dependency_unavailable',
    'database is unavailable.',
  ],
])('when a %s is raised, then its kind, code and message are the contract', (name, make, kind, code, message) => {
  const error = make();
  expect({ name: error.name, kind: error.kind, code: error.code, message: error.message }).toEqual({
    name: name.split(' ')[0],
    kind,
    code,
    message,
  });
});

test('when a dependency is unavailable, then the error says how long to wait and keeps its cause', () => {
  const cause = new Error('ECONNREFUSED');
  const error = new DependencyUnavailableError('cache', 3, { cause });
  expect({ retryAfter: error.retryAfterSeconds, dependency: error.dependency, cause: error.cause }).toEqual({
    retryAfter: 3,
    dependency: 'cache',
    cause,
  });
  expect(new DependencyUnavailableError('queue', 1).cause).toBeUndefined();
});
