import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database.service';
import { newEvent, OutboxRepository } from '../tmf/hub/outbox.repository';
import { eventType } from '../tmf/resource/resource-definition';
import { QUOTE } from './quote.resource';
import { QuoteRepository } from './quote.repository';
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
    private readonly repository: QuoteRepository,
  ) {}

  async expireDue(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.db.transaction(async (client) => {
        const rows = await this.repository.cancelExpired(client, now, EXPIRY_BATCH);
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
