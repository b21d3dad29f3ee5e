import Decimal from 'decimal.js';
import { badRequest } from '../../tmf/errors';
import { decimal } from '../../tmf/money';
import { Json } from '../../tmf/resource/document.repository';

/** The catalog a quote is priced from: offerings and prices by id (loaded by PricingCatalogRepository). */
export interface PricingCatalog {
  offerings: Map<string, Json>;
  prices: Map<string, Json>;
  /** Where a catalog price is served, for references in the quote. */
  priceHref(id: string): string;
}

/** A discount that applies to a charge: a percentage or an amount per unit, for a number of charge periods. */
export interface AlterationDef {
  name?: string;
  percentage?: Decimal;
  amount?: Decimal;
  /** The currency of `amount`. */
  currency?: string;
  /** Charge periods it applies for; undefined when it always applies. */
  applicationDuration?: number;
  priority?: number;
  pop?: { id: string; href: string; name?: string };
}

/** One charge of an offering, normalised from a catalog price or an inline price value. */
export interface ChargeDef {
  name?: string;
  priceType: string;
  /** e.g. `month`, `3 month`; recurring charges only. */
  recurringChargePeriod?: string;
  /** e.g. `1 GB`; usage charges only. */
  unitOfMeasure?: string;
  currency: string;
  unitDutyFree: Decimal;
  taxRate: Decimal;
  /** How many of it one unit of the quoted item carries (a bundle's numberRelOfferDefault). */
  multiplier: Decimal;
  alterations: AlterationDef[];
  pop?: { id: string; href: string; name?: string };
}

const MAX_BUNDLE_DEPTH = 8;
const PERIODS_PER_YEAR: Record<string, number> = { day: 365, week: 52, month: 12, year: 1 };

/**
 * The charges of an offering: its own prices (catalog references, or values given inline), a composite price's
 * bundled prices, and for a bundle offering the charges of each bundled offering times its default number.
 * Discount prices are not charges: they alter the prices that list them in `popRelationship`.
 */
export function chargesOf(offeringId: string, catalog: PricingCatalog, defaultTaxRate: Decimal, multiplier = decimal(1), depth = 0): ChargeDef[] {
  const offering = catalog.offerings.get(offeringId);
  if (!offering || depth > MAX_BUNDLE_DEPTH) return [];
  const charges: ChargeDef[] = [];
  for (const entry of (offering.productOfferingPrice as Json[] | undefined) ?? []) {
    if (typeof entry.id === 'string') expandCatalogPrice(entry.id, catalog, defaultTaxRate, multiplier, charges, 0);
    else if (entry.priceType !== 'discount') charges.push(inlineCharge(entry, defaultTaxRate, multiplier));
  }
  if (offering.isBundle) {
    for (const bundled of (offering.bundledProductOffering as Json[] | undefined) ?? []) {
      const option = bundled.bundledProductOfferingOption as Json | undefined;
      const count = decimal((option?.numberRelOfferDefault as number | undefined) ?? 1);
      if (typeof bundled.id === 'string') charges.push(...chargesOf(bundled.id.toLowerCase(), catalog, defaultTaxRate, multiplier.times(count), depth + 1));
    }
  }
  return charges;
}

function expandCatalogPrice(id: string, catalog: PricingCatalog, defaultTaxRate: Decimal, multiplier: Decimal, out: ChargeDef[], depth: number): void {
  const pop = catalog.prices.get(id.toLowerCase());
  if (!pop || pop.priceType === 'discount' || depth > MAX_BUNDLE_DEPTH) return;
  const bundled = (pop.bundledPopRelationship as Json[] | undefined) ?? [];
  if (pop.isBundle && bundled.length) {
    for (const part of bundled) if (typeof part.id === 'string') expandCatalogPrice(part.id, catalog, defaultTaxRate, multiplier, out, depth + 1);
    return;
  }
  const price = pop.price as { unit?: string; value?: number } | undefined;
  const ref = { id, href: catalog.priceHref(id), name: pop.name as string | undefined };
  if (price?.value === undefined || !price.unit) {
    throw badRequest('unpricedOffering', `product offering price '${String(pop.name)}' has no price amount, so the offering cannot be quoted`, ref.href);
  }
  const tax = ((pop.tax as Json[] | undefined) ?? [])[0] as { taxRate?: number; taxAmount?: { value?: number } } | undefined;
  const taxRate = tax?.taxRate !== undefined ? decimal(tax.taxRate) : defaultTaxRate;
  // a catalog price is duty-free unless its tax item states the tax amount it contains
  const unitDutyFree = tax?.taxAmount?.value !== undefined ? decimal(price.value).minus(decimal(tax.taxAmount.value)) : decimal(price.value);
  const period = recurringPeriod(pop);
  const alterations = discountsOf(pop, catalog, period);
  const foreign = alterations.find((a) => a.amount !== undefined && a.currency !== undefined && a.currency !== price.unit?.toUpperCase());
  if (foreign) {
    throw badRequest('currencyMismatch', `discount '${String(foreign.name)}' is an amount in ${String(foreign.currency)} on a price in ${price.unit.toUpperCase()}`, foreign.pop?.href);
  }
  out.push({
    name: pop.name as string | undefined,
    priceType: String(pop.priceType ?? 'oneTime'),
    recurringChargePeriod: period?.label,
    unitOfMeasure: unitOfMeasure(pop.unitOfMeasure as Json | undefined),
    currency: price.unit.toUpperCase(),
    unitDutyFree,
    taxRate,
    multiplier,
    alterations,
    pop: ref,
  });
}

/** A price given inline in the offering (ProductOfferingPriceRefOrValue without an id). */
function inlineCharge(entry: Json, defaultTaxRate: Decimal, multiplier: Decimal): ChargeDef {
  const value = entry.price as { dutyFreeAmount?: { unit?: string; value?: number }; taxIncludedAmount?: { unit?: string; value?: number }; taxRate?: number } | undefined;
  const taxRate = value?.taxRate !== undefined ? decimal(value.taxRate) : defaultTaxRate;
  const amount = value?.dutyFreeAmount ?? value?.taxIncludedAmount;
  if (amount?.value === undefined || !amount.unit) {
    throw badRequest('unpricedOffering', `an inline price ('${String(entry.name ?? entry.priceType)}') of the offering has no amount, so it cannot be quoted`);
  }
  const unitDutyFree = value?.dutyFreeAmount ? decimal(amount.value) : decimal(amount.value).dividedBy(taxRate.plus(1));
  const alterations = ((entry.priceAlteration as Json[] | undefined) ?? [])
    .filter((a) => a.priceType === 'discount')
    .map((a) => {
      const p = a.price as { percentage?: number; dutyFreeAmount?: { value?: number } } | undefined;
      const duration = a.applicationDuration as { amount?: number; units?: string } | undefined;
      return {
        name: a.name as string | undefined,
        percentage: p?.percentage !== undefined ? decimal(p.percentage) : undefined,
        amount: p?.dutyFreeAmount?.value !== undefined ? decimal(p.dutyFreeAmount.value) : undefined,
        applicationDuration: duration?.amount !== undefined ? periodsIn(duration.amount, duration.units, parsePeriod(entry.recurringChargePeriod)) : undefined,
        priority: a.priority as number | undefined,
      };
    });
  return {
    name: entry.name as string | undefined,
    priceType: String(entry.priceType ?? 'oneTime'),
    recurringChargePeriod: entry.recurringChargePeriod as string | undefined,
    unitOfMeasure: unitOfMeasure(entry.unitOfMeasure as Json | undefined),
    currency: amount.unit.toUpperCase(),
    unitDutyFree,
    taxRate,
    multiplier,
    alterations,
  };
}

function recurringPeriod(pop: Json): { type: string; length: number; label: string } | undefined {
  if (pop.priceType !== 'recurring' || typeof pop.recurringChargePeriodType !== 'string') return undefined;
  const length = (pop.recurringChargePeriodLength as number | undefined) ?? 1;
  return { type: pop.recurringChargePeriodType, length, label: length === 1 ? pop.recurringChargePeriodType : `${length} ${pop.recurringChargePeriodType}` };
}

/** `month` or `3 month` (an inline price's recurringChargePeriod) as a period. */
function parsePeriod(label: unknown): { type: string; length: number } | undefined {
  const m = typeof label === 'string' ? /^(?:(\d+)\s+)?(day|week|month|year)s?$/i.exec(label.trim()) : null;
  return m ? { type: m[2].toLowerCase(), length: Number(m[1] ?? 1) } : undefined;
}

function unitOfMeasure(uom: Json | undefined): string | undefined {
  if (!uom || uom.units === undefined) return undefined;
  return `${String(uom.amount ?? 1)} ${String(uom.units)}`;
}

/** The catalog's discounts on a price: `discount` prices it lists in `popRelationship`. */
function discountsOf(pop: Json, catalog: PricingCatalog, period: { type: string; length: number } | undefined): AlterationDef[] {
  const out: AlterationDef[] = [];
  for (const rel of (pop.popRelationship as Json[] | undefined) ?? []) {
    const discount = typeof rel.id === 'string' ? catalog.prices.get(rel.id.toLowerCase()) : undefined;
    if (!discount || discount.priceType !== 'discount') continue;
    const price = discount.price as { value?: number } | undefined;
    const term = ((discount.productOfferingTerm as Json[] | undefined) ?? [])[0]?.duration as { amount?: number; units?: string } | undefined;
    out.push({
      name: discount.name as string | undefined,
      percentage: discount.percentage !== undefined ? decimal(discount.percentage as number) : undefined,
      amount: discount.percentage === undefined && price?.value !== undefined ? decimal(price.value) : undefined,
      currency: (price as { unit?: string } | undefined)?.unit?.toUpperCase(),
      applicationDuration: term?.amount !== undefined ? periodsIn(term.amount, term.units, period) : undefined,
      pop: { id: rel.id as string, href: catalog.priceHref(rel.id as string), name: discount.name as string | undefined },
    });
  }
  return out;
}

/**
 * How many charge periods a term lasts: 12 months of a monthly charge is 12, 1 year of it 12, 6 months of a
 * quarterly (3 month) charge 2. A one-time charge's discount term counts as 1.
 */
export function periodsIn(amount: number, units: string | undefined, period: { type: string; length: number } | undefined): number {
  if (!period) return 1;
  const unit = (units ?? period.type).toLowerCase().replace(/s$/, '');
  const from = PERIODS_PER_YEAR[unit];
  const to = PERIODS_PER_YEAR[period.type];
  if (!from || !to) return amount;
  // one integer division (27 weeks of a weekly charge is 27, not 27.000000000000004 rounded up)
  return Math.max(1, Math.ceil((amount * to) / (from * period.length)));
}
