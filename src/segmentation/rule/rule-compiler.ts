// Compiles a validated segment rule to parameterized SQL over a feature snapshot row (alias `f`). Rule values only
// ever travel as bound parameters (SqlParams); the SQL text is built from code-defined feature expressions only.
//
// The statement a caller builds (`windows` computed over the whole evaluation population, then filtered):
//   SELECT … FROM (SELECT f.*, <w.sql> AS <w.alias>, … FROM <snapshot> f) f WHERE <predicate>
// The inner SELECT's FROM/WHERE is the population percentiles rank (window functions cannot go into WHERE, and other
// conditions must not shrink it); window aliases are w1, w2, … so snapshot columns must not use those names.
//
// Semantics, chosen to be what someone writing a rule expects:
// - Two-valued logic. A missing feature value (SQL NULL) makes a comparison false, never unknown: every leaf is
//   `coalesce(<comparison>, false)`, so `all`/`any`/`not` are plain AND/OR/NOT and `not` of a leaf on a missing
//   value is true.
// - `ne` is exactly `not eq`: true when the value is missing (an unrecorded industry is not 'retail'; a customer
//   without products does not own 'mobile'), as `ne` also matches absent attributes in this API's TMF630 filters.
// - topPercent n: the customers whose value ranks in the highest n %, i.e. whose share of customers with a value at
//   least as high (ties included) is at most n % — cume_dist() ≤ n/100 in descending order. Equal values are always
//   in or out together, and a tie group straddling the boundary stays out, so the group never exceeds n % (it may
//   be smaller, even empty when everybody ties). bottomPercent mirrors it in ascending order. Customers without a
//   value (NULL) are never in a group and are not ranked: percentages are of the customers that have a value.
import { FeatureCatalog, FeatureDefinition } from '../features/feature-catalog';
import { SqlParams } from '../../tmf/query/sql-params';
import { ComparisonOp, ComparisonRule, LeafRule, OPS_BY_TYPE, SegmentRule } from './segment-rule';

export interface RuleWindow {
  /** Column alias for the sub-select; the predicate refers to it unqualified. */
  alias: string;
  /** A window-function expression over the snapshot rows (alias `f`). */
  sql: string;
}

export interface RuleCondition {
  /** JSON Pointer of the leaf in the rule. */
  path: string;
  /** For people, e.g. "spendThisPeriod ≥ 1000", "spendThisPeriod in the top 20 %". */
  description: string;
  /** SQL boolean (never NULL) for this leaf alone, as in the predicate (same parameters); under a `not`, before it. */
  truth: string;
  /** SQL for the feature value this leaf looked at. */
  value: string;
}

export interface CompiledSegmentRule {
  predicate: string;
  windows: RuleWindow[];
  conditions: RuleCondition[];
}

const SYMBOL: Record<ComparisonOp, string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'in', regex: 'matches' };
const LIST_SYMBOL: Partial<Record<ComparisonOp, string>> = { eq: 'contains', ne: 'does not contain', in: 'contains any of' };
const SQL_OP: Partial<Record<ComparisonOp, string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
const CAST = { number: 'numeric', string: 'text', stringList: 'text', boolean: 'boolean' } as const;

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map(show).join(', ')}]` : typeof v === 'string' ? JSON.stringify(v) : String(v));

class RuleCompiler {
  readonly windows: RuleWindow[] = [];
  readonly conditions: RuleCondition[] = [];

  constructor(
    private readonly features: FeatureCatalog,
    private readonly params: SqlParams,
    private readonly windowPrefix: string,
  ) {}

  compile(rule: SegmentRule, path: string): string {
    if ('all' in rule) return `(${rule.all.map((r, i) => this.compile(r, `${path}/all/${i}`)).join(' AND ')})`;
    if ('any' in rule) return `(${rule.any.map((r, i) => this.compile(r, `${path}/any/${i}`)).join(' OR ')})`;
    if ('not' in rule) return `(NOT ${this.compile(rule.not, `${path}/not`)})`;
    return this.leaf(rule, path);
  }

  private feature(name: string): FeatureDefinition {
    const feature = this.features.get(name);
    // parseSegmentRule checked the rule against a catalog: a miss here means a different catalog was passed
    if (!feature) throw new Error(`segment rule uses unknown feature '${name}'`);
    return feature;
  }

  private leaf(rule: LeafRule, path: string): string {
    const feature = this.feature(rule.feature);
    const expr = `(${feature.sql})`;
    let truth: string;
    let description: string;
    if ('op' in rule) {
      truth = this.comparison(rule, feature, expr);
      const symbol = feature.type === 'stringList' ? LIST_SYMBOL[rule.op] : SYMBOL[rule.op];
      description = `${feature.name} ${symbol} ${show(rule.value)}`;
    } else {
      if (feature.type !== 'number') throw new Error(`percentiles rank number features; '${feature.name}' is ${feature.type}`);
      const top = 'topPercent' in rule;
      const percent = top ? rule.topPercent : rule.bottomPercent;
      const alias = `${this.windowPrefix}${this.windows.length + 1}`;
      // the CASE keeps customers without a value out of every group; the partition keeps them out of the ranking
      const partition = [`${expr} IS NULL`, ...(feature.rankWithin ? [feature.rankWithin] : [])].join(', ');
      const rank = `cume_dist() OVER (PARTITION BY ${partition} ORDER BY ${expr} ${top ? 'DESC' : 'ASC'})`;
      this.windows.push({ alias, sql: `CASE WHEN ${expr} IS NULL THEN NULL ELSE ${rank} END` });
      // n/100 in exact numeric, then to float8 like cume_dist(): at a boundary (3 of 30 in the top 10 %) both are the
      // double nearest the same fraction, so the boundary customer is in
      truth = `coalesce(${alias} <= (${this.params.add(percent, 'numeric')} / 100)::float8, false)`;
      description = `${feature.name} in the ${top ? 'top' : 'bottom'} ${percent} %${feature.rankWithinMeaning ? ` ${feature.rankWithinMeaning}` : ''}`;
    }
    this.conditions.push({ path, description, truth, value: feature.sql });
    return truth;
  }

  private comparison(rule: ComparisonRule, feature: FeatureDefinition, expr: string): string {
    if (!OPS_BY_TYPE[feature.type].includes(rule.op)) throw new Error(`'${rule.op}' does not apply to ${feature.type} feature '${feature.name}'`);
    const cast = CAST[feature.type];
    if (rule.op === 'ne') return `(NOT ${this.comparison({ ...rule, op: 'eq' }, feature, expr)})`;
    let cmp: string;
    if (feature.type === 'stringList') {
      cmp = rule.op === 'in' ? `${expr} && ${this.params.add(rule.value, 'text[]')}` : `${this.params.add(rule.value, 'text')} = ANY(${expr})`;
    } else if (rule.op === 'in') {
      cmp = `${expr} = ANY(${this.params.add(rule.value, `${cast}[]`)})`;
    } else if (rule.op === 'regex') {
      cmp = `${expr} ~ ${this.params.add(rule.value, 'text')}`;
    } else {
      cmp = `${expr} ${SQL_OP[rule.op] ?? '='} ${this.params.add(rule.value, cast)}`;
    }
    return `coalesce(${cmp}, false)`;
  }
}

/**
 * The SQL for a rule returned by parseSegmentRule with the same catalog: the predicate, the window columns it needs
 * and one condition per leaf in rule order (which held, and the values seen, explain why a customer matched).
 * Parameters are appended to `params`, shared by the predicate, the windows and the conditions. Window aliases are
 * `<windowPrefix>1`, `<windowPrefix>2`, … (distinct prefixes let several rules share one statement).
 */
export function compileSegmentRule(rule: SegmentRule, features: FeatureCatalog, params: SqlParams, windowPrefix = 'w'): CompiledSegmentRule {
  const compiler = new RuleCompiler(features, params, windowPrefix);
  const predicate = compiler.compile(rule, '');
  return { predicate, windows: compiler.windows, conditions: compiler.conditions };
}
