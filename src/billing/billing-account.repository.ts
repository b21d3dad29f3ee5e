import { Injectable } from '@nestjs/common';
import { Queryable } from '../database/database.service';
import { isUuid } from '../tmf/resource/document.repository';

/** Where a billing account would be served (TMF666 Account Management), for referenceError. */
export const billingAccountHref = (publicBaseUrl: string, id: string) =>
  `${publicBaseUrl}/tmf-api/accountManagement/v4/billingAccount/${encodeURIComponent(id)}`;

@Injectable()
export class BillingAccountRepository {
  /** Ids of the given accounts with their owner (absent ids are not returned). */
  async owners(client: Queryable, ids: string[]): Promise<Map<string, string>> {
    // ids that are not UUIDs name no account; filtering them keeps the lookup on the primary key
    const uuids = ids.filter(isUuid);
    if (!uuids.length) return new Map();
    const { rows } = await client.query<{ id: string; customer_id: string }>(`SELECT id, customer_id FROM billing_account WHERE id = ANY($1::uuid[])`, [uuids]);
    const byId = new Map(rows.map((r) => [r.id, r.customer_id]));
    // keyed as the caller wrote the id (a UUID in capitals is the same account)
    return new Map(ids.filter((id) => byId.has(id.toLowerCase())).map((id) => [id, byId.get(id.toLowerCase()) as string]));
  }

  /** The currency each of the given accounts bills in (absent ids are not returned). */
  async currencies(client: Queryable, ids: string[]): Promise<Map<string, string>> {
    const uuids = ids.filter(isUuid);
    if (!uuids.length) return new Map();
    const { rows } = await client.query<{ id: string; currency: string }>(`SELECT id, currency FROM billing_account WHERE id = ANY($1::uuid[])`, [uuids]);
    return new Map(rows.map((r) => [r.id, r.currency]));
  }

  /** Locks an account for billing (the billing-account lock); false when it does not exist. */
  async lockForBilling(client: Queryable, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const { rowCount } = await client.query(`SELECT 1 FROM billing_account WHERE id = $1 FOR UPDATE`, [id]);
    return (rowCount ?? 0) > 0;
  }

  /** An account's cycle and how far it has been billed (the end of its latest bill's period, else its creation). */
  async cycle(client: Queryable, id: string): Promise<{ billCycle: string; billDay: number; billedUntil: Date } | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await client.query<{ billCycle: string; billDay: number; billedUntil: Date }>(
      `SELECT a.bill_cycle AS "billCycle", a.bill_day AS "billDay",
              coalesce((SELECT max(c.period_end) FROM customer_bill c WHERE c.billing_account_id = a.id), a.created_at) AS "billedUntil"
         FROM billing_account a WHERE a.id = $1`,
      [id],
    );
    return rows[0];
  }

  async idsOfCustomer(client: Queryable, customerId: string): Promise<string[]> {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM billing_account WHERE customer_id = $1`, [customerId]);
    return rows.map((r) => r.id);
  }

  /** New accounts, taxed at `taxRate` (the configured default) until changed. */
  async insertMany(client: Queryable, accounts: { id: string; customerId: string; name: string }[], taxRate: string): Promise<void> {
    if (!accounts.length) return;
    await client.query(
      `INSERT INTO billing_account (id, customer_id, name, tax_rate) SELECT a.*, $4 FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS a`,
      [accounts.map((a) => a.id), accounts.map((a) => a.customerId), accounts.map((a) => a.name), taxRate],
    );
  }
}
