// Segment rules compiled to SQL and run on a real PostgreSQL, over a hand-made feature snapshot of 30 customers:
// the exact matches of each rule (every op and feature type, nesting, NULLs, percentiles with ties and NULLs) and
// the per-leaf conditions that explain a match.
import { featureCatalog } from '../../src/segmentation/features/feature-catalog';
import { compileSegmentRule } from '../../src/segmentation/rule/rule-compiler';
import { parseSegmentRule } from '../../src/segmentation/rule/segment-rule';
import { SqlParams } from '../../src/tmf/query/sql-params';
import { startTestApp, TestApp } from '../support/test-app';

const features = featureCatalog(['mobile', 'cloud', 'iot']);
const NASTY = "x'; DROP TABLE seg_feature_test; --";

type Row = [string, number | null, number | null, number | null, number, string[] | null, number, number, number | null, string | null, object | null, object | null];
// prettier-ignore
const ROWS: Row[] = [
  // id   spend  avg3  trend3 products families                             tenure overdue employees industry        usage volume                 usage share
  ['c01', 9000, 8500, 0.06, 9, ['mobile', 'cloud', 'security'], 3650, 0, 1200, 'manufacturing', { mobile: 800, cloud: 120 }, { mobile: 0.7, cloud: 0.3 }],
  ['c02', 8000, 8200, -0.02, 8, ['mobile', 'connectivity'], 3000, 1, 900, 'finance', { mobile: 600 }, { mobile: 1 }],
  ['c03', 7000, 5000, 0.4, 6, ['cloud', 'security'], 2900, 0, 450, 'manufacturing', { cloud: 300 }, { cloud: 1 }],
  ['c04', 6000, 6100, -0.01, 5, ['mobile', 'iot'], 2800, 0, 300, 'logistics', { mobile: 200, iot: 50 }, { mobile: 0.5, iot: 0.5 }],
  ['c05', 5000, 4000, 0.25, 5, ['connectivity'], 1500, 2, 250, 'retail', {}, {}],
  ['c06', 4800, 4800, 0, 4, ['mobile'], 1400, 0, null, 'healthcare', { mobile: 150 }, { mobile: 1 }],
  ['c07', 3000, 3500, -0.3, 4, ['mobile', 'cloud'], 1300, 3, 120, 'retail', { mobile: 90, cloud: 10 }, { mobile: 0.9, cloud: 0.1 }],
  ['c08', 2500, 2000, 0.5, 3, ['cloud'], 1200, 0, 80, 'finance', { cloud: 40 }, { cloud: 1 }],
  ['c09', 2000, 2100, -0.05, 3, ['iot'], 1100, 0, 60, 'manufacturing', { iot: 500 }, { iot: 1 }],
  ['c10', 1800, 1800, 0, 3, ['mobile'], 1000, 1, 55, null, { mobile: 101 }, { mobile: 1 }],
  ['c11', 1500, 1600, -0.06, 2, ['security'], 900, 0, 50, 'logistics', {}, {}],
  ['c12', 1200, 1000, 0.2, 2, ['mobile', 'cloud'], 800, 0, 50, 'healthcare', { mobile: 100, cloud: 100 }, { mobile: 0.5, cloud: 0.5 }],
  ['c13', 1000, 1100, -0.1, 2, ['connectivity'], 700, 0, 45, 'retail', {}, {}],
  ['c14', 1000, 900, 0.11, 2, ['cloud'], 650, 0, 40, 'manufacturing', { cloud: 20 }, { cloud: 1 }],
  ['c15', 900, 1000, -0.1, 1, ['mobile'], 600, 4, null, null, { mobile: 30 }, { mobile: 1 }],
  ['c16', 800, 700, 0.14, 1, ['iot'], 550, 0, 35, 'logistics', { iot: 5 }, { iot: 1 }],
  ['c17', 700, 700, 0, 1, ['cloud'], 500, 0, 30, 'finance', { cloud: 15 }, { cloud: 1 }],
  ['c18', 600, 900, -0.33, 1, ['mobile'], 450, 2, 25, 'retail', { mobile: 10 }, { mobile: 1 }],
  ['c19', 500, 400, 0.25, 1, ['security'], 400, 0, 20, 'healthcare', {}, {}],
  ['c20', 400, 400, 0, 1, ['connectivity'], 350, 0, 20, 'manufacturing', {}, {}],
  ['c21', 300, 350, -0.14, 1, ['mobile'], 300, 0, 15, 'logistics', { mobile: 5 }, { mobile: 1 }],
  ['c22', 250, 200, 0.25, 1, ['cloud'], 250, 0, 12, 'retail', { cloud: 3 }, { cloud: 1 }],
  ['c23', 200, 300, -0.33, 1, ['mobile'], 200, 1, 10, 'finance', { mobile: 2 }, { mobile: 1 }],
  ['c24', 150, 100, 0.5, 1, ['iot'], 150, 0, 10, 'manufacturing', { iot: 1 }, { iot: 1 }],
  ['c25', 100, 100, 0, 1, ['cloud'], 120, 0, 8, null, { cloud: 1 }, { cloud: 1 }],
  ['c26', 10, 50, -0.8, 0, [], 90, 0, 5, 'retail', null, null],
  ['c27', 10, 40, null, 0, [], 60, 0, 5, 'logistics', null, null],
  ['c28', 0, 0, null, 0, null, 30, 0, 3, 'healthcare', null, null],
  ['c29', null, null, null, 0, null, 20, 0, null, 'manufacturing', null, null],
  ['c30', null, null, null, 0, null, 10, 0, 2, NASTY, null, null],
];
const ALL_IDS = ROWS.map((r) => r[0]);
const ids = (from: number, to: number) => ALL_IDS.slice(from - 1, to);
const except = (...out: string[]) => ALL_IDS.filter((id) => !out.includes(id));
const leaf = (feature: string, op: string, value: unknown) => ({ feature, op, value });

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await t.sql.query(`CREATE TABLE seg_feature_test (
    customer_id text PRIMARY KEY, spend numeric, spend_avg3 numeric, spend_trend3 numeric, product_count int, families text[],
    tenure_days int, overdue_bills int, employees int, industry text, usage_volume jsonb, usage_share jsonb, currency text NOT NULL DEFAULT 'EUR')`);
  for (const row of ROWS) {
    await t.sql.query('INSERT INTO seg_feature_test VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', row);
  }
});

afterAll(async () => {
  await t?.close();
});

function compiled(input: unknown, params = new SqlParams()) {
  const parsed = parseSegmentRule(input, features);
  if (!('rule' in parsed)) throw new Error(`invalid rule: ${JSON.stringify(parsed.problems)}`);
  return { ...compileSegmentRule(parsed.rule, features, params), params };
}

/** The snapshot with the rule's window columns, computed over all rows (the evaluation population). */
const ranked = (windows: { alias: string; sql: string }[]) =>
  `(SELECT f.*${windows.map((w) => `, ${w.sql} AS ${w.alias}`).join('')} FROM seg_feature_test f) f`;

async function matching(input: unknown): Promise<string[]> {
  const { predicate, windows, params } = compiled(input);
  const { rows } = await t.sql.query<{ customer_id: string }>(`SELECT customer_id FROM ${ranked(windows)} WHERE ${predicate} ORDER BY customer_id`, params.values);
  return rows.map((r) => r.customer_id);
}

describe('compiled segment rules on PostgreSQL', () => {
  it.each<[string, unknown, string[]]>([
    // percentiles: 28 customers have a spend (c29, c30 have none); top 20 % = value share ≤ 5.6 customers
    ['key accounts = top 20 % by spend (NULLs neither ranked nor counted)', { feature: 'spendThisPeriod', topPercent: 20 }, ids(1, 5)],
    ['bottom 10 % by spend: the tie at 10 straddles the boundary and stays out', { feature: 'spendThisPeriod', bottomPercent: 10 }, ['c28']],
    ['top 50 % by spend: the tie c13/c14 ends exactly on the boundary and is in', { feature: 'spendThisPeriod', topPercent: 50 }, ids(1, 14)],
    ['top 10 % by tenure: 3 of 30, boundary inclusive', { feature: 'tenureDays', topPercent: 10 }, ['c01', 'c02', 'c03']],
    ['bottom 100 % by trend: everybody with a value', { feature: 'spendTrend3', bottomPercent: 100 }, ids(1, 26)],
    ['two windows in one rule', { any: [{ feature: 'tenureDays', topPercent: 10 }, { feature: 'spendThisPeriod', bottomPercent: 10 }] }, ['c01', 'c02', 'c03', 'c28']],
    ['all', { all: [leaf('industry', 'eq', 'manufacturing'), leaf('productCount', 'gte', 3)] }, ['c01', 'c03', 'c09']],
    ['any', { any: [leaf('overdueBills', 'gt', 1), leaf('spendTrend3', 'lt', -0.2)] }, ['c05', 'c07', 'c15', 'c18', 'c23', 'c26']],
    ['not eq keeps customers without an industry', { not: leaf('industry', 'eq', 'retail') }, except('c05', 'c07', 'c13', 'c18', 'c22', 'c26')],
    ['ne is not eq', leaf('industry', 'ne', 'retail'), except('c05', 'c07', 'c13', 'c18', 'c22', 'c26')],
    ['string in', leaf('industry', 'in', ['finance', 'healthcare']), ['c02', 'c06', 'c08', 'c12', 'c17', 'c19', 'c23', 'c28']],
    ['regex', leaf('industry', 'regex', '^(manu|log)'), ['c01', 'c03', 'c04', 'c09', 'c11', 'c14', 'c16', 'c20', 'c21', 'c24', 'c27', 'c29']],
    ['stringList eq = contains', leaf('productFamilies', 'eq', 'mobile'), ['c01', 'c02', 'c04', 'c06', 'c07', 'c10', 'c12', 'c15', 'c18', 'c21', 'c23']],
    ['stringList ne = does not contain (no products included)', leaf('productFamilies', 'ne', 'mobile'), except('c01', 'c02', 'c04', 'c06', 'c07', 'c10', 'c12', 'c15', 'c18', 'c21', 'c23')],
    ['stringList in = contains any of', leaf('productFamilies', 'in', ['iot', 'security']), ['c01', 'c03', 'c04', 'c09', 'c11', 'c16', 'c19', 'c24']],
    ['lte leaves out missing values', leaf('numberOfEmployees', 'lte', 50), [...ids(11, 14), ...ids(16, 28), 'c30']],
    ['not gt keeps missing values', { not: leaf('numberOfEmployees', 'gt', 50) }, ['c06', ...ids(11, 30)]],
    ['number eq and ne', { any: [leaf('numberOfEmployees', 'eq', 50), { all: [leaf('spendThisPeriod', 'ne', 10), leaf('spendThisPeriod', 'lt', 100)] }] }, ['c11', 'c12', 'c28']],
    ['gte and lte', { all: [leaf('spendThisPeriod', 'gte', 500), leaf('spendThisPeriod', 'lte', 1000)] }, ids(13, 19)],
    ['number in', leaf('spendAverage3', 'in', [1000, 4800]), ['c06', 'c12', 'c15']],
    ['exact decimals', leaf('spendTrend3', 'lte', -0.33), ['c18', 'c23', 'c26']],
    ['usage volume of a family (missing key = 0)', leaf('usageVolume.mobile', 'gt', 100), ['c01', 'c02', 'c04', 'c06', 'c10']],
    ['usage share of a family', leaf('usageShare.cloud', 'gte', 0.5), ['c03', 'c08', 'c12', 'c14', 'c17', 'c22', 'c25']],
    ['no usage at all counts as 0', leaf('usageVolume.iot', 'eq', 0), except('c04', 'c09', 'c16', 'c24')],
    ['nested: key accounts in good standing outside retail', { all: [{ feature: 'spendThisPeriod', topPercent: 20 }, { not: { any: [leaf('industry', 'eq', 'retail'), leaf('overdueBills', 'gt', 0)] } }] }, ['c01', 'c03', 'c04']],
    ['percentiles rank the whole population, not the other conditions’ matches', { all: [leaf('industry', 'eq', 'manufacturing'), { feature: 'spendThisPeriod', topPercent: 20 }] }, ['c01', 'c03']],
    ['values with quotes stay values', { any: [leaf('industry', 'eq', NASTY), leaf('industry', 'in', [NASTY, 'a"b{c}']), leaf('industry', 'regex', "^x'; DROP")] }, ['c30']],
  ])('%s', async (_name, rule, expected) => {
    expect(await matching(rule)).toEqual(expected);
  });

  it('conditions say which leaves held for a customer, and the values seen', async () => {
    const params = new SqlParams();
    const rule = {
      any: [
        { feature: 'spendThisPeriod', topPercent: 20 },
        { all: [leaf('industry', 'regex', '^fin'), leaf('productFamilies', 'eq', 'cloud'), { not: leaf('numberOfEmployees', 'gt', 1000) }] },
        leaf('usageVolume.mobile', 'gte', 600),
      ],
    };
    const { predicate, windows, conditions } = compiled(rule, params);
    const columns = conditions.map((c, i) => `${c.truth} AS t${i}, ${c.value} AS v${i}`).join(', ');
    const sql = `SELECT ${predicate} AS matched, ${columns} FROM ${ranked(windows)} WHERE customer_id = ${params.add('c02', 'text')}`;
    const { rows } = await t.sql.query(sql, params.values);
    expect(conditions.map((c) => [c.path, c.description])).toEqual([
      ['/any/0', 'spendThisPeriod in the top 20 % among customers billed in the same currency'],
      ['/any/1/all/0', 'industry matches "^fin"'],
      ['/any/1/all/1', 'productFamilies contains "cloud"'],
      ['/any/1/all/2/not', 'numberOfEmployees > 1000'],
      ['/any/2', 'usageVolume.mobile ≥ 600'],
    ]);
    expect(rows).toEqual([
      {
        matched: true,
        t0: true, v0: '8000',
        t1: true, v1: 'finance',
        t2: false, v2: ['mobile', 'connectivity'],
        t3: false, v3: 900,
        t4: true, v4: '600',
      },
    ]);
  });

  it('every pattern the parser accepts means the same in PostgreSQL as in JavaScript', async () => {
    const samples = ['', 'manufacturing', 'ab', 'abcde', 'a.b', 'a]', ']x', 'été', 'ÉTÉ', 'x1 2', 'tab\there', 'xxy', 'a{', 'a{,2}', 'aa', 'c9', 'Z', '٣'];
    const patterns = ['^(manu|log)', '(?:ab|cd)+e', '[0-9]', '[^a-z]', '[\\]x]', 'a\\.b', '\\u00e9t\\u00e9', 'x*?y', '[a-c0-9]', '\\t', '^a{2}$', 'a{', 'a{,2}', '^[A-Za-z0-9_]+$', ']', '[[]', '\\{', 'é|É'];
    const disagreements: unknown[] = [];
    for (const pattern of patterns) {
      expect({ pattern, parsed: 'rule' in parseSegmentRule(leaf('industry', 'regex', pattern), features) }).toEqual({ pattern, parsed: true });
      const { rows } = await t.sql.query<{ m: boolean[] }>('SELECT array_agg(s ~ $2 ORDER BY i) AS m FROM unnest($1::text[]) WITH ORDINALITY AS x(s, i)', [samples, pattern]);
      const js = samples.map((s) => new RegExp(pattern).test(s));
      samples.forEach((sample, i) => rows[0].m[i] !== js[i] && disagreements.push({ pattern, sample, postgres: rows[0].m[i], js: js[i] }));
    }
    expect(disagreements).toEqual([]);
  });
});
