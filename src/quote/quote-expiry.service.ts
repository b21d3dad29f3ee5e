import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database.service';
import { newEvent, OutboxRepository } from '../tmf/hub/outbox.repository';
import { Json } from '../tmf/resource/document.repository';
import { eventType } from '../tmf/resource/resource-definition';
import { OPEN_QUOTE_STATES, QUOTE } from './quote.resource';
import { QuoteService } from './quote.service';

/** Quotes cancelled per transaction. */
const EXPIRY_BATCH = 1000;

/**
 * Cancels open quotes past their `validFor.endDateTime` (set-based, a batch per transaction), with a note that
 * says why, a new version, the completion date, and a QuoteStateChangeEvent each. Run every minute by a BullMQ
 * job scheduler; SKIP LOCKED lets two workers share the work, and a quote cancelled once is no longer open.
 */
@Injectable()
export class QuoteExpiryService {
  private readonly logger = new Logger(QuoteExpiryService.name);

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly quotes: QuoteService,
  ) {}

  async expireDue(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.db.transaction(async (client) => {
        const at = now.toISOString();
        const { rows } = await client.query<{ id: string; doc: Json }>(
          `UPDATE quote q SET state = 'cancelled', updated_at = now(),
                  doc = q.doc || jsonb_build_object(
                    'state', 'cancelled',
                    'effectiveQuoteCompletionDate', $1::text,
                    'version', CASE WHEN q.doc->>'version' ~ '^[0-9]{1,9}$' THEN ((q.doc->>'version')::int + 1)::text ELSE q.doc->>'version' END,
                    'note', coalesce(q.doc->'note', '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
                      'id', 'expiry', 'author', 'system', 'date', $1::text, '@type', 'Note',
                      'text', 'Cancelled: the quote expired at ' || (q.doc #>> '{validFor,endDateTime}') || ' without being accepted.')))
            WHERE q.id IN (SELECT id FROM quote WHERE state = ANY($2::text[]) AND valid_until <= $3::timestamptz
                            ORDER BY valid_until LIMIT ${EXPIRY_BATCH} FOR UPDATE SKIP LOCKED)
            RETURNING q.id, q.doc`,
          // the instant twice: as the text written into the document ($1) and as the timestamptz compared ($3)
          [at, OPEN_QUOTE_STATES, at],
        );
        await this.outbox.addMany(
          client,
          QUOTE.api,
          rows.map((r) => ({ resourceId: r.id, event: newEvent(eventType(QUOTE, 'StateChange'), { event: { quote: this.quotes.toResource(r) } }) })),
        );
        return rows.length;
      });
      total += expired;
      if (expired < EXPIRY_BATCH) break;
    }
    if (total) this.logger.log(`cancelled ${total} expired quotes`);
    return total;
  }
}
