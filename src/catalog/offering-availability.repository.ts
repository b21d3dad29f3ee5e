import { Injectable } from '@nestjs/common';
import { Database, Queryable } from '../database/database.service';
import { isUuid } from '../tmf/resource/document.repository';

/**
 * Which offerings can be sold at an instant: `Launched`, `isSellable` (absent means true, as TMF620 reads it)
 * and inside `validFor`. Quotes price only these; offers on bills recommend only these.
 */
@Injectable()
export class OfferingAvailabilityRepository {
  constructor(private readonly db: Database) {}

  /** Pass the caller's transaction client: a second pool connection per request can exhaust the pool under load. */
  async sellable(ids: string[], at: Date = new Date(), client: Queryable = this.db.pool): Promise<Set<string>> {
    const uuids = ids.filter(isUuid);
    if (!uuids.length) return new Set();
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM product_offering
        WHERE id = ANY($1::uuid[]) AND lifecycle_status = 'Launched'
          AND coalesce(doc->>'isSellable', 'true') = 'true'
          AND coalesce((doc#>>'{validFor,startDateTime}')::timestamptz <= $2, true)
          AND coalesce((doc#>>'{validFor,endDateTime}')::timestamptz > $2, true)`,
      [uuids, at.toISOString()],
    );
    return new Set(rows.map((r) => r.id));
  }
}
