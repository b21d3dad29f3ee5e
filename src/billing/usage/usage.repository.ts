import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Queryable } from '../../database/database.service';
import { UsageRow } from './usage-record';

/** SQL of the usage records: the set-based insert. */
@Injectable()
export class UsageRepository {
  /** Inserts the rows in one statement; returns how many were new (a (account, usage id) already stored is skipped). */
  async insert(client: Queryable, rows: UsageRow[]): Promise<number> {
    if (!rows.length) return 0;
    const col = <K extends keyof UsageRow>(k: K) => rows.map((r) => r[k]);
    const result = await client.query(
      `INSERT INTO usage_record (id, usage_id, billing_account_id, product_id, usage_date, usage_type, quantity, unit, amount, currency, description)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::text[], $7::numeric[], $8::text[], $9::numeric[], $10::text[], $11::text[])
       ON CONFLICT (billing_account_id, usage_id) DO NOTHING`,
      [rows.map(() => uuidv7()), col('usageId'), col('billingAccountId'), col('productId'), col('usageDate'), col('usageType'), col('quantity'), col('unit'), col('amount'), col('currency'), col('description')],
    );
    return result.rowCount ?? 0;
  }
}
