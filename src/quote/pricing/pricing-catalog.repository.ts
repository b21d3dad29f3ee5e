import { Injectable } from '@nestjs/common';
import { Queryable } from '../../database/database.service';
import { isUuid, Json } from '../../tmf/resource/document.repository';

/**
 * Loads what pricing needs in one statement: the offerings, the offerings they bundle, their prices, the parts
 * of composite prices and the discounts linked to them, following the catalog's reference graph.
 */
@Injectable()
export class PricingCatalogRepository {
  async load(client: Queryable, offeringIds: string[]): Promise<{ offerings: Map<string, Json>; prices: Map<string, Json> }> {
    const uuids = [...new Set(offeringIds.filter(isUuid).map((id) => id.toLowerCase()))];
    const offerings = new Map<string, Json>();
    const prices = new Map<string, Json>();
    if (!uuids.length) return { offerings, prices };
    const { rows } = await client.query<{ tbl: string; id: string; doc: Json | null }>(
      `WITH RECURSIVE picked(tbl, id) AS (
         SELECT 'product_offering'::text, unnest($1::uuid[])
         UNION
         SELECT r.target_table, r.target_id FROM resource_reference r JOIN picked p ON r.source_table = p.tbl AND r.source_id = p.id
          WHERE r.path IN ('bundledProductOffering', 'productOfferingPrice', 'popRelationship', 'bundledPopRelationship')
       )
       SELECT p.tbl, p.id, coalesce(o.doc, pr.doc) AS doc
         FROM picked p
         LEFT JOIN product_offering o ON p.tbl = 'product_offering' AND o.id = p.id
         LEFT JOIN product_offering_price pr ON p.tbl = 'product_offering_price' AND pr.id = p.id`,
      [uuids],
    );
    for (const r of rows) {
      if (!r.doc) continue;
      (r.tbl === 'product_offering' ? offerings : prices).set(r.id, r.doc);
    }
    return { offerings, prices };
  }
}
