// Profile events through the use cases: each committed change writes its event in its unit of
// work, and the relay publishes them in order, at least once; a change that fails tells nothing.
import { VersionMismatchError } from '../../../src/domain/errors.js';
import { admin, core, GRACE_MS, user, type Core } from '../../support/core.js';
import { aCreateBody } from '../../support/profile-builder.js';
import { aTask } from '../../support/task-builder.js';

const published = async (c: Core) => {
  while ((await c.relayEvents.execute()) > 0);
  return c.publisher.published;
};

describe('profile events', () => {
  test('when a profile is created, changed twice, deleted and restored, then those five events are published, versions rising', async () => {
    const c = core();
    const owner = user('owner');
    const { profile } = await c.create.execute(owner, aCreateBody({ email: 'owner@example.com' }));
    await c.update.execute(owner, profile.id, { displayName: 'Second' }, 'any');
    await c.update.execute(owner, profile.id, { bio: 'Third' }, 'any');
    await c.remove.execute(owner, profile.id);
    await c.restore.execute(owner, profile.id);

    const events = await published(c);
    expect(events.map((e) => `${e.type}@${e.version}`)).toEqual([
      'profile.created@1',
      'profile.updated@2',
      'profile.updated@3',
      'profile.deleted@4',
      'profile.restored@5',
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
    expect(events.every((e) => e.profileId === profile.id)).toBe(true);
    // The document at each event's version, public members only.
    expect(events[1]!.document).toMatchObject({ id: profile.id, displayName: 'Second', version: 2 });
    expect(events[0]!.document).not.toHaveProperty('email');
  });

  test('when events are off (EVENTS_ENABLED=false), then changes commit as ever and no event is written', async () => {
    const c = core({ eventsEnabled: false });
    const owner = user('owner');
    const { profile } = await c.create.execute(owner, aCreateBody());
    const updated = await c.update.execute(owner, profile.id, { displayName: 'Second' }, 'any');
    expect(updated.profile.version).toBe(2);
    expect(await published(c)).toEqual([]);
    expect(await c.uow.run(({ events }) => events.backlog())).toEqual({ count: 0, oldest: null });
  });

  test('when a change fails (a stale If-Match), or changes nothing, then no event is written', async () => {
    const c = core();
    const owner = user('owner');
    const { profile } = await c.create.execute(owner, aCreateBody());
    await expect(c.update.execute(owner, profile.id, { bio: 'late' }, [7])).rejects.toBeInstanceOf(VersionMismatchError);
    await c.deleteAvatar.execute(owner, profile.id);

    expect((await published(c)).map((e) => e.type)).toEqual(['profile.created']);
  });

  test('when the publisher refuses, then the events wait and go out later, in order, each once', async () => {
    const c = core();
    const owner = user('owner');
    const { profile } = await c.create.execute(owner, aCreateBody());
    c.publisher.refuse = true;
    await c.update.execute(owner, profile.id, { bio: 'during the outage' }, 'any');
    await expect(c.relayEvents.execute()).rejects.toThrow('the broker is away');
    expect(c.publisher.published).toEqual([]);

    c.publisher.refuse = false;
    expect((await published(c)).map((e) => e.version)).toEqual([1, 2]);
  });

  test('when the relay dies after publishing and before marking, then the next pass publishes the same events again, under the same ids', async () => {
    const c = core();
    const owner = user('owner');
    const { profile } = await c.create.execute(owner, aCreateBody());
    await c.update.execute(owner, profile.id, { bio: 'changed' }, 'any');
    c.publisher.dieAfterPublishing = true;
    await expect(c.relayEvents.execute()).rejects.toThrow('the relay died after publishing');
    c.publisher.dieAfterPublishing = false;

    const events = await published(c);
    expect(events.map((e) => `${e.type}@${e.version}`)).toEqual([
      'profile.created@1',
      'profile.updated@2',
      'profile.created@1',
      'profile.updated@2',
    ]);
    expect(events.slice(2).map((e) => e.id)).toEqual(events.slice(0, 2).map((e) => e.id));
  });

  test('when EVENTS_INCLUDE_PRIVATE is set, then the documents carry the e-mail', async () => {
    const c = core({ eventsIncludePrivate: true });
    await c.create.execute(user('owner'), aCreateBody({ email: 'owner@example.com' }));
    expect((await published(c))[0]!.document).toMatchObject({ email: 'owner@example.com' });
  });

  test('when a deleted profile is purged, then profile.purged with its last version and no document; a second delivery tells nothing more', async () => {
    const c = core();
    const owner = user('owner');
    const { profile } = await c.create.execute(owner, aCreateBody());
    await c.remove.execute(owner, profile.id);
    c.clock.advance(GRACE_MS);
    const purge = aTask({
      type: 'profile.purge',
      payload: { profileId: profile.id, version: 2 },
      requestedBy: 'owner',
      now: c.clock.now(),
    });

    await c.purge.run(purge);
    await c.purge.run(purge);

    const events = await published(c);
    expect(events.map((e) => e.type)).toEqual(['profile.created', 'profile.deleted', 'profile.purged']);
    expect(events[2]).toMatchObject({ profileId: profile.id, version: 2, document: null });
  });

  test('when an import runs, then one profile.created per profile it made; a rerun of the same task tells nothing more', async () => {
    const c = core();
    const lines = [1, 2, 3].map((i) => JSON.stringify({ ...aCreateBody(), ownerId: `imported-${i}` }));
    const task = await c.importProfiles.execute(admin('importer'), new TextEncoder().encode([...lines, '{not json'].join('\n')));

    expect((await c.runImport.run(task)).created).toBe(3);
    await c.runImport.run(task);

    const events = await published(c);
    expect(events.map((e) => e.type)).toEqual(Array(3).fill('profile.created'));
    expect(events.map((e) => (e.document as { ownerId: string }).ownerId)).toEqual(['imported-1', 'imported-2', 'imported-3']);
  });
});
