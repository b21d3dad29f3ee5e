import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Database, Queryable } from '../../database/database.service';

export const OUTBOX_CHANNEL = 'bss_outbox';

export interface TmfEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  [key: string]: unknown;
}

export interface PendingEvent {
  id: string;
  api: string;
  payload: TmfEvent;
  createdAt: Date;
}

@Injectable()
export class OutboxRepository {
  constructor(private readonly db: Database) {}

  /** Records an event inside the caller's transaction; NOTIFY wakes the relay when that transaction commits. */
  async add(client: Queryable, api: string, resourceId: string, event: TmfEvent): Promise<void> {
    await client.query(
      `INSERT INTO outbox_event (event_id, api, event_type, resource_id, payload) VALUES ($1, $2, $3, $4, $5);`,
      [event.eventId, api, event.eventType, resourceId, event],
    );
    await client.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }

  /** Records many events in one statement (e.g. an import), inside the caller's transaction. */
  async addMany(client: Queryable, api: string, events: { resourceId: string; event: TmfEvent }[]): Promise<void> {
    if (!events.length) return;
    await client.query(
      `INSERT INTO outbox_event (event_id, api, event_type, resource_id, payload)
       SELECT e.event_id, $1, e.event_type, e.resource_id, e.payload FROM unnest($2::uuid[], $3::text[], $4::text[], $5::jsonb[]) AS e(event_id, event_type, resource_id, payload)`,
      [api, events.map((e) => e.event.eventId), events.map((e) => e.event.eventType), events.map((e) => e.resourceId), events.map((e) => JSON.stringify(e.event))],
    );
    await client.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }

  /** Claims up to `limit` unrelayed events; other relays skip them until this transaction ends. */
  async claimBatch(client: Queryable, limit: number): Promise<PendingEvent[]> {
    const { rows } = await client.query<PendingEvent>(
      `SELECT id, api, payload, created_at AS "createdAt" FROM outbox_event
        WHERE relayed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows;
  }

  async markRelayed(client: Queryable, ids: string[]): Promise<void> {
    await client.query(`UPDATE outbox_event SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async payload(outboxId: string): Promise<TmfEvent | undefined> {
    const rows = await this.db.query<{ payload: TmfEvent }>(`SELECT payload FROM outbox_event WHERE id = $1`, [outboxId]);
    return rows[0]?.payload;
  }
}

export function newEvent(eventType: string, body: Record<string, unknown>): TmfEvent {
  return { eventId: uuidv7(), eventTime: new Date().toISOString(), eventType, ...body };
}
