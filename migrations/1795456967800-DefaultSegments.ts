import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The segment definitions a fresh install ships with, active at once: the maturity model from the one static number
 * (employees) to value, needs and lifecycle. The learned segments are published by the first bill run's clustering.
 * Fixed ids, so demo data and offerings can refer to them. The needs-based rules read the usage of the product
 * families `iot`, `mobile` and `cloud` (TMF620 categories named IoT, Mobile, Cloud); until the catalog has them those
 * rules match nobody.
 */
const DEFAULTS: { id: string; name: string; kind: string; description: string; rule: unknown }[] = [
  {
    id: '0190a000-0000-7000-8000-000000000001',
    name: 'SoHo',
    kind: 'aPriori',
    description: 'Small and home offices: 1 to 5 employees.',
    rule: { all: [{ feature: 'numberOfEmployees', op: 'gte', value: 1 }, { feature: 'numberOfEmployees', op: 'lte', value: 5 }] },
  },
  {
    id: '0190a000-0000-7000-8000-000000000002',
    name: 'Enterprise',
    kind: 'aPriori',
    description: 'Large companies: 1000 employees or more.',
    rule: { feature: 'numberOfEmployees', op: 'gte', value: 1000 },
  },
  {
    id: '0190a000-0000-7000-8000-000000000003',
    name: 'Key accounts',
    kind: 'valueBased',
    description: 'The top 20 % of customers by spend in the period (within their billing currency), who typically bring most of the revenue.',
    rule: { feature: 'spendThisPeriod', topPercent: 20 },
  },
  {
    id: '0190a000-0000-7000-8000-000000000004',
    name: 'IoT-heavy',
    kind: 'needsBased',
    description: 'At least 40 % of the usage charges come from IoT products.',
    rule: { feature: 'usageShare.iot', op: 'gte', value: 0.4 },
  },
  {
    id: '0190a000-0000-7000-8000-000000000005',
    name: 'Mobile fleet',
    kind: 'needsBased',
    description: 'Owns mobile products and at least half of the usage charges are mobile.',
    rule: { all: [{ feature: 'productFamilies', op: 'eq', value: 'mobile' }, { feature: 'usageShare.mobile', op: 'gte', value: 0.5 }] },
  },
  {
    id: '0190a000-0000-7000-8000-000000000006',
    name: 'Cloud-first',
    kind: 'needsBased',
    description: 'At least 40 % of the usage charges come from cloud products.',
    rule: { feature: 'usageShare.cloud', op: 'gte', value: 0.4 },
  },
  {
    id: '0190a000-0000-7000-8000-000000000007',
    name: 'New customers',
    kind: 'lifecycle',
    description: 'Billed for fewer than 3 periods so far.',
    rule: { feature: 'periodsBilled', op: 'lt', value: 3 },
  },
  {
    id: '0190a000-0000-7000-8000-000000000008',
    name: 'At risk',
    kind: 'lifecycle',
    description: 'Spend down more than 30 % over the last 3 periods.',
    rule: { feature: 'spendTrend3', op: 'lt', value: -0.3 },
  },
];

export class DefaultSegments1795456967800 implements MigrationInterface {
  name = 'DefaultSegments1795456967800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO market_segment (id, name, kind, status, version, doc)
       SELECT d.id, d.name, d.kind, 'active', 1,
              jsonb_build_object('@type', 'MarketSegment', 'name', d.name, 'description', d.description, 'kind', d.kind, 'rule', d.rule,
                                 'status', 'active', 'version', 1, 'lastUpdate', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, name text, kind text, description text, rule jsonb)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(DEFAULTS)],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM market_segment WHERE id = ANY($1::uuid[])`, [DEFAULTS.map((d) => d.id)]);
  }
}
