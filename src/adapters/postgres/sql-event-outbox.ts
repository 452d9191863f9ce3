// Profile events in PostgreSQL: a row per event, numbered as written (seq), deleted once the
// relay has handed it over (the table is the backlog, not a history). One relay at a time takes events, under a transaction-level
// advisory lock: two relays publishing at once could let a profile's events overtake each other.
import type { ProfileEvent, ProfileEventType } from '../../domain/events/profile-event.js';
import type { EventOutbox, PendingEvent } from '../../domain/ports/event-outbox.js';
import { pendingEvent, type ProfileRenderer } from '../events/event-document.js';
import type { SqlExecutor } from './sql.js';

/** An arbitrary constant: the key of the advisory lock the event relay holds while it publishes. */
const EVENT_RELAY_LOCK = 72_031_418;

interface EventRow {
  id: string;
  type: ProfileEventType;
  profile_id: string;
  version: number;
  occurred_at: Date;
  document: Record<string, unknown> | null;
}

export class SqlEventOutbox implements EventOutbox {
  constructor(
    private readonly db: SqlExecutor,
    private readonly render: ProfileRenderer,
  ) {}

  async add(event: ProfileEvent): Promise<void> {
    const pending = pendingEvent(event, this.render);
    await this.db.query(
      'INSERT INTO profile_events (id, type, profile_id, version, occurred_at, document) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        pending.id,
        pending.type,
        pending.profileId,
        pending.version,
        pending.occurredAt,
        pending.document === null ? null : JSON.stringify(pending.document),
      ],
    );
  }

  async addMany(events: readonly ProfileEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pending = events.map((event) => pendingEvent(event, this.render));
    // One statement for the batch; WITH ORDINALITY keeps their order in seq.
    await this.db.query(
      `INSERT INTO profile_events (id, type, profile_id, version, occurred_at, document)
       SELECT id, type, profile_id, version, occurred_at, document
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::timestamptz[], $6::jsonb[])
              WITH ORDINALITY AS e(id, type, profile_id, version, occurred_at, document, n)
        ORDER BY n`,
      [
        pending.map((e) => e.id),
        pending.map((e) => e.type),
        pending.map((e) => e.profileId),
        pending.map((e) => e.version),
        pending.map((e) => e.occurredAt),
        pending.map((e) => (e.document === null ? null : JSON.stringify(e.document))),
      ],
    );
  }

  async takeUnpublished(limit: number): Promise<PendingEvent[]> {
    const { rows: locked } = await this.db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [EVENT_RELAY_LOCK]);
    if (!locked[0]?.locked) return [];
    const { rows } = await this.db.query<EventRow>(
      'SELECT id, type, profile_id, version, occurred_at, document FROM profile_events ORDER BY seq LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      profileId: r.profile_id,
      version: r.version,
      occurredAt: new Date(r.occurred_at),
      document: r.document,
    }));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query('DELETE FROM profile_events WHERE id = ANY($1::uuid[])', [ids]);
  }

  async backlog(): Promise<{ count: number; oldest: Date | null }> {
    const { rows } = await this.db.query<{ count: number; oldest: Date | null }>(
      'SELECT count(*)::int AS count, min(occurred_at) AS oldest FROM profile_events',
    );
    return { count: rows[0]?.count ?? 0, oldest: rows[0]?.oldest ? new Date(rows[0].oldest) : null };
  }
}
