import { assertMayCreateFor, mayModify, mayReadTask, maySeePrivateMembers } from '../../../src/application/access-policy.js';
import { principal } from '../../../src/application/principal.js';
import { ForbiddenError } from '../../../src/domain/errors.js';
import { aProfile } from '../../support/profile-builder.js';
import { aTask } from '../../support/task-builder.js';

const alice = principal('alice');
const mallory = principal('mallory');
const admin = principal('root-admin', ['admin']);
const alicesProfile = aProfile().withOwner('alice').build();

describe('access policy', () => {
  test.each([
    ['the owner', alice, true],
    ['an admin', admin, true],
    ['another user', mallory, false],
  ])('when %s acts on a profile, then modifying and seeing private members is %s', (_who, who, allowed) => {
    expect(mayModify(who, alicesProfile)).toBe(allowed);
    expect(maySeePrivateMembers(who, alicesProfile)).toBe(allowed);
  });

  test('when a user creates a profile, then only for itself; an admin for anyone', () => {
    expect(() => assertMayCreateFor(alice, 'alice')).not.toThrow();
    expect(() => assertMayCreateFor(alice, 'bob')).toThrow(ForbiddenError);
    expect(() => assertMayCreateFor(admin, 'bob')).not.toThrow();
  });

  test('when a task is read, then only by its requester or an admin', () => {
    const task = aTask({ requestedBy: 'alice' });
    expect([mayReadTask(alice, task), mayReadTask(admin, task), mayReadTask(mallory, task)]).toEqual([true, true, false]);
  });
});
