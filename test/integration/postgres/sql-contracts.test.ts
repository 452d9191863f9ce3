// The port contract suites, run against the SQL adapters on PGlite and on PostgreSQL.
import type { StoredResponse } from '../../../src/adapters/dependencies/idempotency-store.js';
import { AmbientTransactions } from '../../../src/adapters/postgres/ambient-transactions.js';
import { SqlAvatarStore } from '../../../src/adapters/postgres/sql-avatar-store.js';
import { SqlIdempotencyStore } from '../../../src/adapters/postgres/sql-idempotency-store.js';
import { SqlProfileRepository } from '../../../src/adapters/postgres/sql-profile-repository.js';
import { SqlTaskStore } from '../../../src/adapters/postgres/sql-task-store.js';
import { SqlUnitOfWork } from '../../../src/adapters/postgres/sql-unit-of-work.js';
import { avatarStoreContract } from '../../contract/avatar-store.contract.js';
import { idempotencyStoreContract } from '../../contract/idempotency-store.contract.js';
import { profileRepositoryContract } from '../../contract/profile-repository.contract.js';
import { taskStoreContract } from '../../contract/task-store.contract.js';
import { unitOfWorkContract } from '../../contract/unit-of-work.contract.js';
import { ManualClock } from '../../support/manual-clock.js';
import { aProfile } from '../../support/profile-builder.js';
import { openSqlFixture, type DriverKind, type SqlFixture } from '../../support/sql-fixture.js';
import { profileRenderer } from '../../../src/adapters/events/event-document.js';
import { eventOutboxContract } from '../../contract/event-outbox.contract.js';

describe.each<DriverKind>(['pglite', 'postgres'])('SQL adapters on %s', (kind) => {
  let fx: SqlFixture;
  beforeAll(async () => {
    fx = await openSqlFixture(kind);
  }, 30_000);
  afterAll(() => fx.close());

  const fresh = async <T>(make: () => T): Promise<T> => {
    await fx.truncate();
    return make();
  };

  profileRepositoryContract(kind, () => fresh(() => new SqlProfileRepository(fx.driver.primary)));
  unitOfWorkContract(kind, () =>
    fresh(() => ({
      uow: new SqlUnitOfWork(fx.driver, profileRenderer({ includePrivate: false })),
      profiles: new SqlProfileRepository(fx.driver.primary),
      tasks: new SqlTaskStore(fx.driver.primary),
    })),
  );
  taskStoreContract(kind, () => fresh(() => new SqlTaskStore(fx.driver.primary)));
  eventOutboxContract(kind, () => fresh(() => new SqlUnitOfWork(fx.driver, profileRenderer({ includePrivate: false }))));
  idempotencyStoreContract(kind, () =>
    fresh(() => {
      const clock = new ManualClock();
      return {
        store: new SqlIdempotencyStore(new AmbientTransactions(fx.driver), clock),
        passTime: (ms: number) => Promise.resolve(clock.advance(ms)),
      };
    }),
  );
  avatarStoreContract(kind, () => fresh(() => new SqlAvatarStore(fx.driver)));

  describe(`idempotency keys on ${kind}: a key is kept exactly when the request's writes are`, () => {
    const created: StoredResponse = { status: 201, headers: {}, body: {} };
    const request = { key: 'create-once', fingerprint: 'fp', ttlMs: 60_000 };
    let ambient: AmbientTransactions;
    let profiles: SqlProfileRepository;
    beforeEach(async () => {
      await fx.truncate();
      ambient = new AmbientTransactions(fx.driver);
      // The repository knows nothing of the key: it writes through the driver, as the service's does.
      profiles = new SqlProfileRepository(ambient.primary);
    });

    test('when the request writes and then fails, then neither its write nor its key is kept, and the retry writes once', async () => {
      const store = new SqlIdempotencyStore(ambient, new ManualClock());
      const profile = aProfile().build();
      const failing = store.handle(request, async () => {
        await profiles.add(profile);
        throw new Error('the answer never reached the client');
      });
      await expect(failing).rejects.toThrow('never reached');
      expect(await profiles.findById(profile.id)).toBeNull();

      expect(await store.handle(request, async () => (await profiles.add(profile), created))).toEqual({ outcome: 'handled' });
      expect(await profiles.findById(profile.id)).not.toBeNull();
      expect(await store.handle(request, () => Promise.reject(new Error('must not run')))).toEqual({
        outcome: 'replay',
        response: created,
      });
    });

    test('when a transaction inside the request fails and is caught, then only its own writes are undone', async () => {
      const store = new SqlIdempotencyStore(ambient, new ManualClock());
      const kept = aProfile().build();
      const undone = aProfile().build();
      await store.handle(request, async () => {
        await profiles.add(kept);
        await ambient
          .transaction(async () => {
            await profiles.add(undone);
            throw new Error('a nested unit of work gave up');
          })
          .catch(() => undefined);
        return created;
      });
      expect(await profiles.findById(kept.id)).not.toBeNull();
      expect(await profiles.findById(undone.id)).toBeNull();
    });
  });
});
