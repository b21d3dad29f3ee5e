import { badRequest } from '../tmf/errors';
import { Json } from '../tmf/resource/document.repository';

/**
 * The pricing rules a stored price must keep, so quotes and bills can rely on them:
 * - a `discount` (an alteration of the prices that list it in `popRelationship`) gives a `percentage` or a
 *   `price` amount;
 * - a `recurring` price with a period gives both its unit and its length, and a length of at least 1;
 * - amounts are not negative;
 * - a tax rate is a fraction (0.19 for 19 %), so quotes can apply it.
 */
export function checkPriceRules(doc: Json): void {
  const price = doc.price as { value?: number } | undefined;
  if (doc.priceType === 'discount' && doc.percentage === undefined && price?.value === undefined) {
    throw badRequest('invalidBody', `a discount gives a 'percentage' or a 'price' amount`);
  }
  if (price?.value !== undefined && price.value < 0) {
    throw badRequest('invalidBody', `price.value must not be negative (a discount is a price with priceType 'discount')`);
  }
  for (const tax of (doc.tax as { taxRate?: number }[] | undefined) ?? []) {
    if (tax.taxRate !== undefined && (tax.taxRate < 0 || tax.taxRate > 1)) {
      throw badRequest('invalidBody', `tax[].taxRate is a fraction between 0 and 1 (0.19 for 19 %), got ${tax.taxRate}`);
    }
  }
  const type = doc.recurringChargePeriodType;
  const length = doc.recurringChargePeriodLength as number | undefined;
  if (doc.priceType === 'recurring' && (type !== undefined || length !== undefined)) {
    if (type === undefined) throw badRequest('invalidBody', `a recurring price with a recurringChargePeriodLength gives its recurringChargePeriodType too`);
    if (length !== undefined && length < 1) throw badRequest('invalidBody', `recurringChargePeriodLength of a recurring price must be at least 1`);
  }
}
