import { badRequest } from '../tmf/errors';
import { Json } from '../tmf/resource/document.repository';

export const ITEM_ACTIONS = ['add', 'modify', 'delete', 'noChange'];

/** Every quote item, nested ones (`quoteItem.quoteItem`) included, with where it sits for error messages. */
export function flattenItems(items: unknown, at = 'quoteItem'): { item: Json; at: string }[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: Json, i) => [{ item, at: `${at}[${i}]` }, ...flattenItems(item.quoteItem, `${at}[${i}].quoteItem`)]);
}

/**
 * Checks what the schema cannot: every item has an action, and ids are unique. Items without an id are numbered
 * after the highest numeric id present ("1", "2", …), as TMF examples do.
 */
export function checkItems(items: { item: Json; at: string }[]): void {
  const seen = new Set<string>();
  let next = Math.max(0, ...items.map(({ item }) => Number(item.id)).filter((n) => Number.isSafeInteger(n) && n < 1e9)) + 1;
  for (const { item, at } of items) {
    if (item.action === undefined) throw badRequest('invalidBody', `${at}.action is required (one of ${ITEM_ACTIONS.join(', ')})`);
    if (item.id === undefined) item.id = String(next++);
    if (seen.has(String(item.id))) throw badRequest('invalidBody', `${at}.id '${String(item.id)}' is used by another quote item`);
    seen.add(String(item.id));
  }
}

/** The id of the quote's customer: the related party with role `customer` (any case). */
export function customerIdOf(doc: Json): string {
  const parties = (doc.relatedParty as { id?: string; role?: string }[] | undefined) ?? [];
  const customer = parties.find((p) => p.role?.toLowerCase() === 'customer');
  if (!customer?.id) throw badRequest('invalidBody', `relatedParty must name the customer: a party with role 'customer' and the id of a TMF629 customer`);
  return customer.id;
}
