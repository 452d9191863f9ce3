// The port contract suites, run against the SQL adapters on PGlite and on PostgreSQL.
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
import { openSqlFixture, type DriverKind, type SqlFixture } from '../../support/sql-fixture.js';

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

  profileRepositoryContract(kind, () => fresh(() => new SqlProfileRepository(fx.driver.primary, fx.driver.replica)));
  unitOfWorkContract(kind, () =>
    fresh(() => ({ uow: new SqlUnitOfWork(fx.driver), profiles: new SqlProfileRepository(fx.driver.primary), tasks: new SqlTaskStore(fx.driver.primary) })),
  );
  taskStoreContract(kind, () => fresh(() => new SqlTaskStore(fx.driver.primary)));
  idempotencyStoreContract(kind, () =>
    fresh(() => {
      const clock = new ManualClock();
      return { store: new SqlIdempotencyStore(fx.driver.primary, clock), passTime: (ms: number) => Promise.resolve(clock.advance(ms)) };
    }),
  );
  avatarStoreContract(kind, () => fresh(() => new SqlAvatarStore(fx.driver)));
});
