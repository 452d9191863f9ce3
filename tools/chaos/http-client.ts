// The drills' HTTP client: keep-alive connections as a load balancer holds them, each answer
// read whole; and the shipped client's retry policy (clients/typescript) on top of it, for the
// drills whose load behaves as that client's users do.
import { Agent, request } from 'node:http';
import { retryingFetch, type RetryOptions } from '../../clients/typescript/src/retry.js';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One keep-alive HTTP client: `connections` sockets at most per instance, as a load balancer holds them. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(connections: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  send(
    url: string,
    method: string,
    options: { headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number } = {},
  ): Promise<Reply> {
    const target = new URL(url);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method,
          agent: this.agent,
          headers: {
            ...options.headers,
            ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
          },
          timeout: options.timeoutMs ?? 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in time'), { code: 'TIMEOUT' })));
      req.on('error', reject);
      req.end(options.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** How a request failed without an answer, in one word for the report. */
export function failureOf(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return 'reset';
  if (code === 'TIMEOUT') return 'timeout';
  return code || 'error';
}

export interface SendOptions {
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  readonly timeoutMs?: number;
}

export type Send = (url: string, method: string, options?: SendOptions) => Promise<Reply>;

/**
 * `send` with the shipped client's retries: 429 and 503 sent again as Retry-After says, for
 * idempotent methods and requests with an Idempotency-Key only (retry.ts of the client).
 */
export function withClientRetries(send: Send, policy: RetryOptions): Send {
  const fetchLike = retryingFetch(async (req) => {
    const body = req.body === null ? undefined : Buffer.from(await req.arrayBuffer());
    const reply = await send(req.url, req.method, { headers: Object.fromEntries(req.headers), ...(body !== undefined ? { body } : {}) });
    const headers = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) if (typeof value === 'string') headers.set(name, value);
    // A Response takes no body for these statuses.
    return new Response([204, 304].includes(reply.status) ? null : reply.body, { status: reply.status, headers });
  }, policy);
  return async (url, method, options = {}) => {
    const response = await fetchLike(
      new Request(url, { method, headers: options.headers ?? {}, ...(options.body !== undefined ? { body: options.body } : {}) }),
    );
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers, body: await response.text() };
  };
}
