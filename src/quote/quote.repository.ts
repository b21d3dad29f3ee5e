import { Injectable } from '@nestjs/common';
import { Queryable } from '../database/database.service';
import { StoredDocument } from '../tmf/resource/document.repository';
import { OPEN_QUOTE_STATES } from './quote.resource';

/** Quote SQL beyond the toolkit's document repository. */
@Injectable()
export class QuoteRepository {
  /**
   * Cancels up to `limit` open quotes whose validFor ended by `now`, in one statement: state, completion date, a
   * new version and a note saying why. SKIP LOCKED lets two workers share the work.
   */
  async cancelExpired(client: Queryable, now: Date, limit: number): Promise<StoredDocument[]> {
    const at = now.toISOString();
    const { rows } = await client.query<StoredDocument>(
      `UPDATE quote q SET state = 'cancelled', updated_at = now(),
              doc = q.doc || jsonb_build_object(
                'state', 'cancelled',
                'effectiveQuoteCompletionDate', $1::text,
                'version', CASE WHEN q.doc->>'version' ~ '^[0-9]{1,9}$' THEN ((q.doc->>'version')::int + 1)::text ELSE q.doc->>'version' END,
                'note', coalesce(q.doc->'note', '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
                  'id', 'expiry', 'author', 'system', 'date', $1::text, '@type', 'Note',
                  'text', 'Cancelled: the quote expired at ' || (q.doc #>> '{validFor,endDateTime}') || ' without being accepted.')))
        WHERE q.id IN (SELECT id FROM quote WHERE state = ANY($2::text[]) AND valid_until <= $3::timestamptz
                        ORDER BY valid_until LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING q.id, q.doc`,
      // the instant twice: as the text written into the document ($1) and as the timestamptz compared ($3)
      [at, OPEN_QUOTE_STATES, at, limit],
    );
    return rows;
  }
}
