// The features segment rules may test: one row per customer in a feature snapshot (alias `f`), each feature an SQL
// expression over that row. The list (name, meaning, unit, type) is what `GET /bss/segmentation/v1/feature` serves,
// so every meaning is one sentence an integrator can write a rule from.

export type FeatureType = 'number' | 'string' | 'stringList' | 'boolean';

export interface FeatureDefinition {
  name: string;
  /** One sentence: what the value is and where it comes from. */
  meaning: string;
  /** The unit of a number (`null` for text, lists, booleans). */
  unit: string | null;
  type: FeatureType;
  /** An SQL expression over the snapshot row alias `f`, e.g. `f.spend`. Code-defined, never from a request. */
  sql: string;
  /** Percentiles rank within groups of this SQL expression (money: customers billed in the same currency). */
  rankWithin?: string;
  /** How a percentile condition says so, e.g. "among customers billed in the same currency". */
  rankWithinMeaning?: string;
}

export type FeatureCatalog = ReadonlyMap<string, FeatureDefinition>;

/**
 * Product family names usable in feature names (`usageVolume.mobile`). The family becomes the key of a jsonb lookup
 * inside the feature's SQL, and `FeatureDefinition.sql` is plain text (callers splice it into statements), so the
 * name cannot travel as a bound parameter. It is restricted to this pattern instead and then still quoted as a SQL
 * string literal with doubled quotes: a name that passes cannot contain a quote, backslash or space, and the
 * quoting keeps the literal safe even if the pattern is ever widened.
 */
export const FAMILY_NAME = /^[a-z][a-zA-Z0-9]*$/;

/** A SQL string literal for a validated family name (standard_conforming_strings: only `'` needs doubling). */
function familyLiteral(family: string): string {
  if (!FAMILY_NAME.test(family)) {
    throw new Error(`product family '${family}' cannot name a feature: family names match ${FAMILY_NAME.source}`);
  }
  return `'${family.replace(/'/g, "''")}'`;
}

const MONEY = 'account currency';
/** Amounts in different currencies are not compared: money percentiles rank within a currency. */
const BY_CURRENCY = { rankWithin: 'f.currency', rankWithinMeaning: 'among customers billed in the same currency' };

const BASE_FEATURES: readonly FeatureDefinition[] = [
  {
    name: 'spendThisPeriod',
    meaning: 'Total of the customer’s bills for the current billing period, in the billing account’s currency.',
    unit: MONEY,
    type: 'number',
    sql: 'f.spend',
    ...BY_CURRENCY,
  },
  {
    name: 'spendAverage3',
    meaning: 'Average bill total per period over the last 3 billing periods, in the billing account’s currency.',
    unit: MONEY,
    type: 'number',
    sql: 'f.spend_avg3',
    ...BY_CURRENCY,
  },
  {
    name: 'spendTrend3',
    meaning: 'Relative change of the bill total over the last 3 billing periods, as a ratio (0.25 = +25 %, -0.1 = -10 %).',
    unit: 'ratio',
    type: 'number',
    sql: 'f.spend_trend3',
  },
  {
    name: 'periodsBilled',
    meaning: 'Number of billing periods the customer has been billed for by bill runs, the current one included.',
    unit: 'periods',
    type: 'number',
    sql: 'f.periods_billed',
  },
  {
    name: 'productCount',
    meaning: 'Number of active products the customer owns.',
    unit: 'products',
    type: 'number',
    sql: 'f.product_count',
  },
  {
    name: 'productFamilies',
    meaning: 'The product families (e.g. mobile, cloud) of the active products the customer owns.',
    unit: null,
    type: 'stringList',
    sql: 'f.families',
  },
  {
    name: 'tenureDays',
    meaning: 'Days since the customer became a customer.',
    unit: 'days',
    type: 'number',
    sql: 'f.tenure_days',
  },
  {
    name: 'overdueBills',
    meaning: 'Number of the customer’s bills that are unpaid and past their due date.',
    unit: 'bills',
    type: 'number',
    sql: 'f.overdue_bills',
  },
  {
    name: 'numberOfEmployees',
    meaning: 'Number of employees, from the customer’s numberOfEmployees characteristic (missing when not recorded).',
    unit: 'employees',
    type: 'number',
    sql: 'f.employees',
  },
  {
    name: 'industry',
    meaning: 'The customer’s industry, from its industry characteristic (missing when not recorded).',
    unit: null,
    type: 'string',
    sql: 'f.industry',
  },
];

function familyFeatures(family: string): FeatureDefinition[] {
  const key = familyLiteral(family);
  return [
    {
      name: `usageVolume.${family}`,
      // usage of one family is metered in several units (GB, minutes, vCPU hours…), summed as rated
      meaning: `Usage quantity of ${family} products in the current billing period, in the units it is rated in (0 without usage).`,
      unit: 'mixed',
      type: 'number',
      sql: `coalesce((f.usage_volume ->> ${key})::numeric, 0)`,
    },
    {
      name: `usageShare.${family}`,
      meaning: `Share (0 to 1) of the customer’s usage charges in the current billing period that comes from ${family} products.`,
      unit: 'ratio',
      type: 'number',
      sql: `coalesce((f.usage_share ->> ${key})::numeric, 0)`,
    },
  ];
}

/**
 * The catalog for the given product families, in listing order: the base features, then per family its usage volume
 * and share. Throws on a family name outside FAMILY_NAME (a configuration error, not a request error); duplicates
 * are listed once.
 */
export function featureCatalog(families: string[]): FeatureCatalog {
  const catalog = new Map<string, FeatureDefinition>();
  for (const feature of BASE_FEATURES) catalog.set(feature.name, Object.freeze({ ...feature }));
  for (const family of new Set(families)) {
    for (const feature of familyFeatures(family)) catalog.set(feature.name, Object.freeze(feature));
  }
  return catalog;
}
