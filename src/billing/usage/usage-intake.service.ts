import { HttpStatus, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { Database } from '../../database/database.service';
import { ProductInventoryRepository } from '../../quote/product-inventory.repository';
import { BillingAccountRepository } from '../billing-account.repository';
import { TmfException } from '../../tmf/errors';
import { ReadRecord } from './record-streams';
import { parseUsageRecord, UsageRow } from './usage-record';
import { UsageRepository } from './usage.repository';

/** The most records one request may carry. */
export const MAX_RECORDS_PER_REQUEST = 10_000;
/** Records checked and inserted per statement. */
const CHUNK = 1000;

export interface UsageIntakeResult {
  /** Records read. */
  received: number;
  /** Records stored now. */
  accepted: number;
  /** Valid records already stored by an earlier request (same billing account and id): not counted twice. */
  duplicates: number;
  /** Records refused, with their position in the batch (from 0), their id when they have one, and why. */
  rejected: { index: number; id?: string; reason: string }[];
}

/**
 * Usage intake for billing pipelines: every record is checked on its own, then per chunk against the database
 * (the billing account exists and bills in the record's currency; a named product is on that account), and the
 * valid ones are inserted set-based. The whole request is one transaction: a batch over the limit changes nothing.
 */
@Injectable()
export class UsageIntakeService {
  constructor(
    private readonly db: Database,
    private readonly usage: UsageRepository,
    private readonly accounts: BillingAccountRepository,
    private readonly products: ProductInventoryRepository,
  ) {}

  ingest(records: AsyncIterable<ReadRecord>): Promise<UsageIntakeResult> {
    return this.db.transaction(async (client) => {
      const result: UsageIntakeResult = { received: 0, accepted: 0, duplicates: 0, rejected: [] };
      let chunk: { index: number; row: UsageRow }[] = [];
      for await (const read of records) {
        const index = result.received++;
        if (result.received > MAX_RECORDS_PER_REQUEST) {
          throw new TmfException(HttpStatus.PAYLOAD_TOO_LARGE, 'tooManyRecords', 'Payload Too Large', `a request carries at most ${MAX_RECORDS_PER_REQUEST} usage records; nothing was stored`);
        }
        if ('unreadable' in read) {
          result.rejected.push({ index, reason: read.unreadable });
          continue;
        }
        const parsed = parseUsageRecord(read.value);
        if ('reason' in parsed) {
          const id = (read.value as { id?: unknown } | null)?.id;
          result.rejected.push({ index, ...(typeof id === 'string' ? { id } : {}), reason: parsed.reason });
          continue;
        }
        chunk.push({ index, row: parsed.row });
        if (chunk.length >= CHUNK) {
          await this.store(client, chunk, result);
          chunk = [];
        }
      }
      await this.store(client, chunk, result);
      result.rejected.sort((a, b) => a.index - b.index);
      return result;
    });
  }

  private async store(client: PoolClient, chunk: { index: number; row: UsageRow }[], result: UsageIntakeResult): Promise<void> {
    if (!chunk.length) return;
    const currencies = await this.accounts.currencies(client, [...new Set(chunk.map((c) => c.row.billingAccountId))]);
    const productIds = [...new Set(chunk.flatMap((c) => (c.row.productId ? [c.row.productId] : [])))];
    const productAccounts = await this.products.billingAccounts(client, productIds);
    const valid: UsageRow[] = [];
    for (const { index, row } of chunk) {
      const currency = currencies.get(row.billingAccountId);
      let reason: string | undefined;
      if (!currency) reason = `billing account '${row.billingAccountId}' does not exist`;
      else if (currency !== row.currency) reason = `billing account '${row.billingAccountId}' is billed in ${currency}, not ${row.currency}`;
      else if (row.productId && productAccounts.get(row.productId) !== row.billingAccountId) reason = `product '${row.productId}' is not billed on billing account '${row.billingAccountId}'`;
      if (reason) result.rejected.push({ index, id: row.usageId, reason });
      else valid.push(row);
    }
    const inserted = await this.usage.insert(client, valid);
    result.accepted += inserted;
    result.duplicates += valid.length - inserted;
  }
}
