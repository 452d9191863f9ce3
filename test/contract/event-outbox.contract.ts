// The event outbox, as a relay and the units of work of changes use it: events are kept exactly
// when their unit of work commits, taken oldest first, and each published once by relays that
// run at the same time. Every implementation (in memory, PostgreSQL) passes it.
import { profileEvent, purgedEvent } from '../../src/domain/events/profile-event.js';
import type { UnitOfWork } from '../../src/domain/ports/unit-of-work.js';
import { aProfile } from '../support/profile-builder.js';

export function eventOutboxContract(name: string, makeUnitOfWork: () => Promise<UnitOfWork>): void {
  describe(`EventOutbox contract: ${name}`, () => {
    const now = new Date('2026-03-01T00:00:00Z');
    let n = 0;
    const nextId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    let uow: UnitOfWork;
    beforeEach(async () => {
      uow = await makeUnitOfWork();
    });
    const take = (limit = 100) => uow.run(({ events }) => events.takeUnpublished(limit));

    test('when events are added, then a relay takes them oldest first, with the profile as the document events show', async () => {
      const profile = aProfile().withEmail('private@example.com').build();
      const created = profileEvent('profile.created', profile, nextId(), now);
      const purged = purgedEvent(profile.id, 7, nextId(), new Date(now.getTime() + 1000));
      await uow.run(({ events }) => events.add(created));
      await uow.run(({ events }) => events.add(purged));

      const taken = await take();
      expect(taken.map((e) => e.id)).toEqual([created.id, purged.id]);
      expect(taken[0]).toEqual({
        id: created.id,
        type: 'profile.created',
        profileId: profile.id,
        version: 1,
        occurredAt: now,
        document: expect.objectContaining({ id: profile.id, handle: profile.handle.value, version: 1 }),
      });
      expect(taken[0]!.document).not.toHaveProperty('email');
      expect(taken[1]).toMatchObject({ type: 'profile.purged', version: 7, document: null });
    });

    test('when a unit of work fails, then none of its events is kept', async () => {
      await expect(
        uow.run(async ({ events }) => {
          await events.add(profileEvent('profile.created', aProfile().build(), nextId(), now));
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await take()).toEqual([]);
      expect(await uow.run(({ events }) => events.backlog())).toEqual({ count: 0, oldest: null });
    });

    test('when many are added at once, then they keep their order; a limit takes the oldest; published ones are not taken again', async () => {
      const batch = Array.from({ length: 5 }, (_, i) =>
        profileEvent('profile.created', aProfile().build(), nextId(), new Date(now.getTime() + i)),
      );
      await uow.run(({ events }) => events.addMany(batch));
      expect(await uow.run(({ events }) => events.backlog())).toEqual({ count: 5, oldest: now });

      const first = await take(3);
      expect(first.map((e) => e.id)).toEqual(batch.slice(0, 3).map((e) => e.id));
      await uow.run(({ events }) => events.markPublished(first.map((e) => e.id)));
      expect((await take()).map((e) => e.id)).toEqual(batch.slice(3).map((e) => e.id));
    });

    test('when two relays run at once, then each event is published by one of them, in order', async () => {
      const batch = Array.from({ length: 20 }, () => profileEvent('profile.updated', aProfile().build(), nextId(), now));
      await uow.run(({ events }) => events.addMany(batch));
      const published: string[] = [];
      const relay = async () => {
        for (let taken = -1; taken !== 0;) {
          taken = await uow.run(async ({ events }) => {
            const due = await events.takeUnpublished(3);
            // Slow enough for the other relay to try meanwhile.
            await new Promise((resolve) => setTimeout(resolve, 5));
            published.push(...due.map((e) => e.id));
            await events.markPublished(due.map((e) => e.id));
            return due.length;
          });
        }
      };
      await Promise.all([relay(), relay()]);
      // A relay that finds the outbox held takes nothing and stops: the other one carries on.
      expect(published).toEqual(batch.map((e) => e.id));
    });
  });
}
