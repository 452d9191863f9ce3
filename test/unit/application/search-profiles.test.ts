import { MemoryDatabase } from '../../../src/adapters/memory/memory-database.js';
import { MemoryProfileRepository } from '../../../src/adapters/memory/memory-profile-repository.js';
import { principal } from '../../../src/application/principal.js';
import { SearchProfiles } from '../../../src/application/search-profiles.js';
import { SearchText } from '../../../src/domain/profile/search-text.js';
import { aProfile } from '../../support/profile-builder.js';

async function setup(handles: string[]) {
  const repo = new MemoryProfileRepository(new MemoryDatabase());
  const profiles = handles.map((handle) => aProfile().withHandle(handle).withDisplayName('Sam').withOwner(`owner-${handle}`).build());
  for (const profile of profiles) await repo.add(profile);
  return { search: new SearchProfiles(repo), profiles };
}

const text = SearchText.parse('sam');
const handlesOf = (page: { items: readonly { profile: { handle: { value: string } } }[] }) =>
  page.items.map((view) => view.profile.handle.value);

describe('SearchProfiles', () => {
  test('when more matches exist than the page holds, then the page ends at the limit with where to go on; the next page starts after it', async () => {
    const { search } = await setup(['sam_c', 'sam_a', 'sam_b']);
    const first = await search.execute(principal('x'), { text, limit: 2 });
    expect(handlesOf(first)).toEqual(['sam_a', 'sam_b']);
    expect(first.next).toEqual({ score: expect.any(Number), handle: 'sam_b' });
    const second = await search.execute(principal('x'), { text, limit: 2, after: first.next! });
    expect(handlesOf(second)).toEqual(['sam_c']);
    expect(second.next).toBeNull();
  });

  test('when the page holds every match exactly, then there is no next page', async () => {
    const { search } = await setup(['sam_a', 'sam_b']);
    expect((await search.execute(principal('x'), { text, limit: 2 })).next).toBeNull();
  });

  test('when the owner searches, then their own profile is in the full view and the others in the public one', async () => {
    const { search } = await setup(['sam_a', 'sam_b']);
    const page = await search.execute(principal('owner-sam_b'), { text, limit: 5 });
    expect(page.items.map((view) => view.visibility)).toEqual(['public', 'full']);
  });
});
