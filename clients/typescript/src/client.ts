// The profile service's client: one typed method per operation, over openapi-fetch and the types
// generated from the service's OpenAPI document. What it adds: failures as ProblemError, ETags
// kept for the caller, an Idempotency-Key on every create, retries of 429 and 503 that honour
// Retry-After (for what may be sent twice), and waiting for a task to settle.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/schema.js';
import { ProblemError } from './problem.js';
import { DEFAULT_RETRY, retryingFetch, type RetryOptions } from './retry.js';
import type { CreateProfile, Health, Profile, ProfileBatch, ProfilePage, ProfilePatch, Task, Versioned } from './types.js';

export interface ProfileClientOptions {
  /** Where the service is, e.g. `https://profiles.example.com`. */
  readonly baseUrl: string;
  /** The bearer token, or a function that gives the current one (asked before each request). */
  readonly token?: string | (() => string | Promise<string>);
  /** Retries of 429 and 503 (see RetryOptions); `false` for none. */
  readonly retry?: Partial<RetryOptions> | false;
  /** The fetch to send requests with (defaults to the global one). */
  readonly fetch?: (request: Request) => Promise<Response>;
}

export interface ListQuery {
  readonly limit?: number;
  readonly cursor?: string;
  readonly handlePrefix?: string;
}

export interface SearchQuery {
  readonly limit?: number;
  readonly cursor?: string;
}

export interface WaitOptions {
  /** How long to wait in all (default 30 s); then a TaskTimeoutError. */
  readonly timeoutMs?: number;
  /** The pause between two looks at the task (default 250 ms). */
  readonly intervalMs?: number;
}

/** A task still unsettled when the wait ended; `task` is how it was last seen. */
export class TaskTimeoutError extends Error {
  constructor(
    readonly task: Task,
    timeoutMs: number,
  ) {
    super(`task ${task.id} was still ${task.status} after ${timeoutMs} ms`);
    this.name = 'TaskTimeoutError';
  }
}

const SETTLED: ReadonlySet<Task['status']> = new Set(['succeeded', 'dead']);

/** What openapi-fetch answers; `data` is there when the status was a success. */
interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The document of a successful answer; a ProblemError for any other. */
function documentOf<T>({ data, error, response }: Answer<T>): T {
  if (!response.ok) throw ProblemError.of(response, error);
  return data as T;
}

function versioned<T>(answer: Answer<T>): Versioned<T> {
  const value = documentOf(answer);
  return { value, etag: answer.response.headers.get('ETag') ?? '' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const asIs = <T>(body: T) => body;

export class ProfileClient {
  private readonly http: Client<paths>;

  constructor(options: ProfileClientOptions) {
    const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    const retry = options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...options.retry };
    this.http = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: retryingFetch(send, retry) });
    const { token } = options;
    if (token !== undefined) {
      this.http.use({
        async onRequest({ request }) {
          request.headers.set('Authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
          return request;
        },
      });
    }
  }

  /**
   * Creates a profile, under an Idempotency-Key (a fresh one unless given): sent again with the
   * same key, after a lost answer or a 503, it creates nothing more and answers the same.
   */
  async createProfile(body: CreateProfile, options: { idempotencyKey?: string } = {}): Promise<Versioned<Profile>> {
    const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID();
    return versioned(await this.http.POST('/v1/profiles', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
  }

  async getProfile(id: string): Promise<Versioned<Profile>> {
    return versioned(await this.http.GET('/v1/profiles/{id}', { params: { path: { id } } }));
  }

  /** Live profiles ordered by handle, a page at a time (`cursor`: the previous page's nextCursor). */
  async listProfiles(query: ListQuery = {}): Promise<ProfilePage> {
    return documentOf(await this.http.GET('/v1/profiles', { params: { query } })) as ProfilePage;
  }

  /** Live profiles whose handle or display name matches `text`, best first. */
  async searchProfiles(text: string, query: SearchQuery = {}): Promise<ProfilePage> {
    return documentOf(await this.http.GET('/v1/profiles', { params: { query: { ...query, q: text } } })) as ProfilePage;
  }

  /** Up to 100 profiles in one request: `items` in the order asked, `missing` the ids with none. */
  async getProfiles(ids: readonly string[]): Promise<ProfileBatch> {
    return documentOf(await this.http.GET('/v1/profiles', { params: { query: { ids: ids.join(',') } } })) as ProfileBatch;
  }

  /** Applies a JSON Merge Patch to the version `ifMatch` names (an ETag, or `*` for any); 412 when another change came first. */
  async updateProfile(id: string, patch: ProfilePatch, options: { ifMatch: string }): Promise<Versioned<Profile>> {
    return versioned(
      await this.http.PATCH('/v1/profiles/{id}', {
        params: { path: { id }, header: { 'If-Match': options.ifMatch } },
        body: patch,
        headers: { 'Content-Type': 'application/merge-patch+json' },
      }),
    );
  }

  /**
   * Reads the profile, patches it with what `change` makes of it, and when another change came
   * in between (412) does it once more on the newer version.
   */
  async modifyProfile(id: string, change: (current: Profile) => ProfilePatch | Promise<ProfilePatch>): Promise<Versioned<Profile>> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.getProfile(id);
      try {
        return await this.updateProfile(id, await change(current.value), { ifMatch: current.etag });
      } catch (error) {
        if (!(error instanceof ProblemError && error.status === 412) || attempt === 2) throw error;
      }
    }
  }

  /** Soft-deletes a profile; with `ifMatch`, only the version it names. */
  async deleteProfile(id: string, options: { ifMatch?: string } = {}): Promise<void> {
    const header = options.ifMatch === undefined ? {} : { 'If-Match': options.ifMatch };
    documentOf(await this.http.DELETE('/v1/profiles/{id}', { params: { path: { id }, header } }));
  }

  async restoreProfile(id: string): Promise<Versioned<Profile>> {
    return versioned(await this.http.POST('/v1/profiles/{id}/restore', { params: { path: { id } } }));
  }

  /** Uploads an avatar (JPEG, PNG or WebP); answers the task that renders it (see waitForTask). */
  async uploadAvatar(
    id: string,
    image: Blob | Uint8Array,
    contentType = image instanceof Blob && image.type !== '' ? image.type : 'application/octet-stream',
  ): Promise<Task> {
    return documentOf(
      await this.http.PUT('/v1/profiles/{id}/avatar', {
        params: { path: { id } },
        // Sent as the raw body; the service tells the format by its bytes.
        body: image as unknown as string,
        bodySerializer: asIs,
        headers: { 'Content-Type': contentType },
      }),
    );
  }

  /** The avatar shown, as WebP: `size` 64, 256 (the default) or 512; `version` the `v` of the profile's avatar URL. */
  async getAvatar(
    id: string,
    options: { size?: 64 | 256 | 512; version?: number } = {},
  ): Promise<{ readonly bytes: Uint8Array; readonly contentType: string; readonly etag: string }> {
    const query = { ...(options.size ? { size: options.size } : {}), ...(options.version !== undefined ? { v: options.version } : {}) };
    const answer = await this.http.GET('/v1/profiles/{id}/avatar', { params: { path: { id }, query }, parseAs: 'arrayBuffer' });
    const bytes = documentOf(answer);
    return {
      bytes: new Uint8Array(bytes),
      contentType: answer.response.headers.get('Content-Type') ?? '',
      etag: answer.response.headers.get('ETag') ?? '',
    };
  }

  async deleteAvatar(id: string): Promise<void> {
    documentOf(await this.http.DELETE('/v1/profiles/{id}/avatar', { params: { path: { id } } }));
  }

  /** Starts a bulk import (admins): one create body with ownerId per line. Answers the task. */
  async importProfiles(ndjson: string | Blob): Promise<Task> {
    return documentOf(
      await this.http.POST('/v1/profiles/import', {
        body: ndjson as string,
        bodySerializer: asIs,
        headers: { 'Content-Type': 'application/x-ndjson' },
      }),
    );
  }

  async getTask(id: string): Promise<Task> {
    return documentOf(await this.http.GET('/v1/tasks/{id}', { params: { path: { id } } }));
  }

  /** Gives a dead task a fresh set of attempts (admins). */
  async retryTask(id: string): Promise<Task> {
    return documentOf(await this.http.POST('/v1/tasks/{id}/retry', { params: { path: { id } } }));
  }

  /** The service's health (no token needed): the Health document, whether it is ready (200) or not (503). */
  async health(): Promise<Health> {
    const { data, error } = await this.http.GET('/health');
    return data ?? error;
  }

  /** Looks at the task until it succeeded or is dead, and answers it as it settled. */
  async waitForTask(id: string, options: WaitOptions = {}): Promise<Task> {
    const { timeoutMs = 30_000, intervalMs = 250 } = options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await this.getTask(id);
      if (SETTLED.has(task.status)) return task;
      if (Date.now() + intervalMs > deadline) throw new TaskTimeoutError(task, timeoutMs);
      await sleep(intervalMs);
    }
  }
}

export function createProfileClient(options: ProfileClientOptions): ProfileClient {
  return new ProfileClient(options);
}
