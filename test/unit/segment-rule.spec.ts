// Segment rules: the parser's problems (path and reason for every kind), valid rules of every shape, the feature
// catalog, and the shape of the compiled SQL (values only ever as parameters).
import { FeatureCatalog, FeatureDefinition, featureCatalog } from '../../src/segmentation/features/feature-catalog';
import { compileSegmentRule } from '../../src/segmentation/rule/rule-compiler';
import { parseSegmentRule, posixRegexProblem, RuleProblem, SegmentRule } from '../../src/segmentation/rule/segment-rule';
import { SqlParams } from '../../src/tmf/query/sql-params';

const LISTED: FeatureDefinition = { name: 'listed', meaning: 'Listed on a stock exchange.', unit: null, type: 'boolean', sql: 'f.listed' };
const features: FeatureCatalog = new Map([...featureCatalog(['mobile', 'cloud']), ['listed', LISTED]]);

const problems = (input: unknown): RuleProblem[] => {
  const result = parseSegmentRule(input, features);
  if (!('problems' in result)) throw new Error(`expected problems, got ${JSON.stringify(result.rule)}`);
  return result.problems;
};
const problem = (input: unknown): RuleProblem => {
  const all = problems(input);
  if (all.length !== 1) throw new Error(`expected one problem, got ${JSON.stringify(all)}`);
  return all[0];
};
const leaf = (feature: unknown, op: unknown, value: unknown) => ({ feature, op, value });
const nest = (depth: number): unknown => (depth === 1 ? leaf('productCount', 'gt', 1) : { not: nest(depth - 1) });

describe('parseSegmentRule', () => {
  describe('valid rules of every shape round-trip', () => {
    it.each<[string, unknown]>([
      ['all / any / not', { all: [{ any: [leaf('industry', 'eq', 'retail'), { not: leaf('overdueBills', 'gt', 0) }] }, leaf('tenureDays', 'gte', 365)] }],
      ...(['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const).map((op): [string, unknown] => [`number ${op}`, leaf('spendThisPeriod', op, 1000.5)]),
      ['number in', leaf('productCount', 'in', [1, 2, 3])],
      ['negative and fractional numbers', leaf('spendTrend3', 'lt', -0.25)],
      ['string eq / ne / in / regex', { any: [leaf('industry', 'eq', 'retail'), leaf('industry', 'ne', ''), leaf('industry', 'in', ['a', 'b']), leaf('industry', 'regex', '^(manu|log)')] }],
      ['stringList eq / ne / in', { all: [leaf('productFamilies', 'eq', 'mobile'), leaf('productFamilies', 'ne', 'iot'), leaf('productFamilies', 'in', ['cloud'])] }],
      ['boolean eq / ne', { all: [leaf('listed', 'eq', true), leaf('listed', 'ne', false)] }],
      ['family features', leaf('usageShare.cloud', 'gte', 0.5)],
      ['topPercent / bottomPercent', { any: [{ feature: 'spendThisPeriod', topPercent: 20 }, { feature: 'usageVolume.mobile', bottomPercent: 0.5 }, { feature: 'tenureDays', topPercent: 100 }] }],
      ['10 levels deep', nest(10)],
      ['50 children', { all: Array.from({ length: 50 }, () => leaf('productCount', 'gt', 1)) }],
      ['200 nodes', { any: Array.from({ length: 4 }, (): unknown => ({ all: Array.from({ length: 48 }, () => leaf('productCount', 'gt', 1)) })).concat([leaf('industry', 'eq', 'x'), leaf('industry', 'eq', 'y'), leaf('industry', 'eq', 'z')]) }],
    ])('%s', (_name, input) => {
      const result = parseSegmentRule(input, features);
      expect(result).toEqual({ rule: input });
      if ('rule' in result) expect(result.rule).not.toBe(input); // a copy: later changes to the input cannot alter it
    });
  });

  describe('structure problems', () => {
    it.each<[string, unknown, RuleProblem]>([
      ['not an object', 'spend > 10', { path: '', reason: "a rule is an object with one of 'all', 'any', 'not', 'feature'; got a string" }],
      ['null', null, { path: '', reason: "a rule is an object with one of 'all', 'any', 'not', 'feature'; got null" }],
      ['an array', [leaf('industry', 'eq', 'x')], { path: '', reason: "a rule is an object with one of 'all', 'any', 'not', 'feature'; got an array" }],
      ['no shape', { or: [] }, { path: '', reason: "a rule has exactly one of 'all', 'any', 'not', 'feature'; it has 'or'" }],
      ['empty object', { all: [{}] }, { path: '/all/0', reason: "a rule has exactly one of 'all', 'any', 'not', 'feature'; it has no keys" }],
      ['two shapes', { not: { all: [], any: [] } }, { path: '/not', reason: "a rule has exactly one of 'all', 'any', 'not', 'feature'; it has 'all', 'any'" }],
      ['feature next to all', { all: [leaf('industry', 'eq', 'x')], feature: 'industry' }, { path: '', reason: "a rule has exactly one of 'all', 'any', 'not', 'feature'; it has 'all', 'feature'" }],
      ['unknown key in all', { all: [leaf('industry', 'eq', 'x')], name: 'x' }, { path: '/name', reason: "unknown key 'name': a rule with 'all' has no other keys" }],
      ['unknown key in not', { not: leaf('industry', 'eq', 'x'), comment: '' }, { path: '/comment', reason: "unknown key 'comment': a rule with 'not' has no other keys" }],
      ['pointer escaping', { any: [leaf('industry', 'eq', 'x')], 'a/b~c': 1 }, { path: '/a~1b~0c', reason: "unknown key 'a/b~c': a rule with 'any' has no other keys" }],
      ['all not an array', { all: leaf('industry', 'eq', 'x') }, { path: '/all', reason: "'all' takes a non-empty array of rules; got an object" }],
      ['empty any', { any: [] }, { path: '/any', reason: "'any' takes a non-empty array of rules; got an empty array" }],
      ['51 children', { any: Array.from({ length: 51 }, () => leaf('productCount', 'gt', 1)) }, { path: '/any', reason: "'any' takes at most 50 rules; got 51" }],
      ['11 levels', nest(11), { path: '/not'.repeat(10), reason: 'rules nest at most 10 levels deep' }],
      ['201 nodes', { all: Array.from({ length: 5 }, () => ({ any: Array.from({ length: 50 }, () => leaf('productCount', 'gt', 1)) })) }, { path: '/all/3/any/45', reason: 'the rule has more than 200 nodes' }],
    ])('%s', (_name, input, expected) => expect(problem(input)).toEqual(expected));
  });

  describe('feature rule problems', () => {
    const hint = "a feature rule has 'feature' with 'op' and 'value', or 'topPercent', or 'bottomPercent'";
    it.each<[string, unknown, RuleProblem]>([
      ['unknown feature', leaf('spend', 'gt', 1), { path: '/feature', reason: "unknown feature 'spend'; closest known: spendTrend3, spendAverage3, spendThisPeriod" }],
      ['typo in a family feature', leaf('usageVolume.mobil', 'gt', 1), { path: '/feature', reason: "unknown feature 'usageVolume.mobil'; closest known: usageVolume.mobile, usageVolume.cloud, usageShare.mobile" }],
      ['feature not a string', leaf(7, 'gt', 1), { path: '/feature', reason: "'feature' is the name of a feature; got a number" }],
      ['unknown op', leaf('productCount', 'ge', 1), { path: '/op', reason: "unknown op 'ge'; valid ops: eq, ne, gt, gte, lt, lte, in, regex" }],
      ['op not a string', leaf('productCount', null, 1), { path: '/op', reason: 'unknown op null; valid ops: eq, ne, gt, gte, lt, lte, in, regex' }],
      ['missing op', { feature: 'productCount', value: 1 }, { path: '/op', reason: `missing: ${hint}` }],
      ['missing value', { feature: 'productCount', op: 'gt' }, { path: '/value', reason: "missing: 'gt' needs a 'value'" }],
      ['op and topPercent', { feature: 'spendThisPeriod', op: 'gt', value: 1, topPercent: 5 }, { path: '', reason: `${hint}; it has 'op', 'topPercent'` }],
      ['value with topPercent', { feature: 'spendThisPeriod', topPercent: 5, value: 1 }, { path: '/value', reason: `unknown key 'value': ${hint}` }],
      ['unknown key', { ...leaf('industry', 'eq', 'x'), negate: true }, { path: '/negate', reason: `unknown key 'negate': ${hint}` }],
      ['gt on a string', leaf('industry', 'gt', 'm'), { path: '/op', reason: "'gt' does not apply to string feature 'industry'; it takes eq, ne, in, regex" }],
      ['lte on a string list', leaf('productFamilies', 'lte', 'm'), { path: '/op', reason: "'lte' does not apply to stringList feature 'productFamilies'; it takes eq, ne, in" }],
      ['regex on a string list', leaf('productFamilies', 'regex', 'mob'), { path: '/op', reason: "'regex' does not apply to stringList feature 'productFamilies'; it takes eq, ne, in" }],
      ['regex on a number', leaf('productCount', 'regex', '1'), { path: '/op', reason: "'regex' does not apply to number feature 'productCount'; it takes eq, ne, gt, gte, lt, lte, in" }],
      ['gt on a boolean', leaf('listed', 'gt', true), { path: '/op', reason: "'gt' does not apply to boolean feature 'listed'; it takes eq, ne" }],
    ])('%s', (_name, input, expected) => expect(problem(input)).toEqual(expected));
  });

  describe('value problems', () => {
    it.each<[string, unknown, RuleProblem]>([
      ['string for a number', leaf('productCount', 'gte', '3'), { path: '/value', reason: 'expected a number; got a string' }],
      ['null', leaf('productCount', 'eq', null), { path: '/value', reason: 'expected a number; got null' }],
      ['NaN', leaf('productCount', 'eq', NaN), { path: '/value', reason: 'expected a number; got NaN' }],
      ['Infinity', leaf('productCount', 'lt', Infinity), { path: '/value', reason: 'expected a number; got Infinity' }],
      ['array for eq', leaf('productCount', 'eq', [1]), { path: '/value', reason: "'eq' takes a single value; only 'in' takes an array" }],
      ['number for a string', leaf('industry', 'eq', 5), { path: '/value', reason: 'expected a string; got a number' }],
      ['object for a string', leaf('industry', 'ne', { v: 'x' }), { path: '/value', reason: 'expected a string; got an object' }],
      ['string for a boolean', leaf('listed', 'eq', 'true'), { path: '/value', reason: 'expected a boolean; got a string' }],
      ['in without an array', leaf('industry', 'in', 'retail'), { path: '/value', reason: "'in' takes a non-empty array of strings; got a string" }],
      ['in with an empty array', leaf('productCount', 'in', []), { path: '/value', reason: "'in' takes a non-empty array of numbers; got an empty array" }],
      ['in with too many values', leaf('productCount', 'in', Array.from({ length: 1001 }, (_, i) => i)), { path: '/value', reason: "'in' takes at most 1000 values; got 1001" }],
      ['number in a string list', leaf('productFamilies', 'in', ['mobile', 3]), { path: '/value/1', reason: 'expected a string; got a number' }],
      ['NUL in a string', leaf('productFamilies', 'in', ['mobile', 'a\u0000b']), { path: '/value/1', reason: 'strings cannot contain the NUL character (\\u0000)' }],
      ['undefined', leaf('industry', 'eq', undefined), { path: '/value', reason: 'expected a string; got undefined' }],
      ['regex not a string', leaf('industry', 'regex', 5), { path: '/value', reason: 'expected a string; got a number' }],
      ['regex that does not compile', leaf('industry', 'regex', '(retail'), { path: '/value', reason: 'not a valid regular expression: Invalid regular expression: /(retail/: Unterminated group' }],
      ['regex over 200 characters', leaf('industry', 'regex', 'a'.repeat(201)), { path: '/value', reason: 'regular expressions are at most 200 characters; got 201' }],
      ['topPercent on a string', { feature: 'industry', topPercent: 10 }, { path: '/topPercent', reason: "'topPercent' ranks number features; 'industry' is a string feature" }],
      ['topPercent 0', { feature: 'spendThisPeriod', topPercent: 0 }, { path: '/topPercent', reason: "'topPercent' is a number greater than 0 and at most 100; got 0" }],
      ['bottomPercent over 100', { feature: 'spendThisPeriod', bottomPercent: 100.5 }, { path: '/bottomPercent', reason: "'bottomPercent' is a number greater than 0 and at most 100; got 100.5" }],
      ['bottomPercent as a string', { feature: 'spendThisPeriod', bottomPercent: '10' }, { path: '/bottomPercent', reason: "'bottomPercent' is a number greater than 0 and at most 100; got a string" }],
      ['topPercent NaN', { feature: 'spendThisPeriod', topPercent: NaN }, { path: '/topPercent', reason: "'topPercent' is a number greater than 0 and at most 100; got NaN" }],
    ])('%s', (_name, input, expected) => expect(problem(input)).toEqual(expected));

    it('checks what it can of a value whose feature or op is unknown', () => {
      expect(problems({ any: [leaf('nope', 'in', [1, null]), leaf('productCount', 'like', NaN)] })).toEqual([
        { path: '/any/0/feature', reason: expect.stringMatching(/^unknown feature 'nope'/) },
        { path: '/any/0/value/1', reason: 'expected a number, string or boolean; got null' },
        { path: '/any/1/op', reason: expect.stringMatching(/^unknown op 'like'/) },
        { path: '/any/1/value', reason: 'expected a number, string or boolean; got NaN' },
      ]);
    });
  });

  it('reports every problem, in rule order', () => {
    const input = { all: [leaf('spend', 'ge', 1), { not: { any: [] } }, leaf('industry', 'regex', '(?=x)'), { feature: 'industry', bottomPercent: 0 }] };
    expect(problems(input).map((p) => p.path)).toEqual(['/all/0/feature', '/all/0/op', '/all/1/not/any', '/all/2/value', '/all/3/bottomPercent', '/all/3/bottomPercent']);
  });

  describe('regular expressions PostgreSQL reads differently are refused', () => {
    it.each([
      ['(?<=a)b', "'(?<'"],
      ['(?<name>a)', "'(?<'"],
      ['a(?=b)', "'(?='"],
      ['a(?!b)', "'(?!'"],
      ['(a)\\1', "'\\1'"],
      ['\\0', "'\\0'"],
      ['\\bword', "'\\b'"],
      ['\\x41', "'\\x'"],
      ['\\p{L}', "'\\p'"],
      ['[]a]', "']' first"],
      ['[^]a]', "']' first"],
      ['[[:alpha:]]', "'[:'"],
      ['[\\D]', "'\\D'"],
      ['^\\w+$', "'\\w' depends on the database locale in PostgreSQL; write [A-Za-z0-9_]"],
      ['\\d{3}', "write [0-9]"],
      ['a\\sb', "write [ \\t]"],
    ])('%s', (pattern, fragment) => {
      const reason = posixRegexProblem(pattern);
      expect(reason).toContain(fragment);
      expect(problem(leaf('industry', 'regex', pattern))).toEqual({ path: '/value', reason });
    });

    it.each(['^(manu|log)', '(?:ab|cd)+e', '[0-9]{2,}[^ ]', '[^a-z]', '[\\]x]', 'a\\.b\\/', '\\u00e9t\\u00E9', 'x*?y', '[a-c0-9_]', '\\t\\n\\r\\f\\v'])('accepts %s', (pattern) => {
      expect(posixRegexProblem(pattern)).toBeUndefined();
    });
  });
});

describe('featureCatalog', () => {
  it('lists the base features, then usage volume and share per family, each explained', () => {
    const catalog = featureCatalog(['mobile', 'iotPool', 'mobile']);
    expect([...catalog.keys()]).toEqual([
      'spendThisPeriod', 'spendAverage3', 'spendTrend3', 'periodsBilled', 'productCount', 'productFamilies', 'tenureDays', 'overdueBills', 'numberOfEmployees', 'industry',
      'usageVolume.mobile', 'usageShare.mobile', 'usageVolume.iotPool', 'usageShare.iotPool',
    ]);
    for (const [name, f] of catalog) {
      expect(f.name).toBe(name);
      expect(f.meaning).toMatch(/^[A-Z].*\.$/);
    }
    expect(catalog.get('usageVolume.iotPool')).toMatchObject({ type: 'number', unit: 'mixed', sql: "coalesce((f.usage_volume ->> 'iotPool')::numeric, 0)" });
    expect(catalog.get('usageShare.mobile')).toMatchObject({ type: 'number', unit: 'ratio', sql: "coalesce((f.usage_share ->> 'mobile')::numeric, 0)" });
    expect(catalog.get('productFamilies')).toMatchObject({ type: 'stringList', sql: 'f.families' });
  });

  it.each(["mo'bile", 'Mobile', 'mobile fleet', 'iot-pool', '', "x')::numeric; DROP TABLE customer; --"])('refuses the family name %j', (family) => {
    expect(() => featureCatalog([family])).toThrow(/cannot name a feature/);
  });
});

describe('compileSegmentRule', () => {
  const compile = (rule: unknown, params = new SqlParams()) => {
    const parsed = parseSegmentRule(rule, features);
    if (!('rule' in parsed)) throw new Error(JSON.stringify(parsed.problems));
    return { ...compileSegmentRule(parsed.rule, features, params), values: params.values };
  };

  it('compiles each leaf to a NULL-safe comparison and composes them with AND / OR / NOT', () => {
    const c = compile({ all: [leaf('spendThisPeriod', 'gte', 1000), { any: [leaf('industry', 'ne', 'retail'), { not: leaf('listed', 'eq', true) }] }] });
    expect(c.predicate).toBe(
      '(coalesce((f.spend) >= $1::numeric, false) AND ((NOT coalesce((f.industry) = $2::text, false)) OR (NOT coalesce((f.listed) = $3::boolean, false))))',
    );
    expect(c.values).toEqual([1000, 'retail', true]);
    expect(c.windows).toEqual([]);
    expect(c.conditions).toEqual([
      { path: '/all/0', description: 'spendThisPeriod ≥ 1000', truth: 'coalesce((f.spend) >= $1::numeric, false)', value: 'f.spend' },
      { path: '/all/1/any/0', description: 'industry ≠ "retail"', truth: '(NOT coalesce((f.industry) = $2::text, false))', value: 'f.industry' },
      { path: '/all/1/any/1/not', description: 'listed = true', truth: 'coalesce((f.listed) = $3::boolean, false)', value: 'f.listed' },
    ]);
  });

  it.each<[unknown, string, string, unknown]>([
    [leaf('productCount', 'in', [1, 2]), 'coalesce((f.product_count) = ANY($1::numeric[]), false)', 'productCount in [1, 2]', [1, 2]],
    [leaf('industry', 'in', ['a', 'b']), 'coalesce((f.industry) = ANY($1::text[]), false)', 'industry in ["a", "b"]', ['a', 'b']],
    [leaf('industry', 'regex', '^man'), 'coalesce((f.industry) ~ $1::text, false)', 'industry matches "^man"', '^man'],
    [leaf('productFamilies', 'eq', 'mobile'), 'coalesce($1::text = ANY((f.families)), false)', 'productFamilies contains "mobile"', 'mobile'],
    [leaf('productFamilies', 'ne', 'mobile'), '(NOT coalesce($1::text = ANY((f.families)), false))', 'productFamilies does not contain "mobile"', 'mobile'],
    [leaf('productFamilies', 'in', ['iot', 'cloud']), 'coalesce((f.families) && $1::text[], false)', 'productFamilies contains any of ["iot", "cloud"]', ['iot', 'cloud']],
    [leaf('spendTrend3', 'lt', -0.25), 'coalesce((f.spend_trend3) < $1::numeric, false)', 'spendTrend3 < -0.25', -0.25],
  ])('%j', (rule, truth, description, value) => {
    const c = compile(rule);
    expect(c).toMatchObject({ predicate: truth, conditions: [{ path: '', truth, description }], values: [value] });
  });

  it('turns percentiles into window columns over non-NULL values', () => {
    const c = compile({ any: [{ feature: 'spendThisPeriod', topPercent: 20 }, { feature: 'usageVolume.mobile', bottomPercent: 10 }] });
    const volume = "(coalesce((f.usage_volume ->> 'mobile')::numeric, 0))";
    expect(c.windows).toEqual([
      // money ranks within a currency
      { alias: 'w1', sql: 'CASE WHEN (f.spend) IS NULL THEN NULL ELSE cume_dist() OVER (PARTITION BY (f.spend) IS NULL, f.currency ORDER BY (f.spend) DESC) END' },
      { alias: 'w2', sql: `CASE WHEN ${volume} IS NULL THEN NULL ELSE cume_dist() OVER (PARTITION BY ${volume} IS NULL ORDER BY ${volume} ASC) END` },
    ]);
    expect(c.predicate).toBe('(coalesce(w1 <= ($1::numeric / 100)::float8, false) OR coalesce(w2 <= ($2::numeric / 100)::float8, false))');
    expect(c.values).toEqual([20, 10]);
    expect(c.conditions.map((x) => [x.path, x.description])).toEqual([
      ['/any/0', 'spendThisPeriod in the top 20 % among customers billed in the same currency'],
      ['/any/1', 'usageVolume.mobile in the bottom 10 %'],
    ]);
  });

  it('continues the numbering of parameters already bound', () => {
    const params = new SqlParams();
    params.add('2025-01', 'text');
    expect(compile(leaf('productCount', 'gt', 3), params).predicate).toBe('coalesce((f.product_count) > $2::numeric, false)');
  });

  it('never puts a value into the SQL text', () => {
    const nasty = ["x'; DROP TABLE customer; --", "O'Brien", 'a"b', '$1', '{a,b}', "\\'; SELECT 1; --"];
    const c = compile({
      all: [
        ...nasty.map((v) => leaf('industry', 'eq', v)),
        leaf('industry', 'in', nasty),
        leaf('industry', 'regex', "^x'; DROP"),
        leaf('productFamilies', 'in', nasty),
        { not: leaf('productFamilies', 'eq', nasty[0]) },
        leaf('spendThisPeriod', 'gt', 123456789),
        { feature: 'spendThisPeriod', topPercent: 17.5 },
      ],
    });
    const sqlTexts = [c.predicate, ...c.windows.map((w) => w.sql), ...c.conditions.flatMap((x) => [x.truth, x.value])];
    for (const text of sqlTexts) {
      for (const v of [...nasty.filter((v) => v !== '$1'), "^x'; DROP", '123456789', '17.5', 'DROP', "'"]) expect(text).not.toContain(v);
    }
    expect(c.values).toEqual(expect.arrayContaining([...nasty, nasty, "^x'; DROP", 123456789, 17.5]));
  });

  it('refuses a rule checked against another catalog', () => {
    expect(() => compileSegmentRule(leaf('usageVolume.iot', 'gt', 1) as SegmentRule, features, new SqlParams())).toThrow(/unknown feature 'usageVolume.iot'/);
  });
});
