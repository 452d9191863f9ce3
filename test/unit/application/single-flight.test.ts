import { SingleFlight } from '../../../src/application/single-flight.js';

describe('SingleFlight, many keys', () => {
  test('when keys are already in flight, then they join those calls and only the others go to the new work', async () => {
    const flight = new SingleFlight<string>();
    let release!: (value: string) => void;
    const pending = flight.run('a', () => new Promise((resolve) => (release = resolve)));
    const asked: string[][] = [];
    const results = flight.runMany(['a', 'b', 'c'], (keys) => {
      asked.push([...keys]);
      return Promise.resolve(new Map(keys.map((key) => [key, `${key}!`])));
    });
    release('a from run');
    expect(asked).toEqual([['b', 'c']]);
    expect(await Promise.all([pending, ...results.values()])).toEqual(['a from run', 'a from run', 'b!', 'c!']);
  });

  test('when the work answers for fewer keys than it was given, then the keys it left out fail, naming themselves', async () => {
    const flight = new SingleFlight<string>();
    const results = flight.runMany(['a', 'b'], () => Promise.resolve(new Map([['a', 'a!']])));
    await expect(results.get('a')).resolves.toBe('a!');
    await expect(results.get('b')).rejects.toThrow('the work answered for no b');
  });
});
