// The contract every ProfileRepository passes: in memory (unit), PGlite and PostgreSQL (integration).
import { UniquenessConflictError, VersionMismatchError } from '../../src/domain/errors.js';
import type { ProfileRepository } from '../../src/domain/ports/profile-repository.js';
import { aProfile } from '../support/profile-builder.js';

export function profileRepositoryContract(name: string, makeRepository: () => Promise<ProfileRepository>): void {
  describe(`ProfileRepository contract: ${name}`, () => {
    let repo: ProfileRepository;
    beforeEach(async () => {
      repo = await makeRepository();
    });
    const later = new Date('2026-02-01T00:00:00Z');

    test('when a profile is added, then it is found by id with every member intact', async () => {
      const profile = aProfile().withHandle('Stored_One').build().patch({ bio: 'line 1\nline 2', website: 'https://x.example/' }, later);
      await repo.add(profile);
      expect((await repo.findById(profile.id))?.toSnapshot()).toEqual(profile.toSnapshot());
    });

    test('when an id is unknown, then findById gives null', async () => {
      expect(await repo.findById('00000000-0000-4000-8000-ffffffffffff')).toBeNull();
    });

    test.each([
      ['handle', aProfile().withHandle('twin_handle'), aProfile().withHandle('Twin_Handle'), 'handle_taken', '/handle'],
      ['e-mail, in any case', aProfile().withEmail('twin@example.com'), aProfile().withEmail('Twin@Example.COM'), 'email_taken', '/email'],
      ['owner', aProfile().withOwner('twin-owner'), aProfile().withOwner('twin-owner'), 'owner_has_profile', '/ownerId'],
    ])('when a second profile has the same %s, then add fails with a conflict naming it', async (_what, first, second, code, pointer) => {
      await repo.add(first.build());
      const error = await repo.add(second.build()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UniquenessConflictError);
      expect(error).toMatchObject({ code, pointer });
    });

    test('when many new profiles are added at once, then each is stored, every member intact, and reported added', async () => {
      const batch = [
        aProfile().build(),
        aProfile().build().patch({ bio: 'imported', website: 'https://b.example/' }, later),
        aProfile().build(),
      ];
      const outcomes = await repo.addMany(batch);
      expect([...outcomes.entries()].sort()).toEqual(batch.map((p) => [p.id, 'added']).sort());
      expect(await Promise.all(batch.map(async (p) => (await repo.findById(p.id))?.toSnapshot()))).toEqual(
        batch.map((p) => p.toSnapshot()),
      );
    });

    test('when a batch holds a profile whose id is stored already, then it is reported existing and the others are added', async () => {
      const stored = aProfile().build();
      await repo.add(stored);
      const fresh = aProfile().build();
      const outcomes = await repo.addMany([stored, fresh]);
      expect(Object.fromEntries(outcomes)).toEqual({ [stored.id]: 'existing', [fresh.id]: 'added' });
    });

    test('when profiles of a batch collide with each other or with a stored one, then the first of each pair is kept and the others left out', async () => {
      const holder = aProfile().withEmail('held@example.com').build();
      await repo.add(holder);
      const first = aProfile().withHandle('batch_twin').build();
      const second = aProfile().withHandle('batch_twin').build();
      const takenEmail = aProfile().withEmail('HELD@example.com').build();
      const free = aProfile().build();
      const outcomes = await repo.addMany([first, second, takenEmail, free]);
      expect(Object.fromEntries(outcomes)).toEqual({ [first.id]: 'added', [free.id]: 'added' });
      expect([await repo.findById(second.id), await repo.findById(takenEmail.id)]).toEqual([null, null]);
    });

    test('when the batch is empty, then nothing is stored and nothing reported', async () => {
      expect((await repo.addMany([])).size).toBe(0);
    });

    test('when saved at the stored version, then the new version is stored; at a stale one, VersionMismatchError', async () => {
      const profile = aProfile().build();
      await repo.add(profile);
      const v2 = profile.patch({ displayName: 'Second' }, later);
      await repo.save(v2, 1);
      expect((await repo.findById(profile.id))?.version).toBe(2);
      const stale = profile.patch({ displayName: 'Lost update' }, later);
      await expect(repo.save(stale, 1)).rejects.toBeInstanceOf(VersionMismatchError);
      expect((await repo.findById(profile.id))?.displayName.value).toBe('Second');
    });

    test('when a save takes a handle held by another profile, then it conflicts; the old handle is freed by a rename', async () => {
      const first = aProfile().withHandle('first_name').build();
      const second = aProfile().withHandle('second_name').build();
      await repo.add(first);
      await repo.add(second);
      await expect(repo.save(second.patch({ handle: 'first_name' }, later), 1)).rejects.toMatchObject({ code: 'handle_taken' });
      await repo.save(first.patch({ handle: 'renamed' }, later), 1);
      await repo.save(second.patch({ handle: 'first_name' }, later), 1);
      expect((await repo.findById(second.id))?.handle.value).toBe('first_name');
    });

    test('when listing, then live profiles come ordered by handle, filtered by a literal prefix, a keyset page at a time', async () => {
      for (const handle of ['carol', 'a_b1', 'axb1', 'alice', 'bob', 'dave']) await repo.add(aProfile().withHandle(handle).build());
      const deleted = aProfile().withHandle('aaron').build();
      await repo.add(deleted);
      await repo.save(deleted.markDeleted(later), 1);

      const handles = async (q: Parameters<ProfileRepository['list']>[0]) => (await repo.list(q)).map((p) => p.handle.value);
      expect(await handles({ limit: 10 })).toEqual(['a_b1', 'alice', 'axb1', 'bob', 'carol', 'dave']);
      expect(await handles({ limit: 2, afterHandle: 'alice' })).toEqual(['axb1', 'bob']);
      // "_" is a LIKE wildcard in SQL; here it must match only itself.
      expect(await handles({ limit: 10, handlePrefix: 'a_' })).toEqual(['a_b1']);
      expect(await handles({ limit: 10, handlePrefix: 'a', afterHandle: 'a_b1' })).toEqual(['alice', 'axb1']);
    });

    test('when profiles are read by ids, then each stored one comes back, deleted ones included, and unknown ids are left out', async () => {
      const live = aProfile().build();
      const deleted = aProfile().build();
      await repo.add(live);
      await repo.add(deleted);
      await repo.save(deleted.markDeleted(later), 1);
      const unknown = '00000000-0000-4000-8000-ffffffffff01';
      const found = await repo.findByIds([unknown, deleted.id, live.id]);
      expect(found.map((p) => p.toSnapshot()).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        [live.toSnapshot(), deleted.markDeleted(later).toSnapshot()].sort((a, b) => a.id.localeCompare(b.id)),
      );
      expect(await repo.findByIds([])).toEqual([]);
    });

    describe('search', () => {
      const add = async (handle: string, displayName: string) => {
        const profile = aProfile().withHandle(handle).withDisplayName(displayName).build();
        await repo.add(profile);
        return profile;
      };
      const handles = async (text: string, limit = 10) => (await repo.search({ text, limit })).map((hit) => hit.profile.handle.value);

      test('when the text is a handle, then that profile comes first, then handles it begins, then close spellings', async () => {
        await add('alise', 'Someone Else');
        await add('alice_b', 'Another');
        await add('alice', 'Alice Liddell');
        await add('bob', 'Robert');
        expect(await handles('alice')).toEqual(['alice', 'alice_b', 'alise']);
      });

      test('when the text begins a handle, a display name or a later word of one, then those profiles match, in any case', async () => {
        await add('alicia', 'Keys');
        await add('zed', 'Alice Liddell');
        await add('carol', 'Carol Alicante');
        await add('dave', 'Dave');
        expect((await handles('alic')).sort()).toEqual(['alicia', 'carol', 'zed']);
        expect(await handles('liddell')).toEqual(['zed']);
      });

      test('when the text has one typo, then the profile still matches; when nothing is alike, then nothing does', async () => {
        await add('alice', 'Alice Liddell');
        expect(await handles('alise')).toEqual(['alice']);
        expect(await handles('zzqx')).toEqual([]);
      });

      test('when a text of four characters has a typo, then it matches nothing; from five characters, a typo is forgiven', async () => {
        await add('robert', 'Bob');
        expect(await handles('robx')).toEqual([]);
        expect(await handles('robrt')).toEqual(['robert']);
      });

      test('when a display name changes to a new word, then a typo of that word finds the profile', async () => {
        const profile = await add('quinn', 'Quinn');
        await repo.save(profile.patch({ displayName: 'Quinn Zephyrine' }, later), 1);
        expect(await handles('zefyrine')).toEqual(['quinn']);
      });

      test('when a matching profile is deleted, then it is never found', async () => {
        const gone = await add('alice', 'Alice');
        await repo.save(gone.markDeleted(later), 1);
        expect(await handles('alice')).toEqual([]);
      });

      test('when matches score the same, then they come by handle, a keyset page at a time', async () => {
        for (const handle of ['sam_c', 'sam_a', 'sam_b']) await add(handle, 'Sam');
        const [first, ...rest] = await repo.search({ text: 'sam', limit: 1 });
        expect(rest).toEqual([]);
        expect(first!.profile.handle.value).toBe('sam_a');
        const next = await repo.search({ text: 'sam', limit: 5, after: { score: first!.score, handle: 'sam_a' } });
        expect(next.map((hit) => hit.profile.handle.value)).toEqual(['sam_b', 'sam_c']);
        expect(next.map((hit) => hit.score)).toEqual([first!.score, first!.score]);
      });

      test('when a handle holds LIKE wildcards, then the text matches them literally', async () => {
        await add('a_b_x', 'One');
        await add('axbzx', 'Two');
        expect(await handles('a_b')).toEqual(['a_b_x']);
      });
    });

    test('when a profile is removed at its version, then it is gone and its handle, e-mail and owner are free', async () => {
      const profile = aProfile().withHandle('short_lived').withEmail('gone@example.com').withOwner('leaver').build();
      await repo.add(profile);
      expect(await repo.remove(profile.id, profile.version)).toBe(true);
      expect(await repo.findById(profile.id)).toBeNull();
      expect(await repo.remove(profile.id, profile.version)).toBe(false);
      await repo.add(aProfile().withHandle('short_lived').withEmail('gone@example.com').withOwner('leaver').build());
    });

    test('when a profile changed since the version given, then remove leaves it in place', async () => {
      const profile = aProfile().build();
      await repo.add(profile);
      expect(await repo.remove(profile.id, profile.version + 1)).toBe(false);
      expect(await repo.findById(profile.id)).not.toBeNull();
    });
  });
}
