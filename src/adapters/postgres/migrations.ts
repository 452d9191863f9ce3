// Versioned schema migrations, applied in order under a PostgreSQL advisory lock, so that
// several replicas starting at once apply each migration exactly once. Each migration runs
// in its own transaction together with its record in schema_migrations.
import type { SqlDriver } from './sql.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// Never edit a migration that has shipped; add the next one.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'profiles, tasks, idempotency keys, avatar images',
    sql: `
      CREATE TABLE profiles (
        id            uuid PRIMARY KEY,
        owner_id      text NOT NULL,
        -- Handles are lower-case a-z0-9_; the C collation orders them bytewise, as keyset paging expects.
        handle        text COLLATE "C" NOT NULL,
        email         text NOT NULL,
        display_name  text NOT NULL,
        bio           text NOT NULL DEFAULT '',
        location      text NOT NULL DEFAULT '',
        website       text,
        avatar_status text,
        avatar_version integer,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        deleted_at    timestamptz,
        version       integer NOT NULL CHECK (version >= 1)
      );
      -- Soft-deleted profiles keep their handle, e-mail and owner until purged, so a restore cannot collide.
      CREATE UNIQUE INDEX profiles_handle_key ON profiles (handle);
      CREATE UNIQUE INDEX profiles_email_key ON profiles (lower(email));
      CREATE UNIQUE INDEX profiles_owner_key ON profiles (owner_id);
      CREATE INDEX profiles_live_by_handle ON profiles (handle) WHERE deleted_at IS NULL;

      CREATE TABLE tasks (
        id            uuid PRIMARY KEY,
        type          text NOT NULL,
        payload       jsonb NOT NULL,
        status        text NOT NULL,
        attempts      integer NOT NULL,
        max_attempts  integer NOT NULL,
        run_at        timestamptz NOT NULL,
        last_error    text,
        result        jsonb,
        requested_by  text NOT NULL,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        published_at  timestamptz
      );
      -- The outbox: tasks the relay has yet to publish.
      CREATE INDEX tasks_unpublished ON tasks (run_at) WHERE published_at IS NULL;

      CREATE TABLE idempotency_keys (
        key          text PRIMARY KEY,
        fingerprint  text NOT NULL,
        response     jsonb,
        expires_at   timestamptz NOT NULL
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

      CREATE TABLE avatar_images (
        profile_id    uuid NOT NULL,
        size          integer NOT NULL,
        content_type  text NOT NULL,
        bytes         bytea NOT NULL,
        PRIMARY KEY (profile_id, size)
      );
    `,
  },
  {
    version: 2,
    name: 'task leases, task inputs, avatar versions',
    sql: `
      -- Renditions remember the upload they were made from: a late worker never replaces newer ones.
      ALTER TABLE avatar_images ADD COLUMN version integer NOT NULL DEFAULT 0;
      -- A worker holds a task's attempt under a lease; another may take over once it lapses.
      ALTER TABLE tasks ADD COLUMN lease_token uuid, ADD COLUMN lease_until timestamptz;
      -- What a task works on (an uploaded image, an NDJSON import), written with the task.
      CREATE TABLE task_inputs (
        task_id  uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
        bytes    bytea NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'avatar versions that never repeat; the shown avatar apart from the newest upload',
    sql: `
      -- The newest upload (avatar_version, avatar_status) may be processing or failed while an
      -- older one is shown (avatar_ready_version); avatar_sequence only grows, so no avatar URL
      -- (?v=N) is ever reused for other bytes, even after a removal.
      ALTER TABLE profiles
        ADD COLUMN avatar_ready_version integer,
        ADD COLUMN avatar_task_id uuid,
        ADD COLUMN avatar_sequence integer NOT NULL DEFAULT 0;
      -- Every upload bumped the profile's version, so no avatar version ever issued exceeds it.
      UPDATE profiles SET
        avatar_sequence = GREATEST(COALESCE(avatar_version, 0), version),
        avatar_ready_version = CASE WHEN avatar_status = 'ready' THEN avatar_version END;
      -- Renditions of several uploads live side by side until the newer one is shown.
      ALTER TABLE avatar_images DROP CONSTRAINT avatar_images_pkey;
      ALTER TABLE avatar_images ADD PRIMARY KEY (profile_id, version, size);
    `,
  },
  {
    version: 4,
    name: 'search by handle and display name (pg_trgm, a dictionary of their words)',
    sql: `
      -- pg_trgm is a trusted extension: the database's owner may create it.
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      -- The words of a profile's handle and display name, in lower case: its runs of letters. Digits
      -- part words too ("alice92" is "alice"), or every numbered handle would add a word of its own.
      CREATE FUNCTION profile_words(handle text, display_name text) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN array_remove(regexp_split_to_array(lower(handle || ' ' || display_name), '[^[:alpha:]]+'), '');
      -- Every word any profile ever had. A fuzzy search compares its text with these few words,
      -- not with every profile, then finds the profiles holding the words that came close.
      CREATE TABLE search_words (word text COLLATE "C" PRIMARY KEY);
      CREATE FUNCTION remember_search_words() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        INSERT INTO search_words (word)
          SELECT DISTINCT unnest(profile_words(handle, display_name)) FROM written
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $body$;
      -- Once per statement: a batch of 500 imported profiles adds its words in one INSERT.
      CREATE TRIGGER profiles_words_on_insert AFTER INSERT ON profiles REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION remember_search_words();
      CREATE TRIGGER profiles_words_on_update AFTER UPDATE ON profiles REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION remember_search_words();
      INSERT INTO search_words (word) SELECT DISTINCT unnest(profile_words(handle, display_name)) FROM profiles ON CONFLICT DO NOTHING;
      -- GiST, not GIN: on some 30,000 words the planner scans the table rather than use a GIN
      -- index (19 ms); with GiST it takes the index (2 ms).
      CREATE INDEX search_words_trigrams ON search_words USING gist (word gist_trgm_ops);
      -- The profiles holding a word; and, by trigrams, those whose display name or a word of it starts with a text.
      CREATE INDEX profiles_search_words ON profiles USING gin (profile_words(handle, display_name)) WHERE deleted_at IS NULL;
      CREATE INDEX profiles_search_name ON profiles USING gin (lower(display_name) gin_trgm_ops) WHERE deleted_at IS NULL;
    `,
  },
  {
    version: 5,
    name: 'tasks handed to the queue and not finished, for the relay to find the stranded ones',
    sql: `
      -- Few rows at any time (the finished tasks, nearly all of them, are left out): the relay's
      -- look for tasks the queue lost stays cheap whatever the size of the table.
      CREATE INDEX tasks_handed_unfinished ON tasks (published_at) WHERE published_at IS NOT NULL AND status IN ('queued', 'failed', 'running');
    `,
  },
  {
    version: 6,
    name: 'the trace context of the request that caused a task',
    sql: `
      -- A W3C traceparent (55 characters) or NULL: the worker's spans join the request's trace.
      ALTER TABLE tasks ADD COLUMN trace_context text;
    `,
  },
  {
    version: 7,
    name: 'profile events: the outbox of what other services learn',
    sql: `
      -- seq: the order events were written, which the relay keeps when it publishes them. A row
      -- lives until its event is published: the table holds the backlog alone, never a history.
      CREATE TABLE profile_events (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        profile_id uuid NOT NULL,
        version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        document jsonb
      );
    `,
  },
];

// An arbitrary constant: the key of the advisory lock that serializes migrators.
const MIGRATION_LOCK = 72_031_417;

export interface MigrationReport {
  readonly applied: readonly number[];
  readonly current: number;
}

export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  return driver.session(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await session.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set((await session.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await session.query('BEGIN');
        try {
          await session.runScript(migration.sql);
          await session.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await session.query('COMMIT');
        } catch (error) {
          await session.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.version);
      }
      return { applied, current: Math.max(0, ...done, ...applied) };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

/** Whether every known migration is applied: part of readiness. */
export async function isMigrated(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<boolean> {
  const latest = Math.max(...migrations.map((m) => m.version));
  try {
    const { rows } = await driver.primary.query<{ max: number | null }>('SELECT max(version) AS max FROM schema_migrations');
    return (rows[0]?.max ?? 0) >= latest;
  } catch {
    return false;
  }
}
