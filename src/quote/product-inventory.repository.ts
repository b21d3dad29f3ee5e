import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Queryable } from '../database/database.service';
import { familyKeySql } from '../segmentation/features/product-families.repository';
import { isUuid } from '../tmf/resource/document.repository';

export interface ActiveProduct {
  id: string;
  customerId: string;
  productOfferingId: string;
  billingAccountId: string;
}

export interface ProductChange {
  quoteItemId: string;
  action: 'add' | 'modify' | 'delete';
  /** The product a modify or delete item names. */
  productId?: string;
  offeringId?: string;
  name?: string;
  quantity: number;
  price: unknown[];
  billingAccountId: string;
}


/**
 * The product family of an offering (SQL, for the offering id expression given by code): the key of its first TMF620
 * category's name — lower case, non-alphanumerics removed, as ProductFamiliesRepository derives families.
 */
const PRODUCT_FAMILY_SQL = (offeringId: string) =>
  `(SELECT nullif(${familyKeySql(`coalesce(cat.name, o.doc -> 'category' -> 0 ->> 'name', '')`)}, '')
      FROM product_offering o LEFT JOIN category cat ON cat.id::text = o.doc -> 'category' -> 0 ->> 'id' WHERE o.id = ${offeringId})`;

/** SQL of the customer product inventory: what accepted quotes created, changed and ended. */
@Injectable()
export class ProductInventoryRepository {
  /** The active products among `ids` (locked: an acceptance must not race another on the same product). */
  async activeProducts(client: Queryable, ids: string[]): Promise<Map<string, ActiveProduct>> {
    const uuids = ids.filter(isUuid);
    if (!uuids.length) return new Map();
    const { rows } = await client.query<ActiveProduct>(
      `SELECT id, customer_id AS "customerId", product_offering_id AS "productOfferingId", billing_account_id AS "billingAccountId"
         FROM customer_product WHERE id = ANY($1::uuid[]) AND status = 'active' FOR UPDATE`,
      [uuids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The billing account of each of the given products (absent ids are not returned). */
  async billingAccounts(client: Queryable, ids: string[]): Promise<Map<string, string>> {
    const uuids = ids.filter(isUuid);
    if (!uuids.length) return new Map();
    const { rows } = await client.query<{ id: string; billing_account_id: string }>(`SELECT id, billing_account_id FROM customer_product WHERE id = ANY($1::uuid[])`, [uuids]);
    return new Map(rows.map((r) => [r.id, r.billing_account_id]));
  }

  async hasActiveProducts(client: Queryable, customerId: string): Promise<boolean> {
    const { rows } = await client.query(`SELECT 1 FROM customer_product WHERE customer_id = $1 AND status = 'active' LIMIT 1`, [customerId]);
    return rows.length > 0;
  }

  /** Applies an accepted quote's items, set-based; a second run changes nothing (unique quote item, status checks). */
  async applyAcceptedQuote(client: Queryable, quoteId: string, customerId: string, startDate: string, changes: ProductChange[]): Promise<void> {
    const adds = changes.filter((c) => c.action === 'add');
    if (adds.length) {
      await client.query(
        `INSERT INTO customer_product (id, customer_id, billing_account_id, product_offering_id, name, status, quantity, price, start_date, quote_id, quote_item_id, family)
         SELECT a.id, $1, a.billing_account_id, a.offering_id, a.name, 'active', a.quantity, a.price, $2, $3, a.item_id, ${PRODUCT_FAMILY_SQL('a.offering_id')}
           FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::int[], $9::jsonb[], $10::text[])
                AS a(id, billing_account_id, offering_id, name, quantity, price, item_id)
         ON CONFLICT (quote_id, quote_item_id) DO NOTHING`,
        [
          customerId,
          startDate,
          quoteId,
          adds.map(() => uuidv7()),
          adds.map((c) => c.billingAccountId),
          adds.map((c) => c.offeringId),
          adds.map((c) => c.name ?? ''),
          adds.map((c) => c.quantity),
          adds.map((c) => JSON.stringify(c.price)),
          adds.map((c) => c.quoteItemId),
        ],
      );
    }
    const modifies = changes.filter((c) => c.action === 'modify');
    if (modifies.length) {
      await client.query(
        `UPDATE customer_product p SET product_offering_id = m.offering_id, quantity = m.quantity, price = m.price, family = ${PRODUCT_FAMILY_SQL('m.offering_id')},
                billing_account_id = m.billing_account_id, updated_at = now()
           FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::jsonb[], $5::uuid[]) AS m(id, offering_id, quantity, price, billing_account_id)
          WHERE p.id = m.id AND p.customer_id = $6 AND p.status = 'active'`,
        [modifies.map((c) => c.productId), modifies.map((c) => c.offeringId), modifies.map((c) => c.quantity), modifies.map((c) => JSON.stringify(c.price)), modifies.map((c) => c.billingAccountId), customerId],
      );
    }
    const deletes = changes.filter((c) => c.action === 'delete').map((c) => c.productId);
    if (deletes.length) {
      await client.query(
        `UPDATE customer_product SET status = 'terminated', end_date = $3, updated_at = now() WHERE id = ANY($1::uuid[]) AND customer_id = $2 AND status = 'active'`,
        [deletes, customerId, startDate],
      );
    }
  }
}
