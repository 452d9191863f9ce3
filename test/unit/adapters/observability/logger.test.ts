// What an error looks like in the logs: with the chain of causes behind it.
import { PassThrough } from 'node:stream';
import { createLogger } from '../../../../src/adapters/observability/logger.js';
import { DependencyUnavailableError } from '../../../../src/domain/errors.js';

function logged(write: (log: ReturnType<typeof createLogger>) => void): Record<string, unknown> {
  const stream = new PassThrough();
  const log = createLogger({ name: 'test', level: 'info', stream });
  write(log);
  return JSON.parse(String(stream.read())) as Record<string, unknown>;
}

test("when an error with causes is logged, then the line shows each cause's message and code, not only the outer one", () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), { code: 'ECONNREFUSED' });
  const error = new DependencyUnavailableError('queue', 1, { cause: new Error('publish failed', { cause: refused }) });
  const line = logged((log) => log.warn({ err: error }, 'outbox relay pass failed'));
  expect(line['err']).toMatchObject({
    message: 'queue is unavailable.',
    cause: { message: 'publish failed', cause: { message: 'connect ECONNREFUSED 127.0.0.1:5672', code: 'ECONNREFUSED' } },
  });
});

test('when something that is not an Error is logged as err, then it is shown as it is', () => {
  expect(logged((log) => log.warn({ err: 'a plain reason' }, 'failed'))['err']).toBe('a plain reason');
});
