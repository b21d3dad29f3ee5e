import { Injectable } from '@nestjs/common';
import { Database, Queryable } from '../../database/database.service';

export interface Subscription {
  id: string;
  api: string;
  callback: string;
  query: string | null;
  createdAt: Date;
}

@Injectable()
export class HubRepository {
  constructor(private readonly db: Database) {}

  async insert(s: Omit<Subscription, 'createdAt'>): Promise<void> {
    await this.db.query(`INSERT INTO hub_subscription (id, api, callback, query) VALUES ($1, $2, $3, $4)`, [s.id, s.api, s.callback, s.query]);
  }

  async delete(api: string, id: string): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM hub_subscription WHERE api = $1 AND id = $2 RETURNING id`, [api, id]);
    return rows.length > 0;
  }

  async find(id: string): Promise<Subscription | undefined> {
    const rows = await this.db.query<Subscription>(
      `SELECT id, api, callback, query, created_at AS "createdAt" FROM hub_subscription WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async forApis(client: Queryable, apis: string[]): Promise<Subscription[]> {
    const { rows } = await client.query<Subscription>(
      `SELECT id, api, callback, query, created_at AS "createdAt" FROM hub_subscription WHERE api = ANY($1::text[])`,
      [apis],
    );
    return rows;
  }

  /** Creates the pending delivery rows of a relayed batch in one statement. */
  async addDeliveries(client: Queryable, pairs: { outboxId: string; subscriptionId: string }[]): Promise<void> {
    if (!pairs.length) return;
    await client.query(
      `INSERT INTO event_delivery (outbox_id, subscription_id)
       SELECT * FROM unnest($1::bigint[], $2::uuid[]) ON CONFLICT DO NOTHING`,
      [pairs.map((p) => p.outboxId), pairs.map((p) => p.subscriptionId)],
    );
  }

  async recordAttempt(outboxId: string, subscriptionId: string, outcome: { status: 'delivered' | 'failed' | 'pending' | 'cancelled'; code?: number; error?: string }) {
    await this.db.query(
      `UPDATE event_delivery SET attempts = attempts + 1, status = $3, last_status_code = $4, last_error = $5,
              updated_at = now(), delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE delivered_at END
        WHERE outbox_id = $1 AND subscription_id = $2`,
      [outboxId, subscriptionId, outcome.status, outcome.code ?? null, outcome.error?.slice(0, 1000) ?? null],
    );
  }
}
