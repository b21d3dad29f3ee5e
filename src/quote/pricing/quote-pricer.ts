import Decimal from 'decimal.js';
import { badRequest } from '../../tmf/errors';
import { decimal, roundMoney, toMoney } from '../../tmf/money';
import { Json } from '../../tmf/resource/document.repository';
import { AlterationDef, ChargeDef, chargesOf, PricingCatalog } from './charges';

/** What one quote item is priced from. */
export interface PricedItemInput {
  offeringId: string;
  quantity: number;
}

const ZERO = new Decimal(0);

/**
 * The TMF648 QuotePrice list of one item: one price per charge, for the item's whole quantity. A charge's
 * `price` is what is charged from the start, after the discounts that apply (each listed in `priceAlteration`
 * with its own amount and `applicationDuration` in charge periods). Usage prices are rates per unit of usage and
 * are not multiplied by the quantity. Amounts are exact decimals, rounded once to the currency's minor unit.
 */
export function priceItem(input: PricedItemInput, catalog: PricingCatalog, defaultTaxRate: Decimal): { prices: Json[]; currency?: string } {
  const charges = chargesOf(input.offeringId.toLowerCase(), catalog, defaultTaxRate);
  const currencies = new Set(charges.map((c) => c.currency));
  if (currencies.size > 1) throw badRequest('currencyMismatch', `the prices of offering '${input.offeringId}' are in several currencies (${[...currencies].join(', ')})`);
  return { prices: charges.map((c) => quotePrice(c, decimal(input.quantity))), currency: [...currencies][0] };
}

function quotePrice(charge: ChargeDef, quantity: Decimal): Json {
  // a usage price is a rate per unit of usage: neither the quantity nor a bundle's count multiplies it
  const count = charge.priceType === 'usage' ? new Decimal(1) : charge.multiplier.times(quantity);
  const base = roundMoney(charge.unitDutyFree.times(count), charge.currency);
  const alterations = charge.alterations.map((a) => alteration(a, base, count, charge));
  // the rounded discounts come off the rounded base, so the amounts shown add up
  const discount = Decimal.min(base, alterations.reduce((sum, a) => sum.plus(a.amount), ZERO));
  const dutyFree = base.minus(discount);
  const price: Json = {
    name: charge.name,
    priceType: charge.priceType,
    recurringChargePeriod: charge.recurringChargePeriod,
    unitOfMeasure: charge.unitOfMeasure,
    price: {
      taxRate: charge.taxRate.toNumber(),
      dutyFreeAmount: toMoney(dutyFree, charge.currency),
      taxIncludedAmount: toMoney(dutyFree.times(charge.taxRate.plus(1)), charge.currency),
      '@type': 'Price',
    },
    productOfferingPrice: charge.pop,
    '@type': 'QuotePrice',
  };
  if (alterations.length) price.priceAlteration = alterations.map((a) => a.json);
  if (!count.equals(1) && charge.priceType !== 'usage') price.description = `${count.toString()} × ${toMoney(charge.unitDutyFree, charge.currency).value} ${charge.currency}`;
  return JSON.parse(JSON.stringify(price)) as Json; // drops the undefined attributes
}

function alteration(a: AlterationDef, base: Decimal, count: Decimal, charge: ChargeDef): { amount: Decimal; json: Json } {
  const amount = roundMoney(Decimal.min(base, a.percentage !== undefined ? base.times(a.percentage).dividedBy(100) : (a.amount ?? ZERO).times(count)), charge.currency);
  const price: Json = {
    dutyFreeAmount: toMoney(amount, charge.currency),
    taxIncludedAmount: toMoney(amount.times(charge.taxRate.plus(1)), charge.currency),
    taxRate: charge.taxRate.toNumber(),
    '@type': 'Price',
  };
  if (a.percentage !== undefined) price.percentage = a.percentage.toNumber();
  return {
    amount,
    json: {
      name: a.name,
      priceType: 'discount',
      recurringChargePeriod: charge.recurringChargePeriod,
      applicationDuration: a.applicationDuration,
      priority: a.priority,
      price,
      productOfferingPrice: a.pop,
      '@type': 'PriceAlteration',
    },
  };
}

/**
 * quoteTotalPrice: the items' prices summed by price type and charge period (a monthly total and a one-time
 * total are different things), usage rates also by unit of measure, in the quote's one currency.
 */
export function totalPrices(itemPrices: Json[]): Json[] {
  const groups = new Map<string, { first: Json; dutyFree: Decimal; taxIncluded: Decimal; currency: string }>();
  for (const p of itemPrices) {
    const price = p.price as { dutyFreeAmount: { unit: string; value: number }; taxIncludedAmount: { value: number } };
    // a usage rate is per unit of usage; other prices are totals however their unit is counted
    const unit = p.priceType === 'usage' ? p.unitOfMeasure : undefined;
    const key = [p.priceType, p.recurringChargePeriod ?? '', unit ?? ''].join('|');
    const group = groups.get(key) ?? { first: { ...p, unitOfMeasure: unit }, dutyFree: ZERO, taxIncluded: ZERO, currency: price.dutyFreeAmount.unit };
    group.dutyFree = group.dutyFree.plus(decimal(price.dutyFreeAmount.value));
    group.taxIncluded = group.taxIncluded.plus(decimal(price.taxIncludedAmount.value));
    groups.set(key, group);
  }
  return [...groups.values()].map(({ first, dutyFree, taxIncluded, currency }) =>
    JSON.parse(
      JSON.stringify({
        name: `Total ${String(first.priceType)}${first.recurringChargePeriod ? ` per ${String(first.recurringChargePeriod)}` : ''}${first.unitOfMeasure ? ` per ${String(first.unitOfMeasure)}` : ''}`,
        priceType: first.priceType,
        recurringChargePeriod: first.recurringChargePeriod,
        unitOfMeasure: first.unitOfMeasure,
        price: { dutyFreeAmount: toMoney(dutyFree, currency), taxIncludedAmount: toMoney(taxIncluded, currency), '@type': 'Price' },
        '@type': 'QuotePrice',
      }),
    ) as Json,
  );
}
