// Segment rules: the JSON integrators write by hand to define a customer segment, and its strict validation. Every
// problem is reported with a JSON Pointer into the rule, so one round trip fixes them all; nothing unknown is
// silently ignored (a typo must never widen or narrow a segment unnoticed).
import { FeatureCatalog, FeatureType } from '../features/feature-catalog';

export const COMPARISON_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'regex'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export type RuleValue = number | string | boolean | number[] | string[];

export interface AllRule { all: SegmentRule[] }
export interface AnyRule { any: SegmentRule[] }
export interface NotRule { not: SegmentRule }
export interface ComparisonRule { feature: string; op: ComparisonOp; value: RuleValue }
/** The customers whose value ranks in the highest n % (0 < n ≤ 100) of the evaluation; ties and NULLs: rule-compiler.ts. */
export interface TopPercentRule { feature: string; topPercent: number }
export interface BottomPercentRule { feature: string; bottomPercent: number }
export type LeafRule = ComparisonRule | TopPercentRule | BottomPercentRule;
export type SegmentRule = AllRule | AnyRule | NotRule | LeafRule;

export interface RuleProblem {
  /** JSON Pointer into the rule ("" is the rule itself; a missing member points where it belongs). */
  path: string;
  reason: string;
}

/** Depth counts rule nodes from the root (the root is level 1); nodes count every rule object, leaves included. */
export const RULE_LIMITS = Object.freeze({ maxChildren: 50, maxDepth: 10, maxNodes: 200, maxInValues: 1000, maxRegexLength: 200 });

/** The ops each feature type takes (stringList: eq = contains, ne = does not contain, in = contains any of). */
export const OPS_BY_TYPE: Readonly<Record<FeatureType, readonly ComparisonOp[]>> = {
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
  string: ['eq', 'ne', 'in', 'regex'],
  stringList: ['eq', 'ne', 'in'],
  boolean: ['eq', 'ne'],
};

const SHAPE_KEYS = ['all', 'any', 'not', 'feature'];
const LEAF_KINDS = ['op', 'topPercent', 'bottomPercent'];
const SCALAR: Record<FeatureType, 'number' | 'string' | 'boolean'> = { number: 'number', string: 'string', stringList: 'string', boolean: 'boolean' };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/** JSON Pointer escaping (RFC 6901): `~` → `~0`, `/` → `~1`. */
function pointer(base: string, key: string | number): string {
  return `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length];
}

/** The 3 known names closest to a typo: names containing it first, then by edit distance (case-insensitive). */
export function closestNames(name: string, known: Iterable<string>): string[] {
  const n = name.toLowerCase();
  const score = (k: string) => (k.toLowerCase().includes(n) && n ? 0 : 1000) + editDistance(n, k.toLowerCase());
  return [...known].sort((a, b) => score(a) - score(b) || a.localeCompare(b)).slice(0, 3);
}

/** What to write instead of the class escapes, whose meaning in PostgreSQL depends on the database locale. */
const CLASS_ESCAPES: Record<string, string> = { d: '[0-9]', D: '[^0-9]', w: '[A-Za-z0-9_]', W: '[^A-Za-z0-9_]', s: '[ \\t]', S: '[^ \\t]' };

/**
 * Why a (JavaScript-valid) pattern is outside the syntax JavaScript and PostgreSQL read alike; undefined when inside.
 * The parser compiles patterns with JavaScript but PostgreSQL runs them (its ARE flavour of POSIX regular
 * expressions), and the two disagree on extensions, so only a conservative common subset passes: no `(?…)` group but
 * `(?:` (PostgreSQL has no named groups and other inline-flag rules; lookaround is left out as the portable POSIX
 * core lacks it), no backreferences or digit escapes (`\1` without a group is an octal escape in JavaScript), no
 * class escapes \d \w \s (ASCII in JavaScript, locale-dependent in PostgreSQL: `\w` matches `é` there), no letter
 * escapes but \n \r \t \f \v \uXXXX (`\b` is a word boundary in JavaScript but a backspace in PostgreSQL; `\x`
 * takes 2 hex digits in one, any number in the other), no `]` first in a bracket (`[]` is empty in JavaScript, a
 * literal `]` in POSIX) and no POSIX classes `[[:alpha:]]`, which JavaScript reads as plain characters. A difference
 * left: `.` matches a newline in PostgreSQL, not in JavaScript (feature values are one line).
 */
export function posixRegexProblem(pattern: string): string | undefined {
  const why = 'segment rules take only the regular-expression syntax JavaScript and PostgreSQL read alike';
  let bracket = -1; // the index where the open bracket's content starts, -1 outside brackets
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const e = pattern[++i] ?? '';
      if (/[0-9]/.test(e)) return `backreferences and digit escapes ('\\${e}') are not allowed: ${why}`;
      if (CLASS_ESCAPES[e]) return `the escape '\\${e}' depends on the database locale in PostgreSQL; write ${CLASS_ESCAPES[e]}`;
      if (e === 'u' && /^[0-9a-fA-F]{4}/.test(pattern.slice(i + 1))) i += 4;
      else if (/[a-zA-Z]/.test(e) && !'nrtfv'.includes(e)) return `the escape '\\${e}' is not allowed: ${why}`;
    } else if (bracket >= 0) {
      if (c === ']' && i === bracket) return `']' first in a bracket expression is not allowed (write '\\]'): ${why}`;
      if (c === ']') bracket = -1;
      else if (c === '[' && /[:.=]/.test(pattern[i + 1] ?? '')) return `POSIX bracket classes ('[${pattern[i + 1]}') are not allowed: ${why}`;
    } else if (c === '[') {
      bracket = pattern[i + 1] === '^' ? i + 2 : i + 1;
      if (pattern[i + 1] === '^') i++;
    } else if (c === '(' && pattern[i + 1] === '?' && pattern[i + 2] !== ':') {
      return `'(?${pattern[i + 2] ?? ''}' (lookahead, lookbehind, named groups, inline flags) is not allowed: ${why}`;
    }
  }
  return undefined;
}

class RuleValidator {
  readonly problems: RuleProblem[] = [];
  private nodes = 0;
  private tooLarge = false;

  constructor(private readonly features: FeatureCatalog) {}

  private problem(path: string, reason: string): void {
    this.problems.push({ path, reason });
  }

  /** The validated copy of a node, or undefined when it has problems (which are recorded). */
  node(input: unknown, path: string, depth: number): SegmentRule | undefined {
    if (this.tooLarge) return undefined;
    if (++this.nodes > RULE_LIMITS.maxNodes) {
      // stop here: the work (and the problem list) stays bounded whatever the size of the input
      this.tooLarge = true;
      this.problem(path, `the rule has more than ${RULE_LIMITS.maxNodes} nodes`);
      return undefined;
    }
    if (depth > RULE_LIMITS.maxDepth) {
      this.problem(path, `rules nest at most ${RULE_LIMITS.maxDepth} levels deep`);
      return undefined;
    }
    if (!isObject(input)) {
      this.problem(path, `a rule is an object with one of ${quoted(SHAPE_KEYS)}; got ${kindOf(input)}`);
      return undefined;
    }
    const shapes = SHAPE_KEYS.filter((k) => Object.hasOwn(input, k));
    if (shapes.length !== 1) {
      const found = shapes.length ? `it has ${quoted(shapes)}` : `it has ${quoted(Object.keys(input)) || 'no keys'}`;
      this.problem(path, `a rule has exactly one of ${quoted(SHAPE_KEYS)}; ${found}`);
      return undefined;
    }
    const shape = shapes[0];
    if (shape === 'feature') return this.leaf(input, path);
    this.unknownKeys(input, path, [shape], `a rule with '${shape}' has no other keys`);
    if (shape === 'not') {
      const inner = this.node(input.not, pointer(path, 'not'), depth + 1);
      return inner && { not: inner };
    }
    const list = input[shape];
    const listPath = pointer(path, shape);
    if (!Array.isArray(list) || list.length === 0) {
      this.problem(listPath, `'${shape}' takes a non-empty array of rules; got ${Array.isArray(list) ? 'an empty array' : kindOf(list)}`);
      return undefined;
    }
    if (list.length > RULE_LIMITS.maxChildren) this.problem(listPath, `'${shape}' takes at most ${RULE_LIMITS.maxChildren} rules; got ${list.length}`);
    const children = list.map((child, i) => this.node(child, pointer(listPath, i), depth + 1));
    if (children.some((c) => c === undefined)) return undefined;
    return shape === 'all' ? { all: children as SegmentRule[] } : { any: children as SegmentRule[] };
  }

  private unknownKeys(input: Json, path: string, allowed: string[], hint: string): void {
    for (const key of Object.keys(input)) if (!allowed.includes(key)) this.problem(pointer(path, key), `unknown key '${key}': ${hint}`);
  }

  private leaf(input: Json, path: string): LeafRule | undefined {
    const before = this.problems.length;
    const type = this.feature(input.feature, pointer(path, 'feature'));
    const kinds = LEAF_KINDS.filter((k) => Object.hasOwn(input, k));
    const hint = `a feature rule has 'feature' with 'op' and 'value', or 'topPercent', or 'bottomPercent'`;
    if (kinds.length !== 1) {
      this.problem(kinds.length ? path : pointer(path, 'op'), kinds.length ? `${hint}; it has ${quoted(kinds)}` : `missing: ${hint}`);
      this.unknownKeys(input, path, ['feature', 'value', ...LEAF_KINDS], hint);
      return undefined;
    }
    const kind = kinds[0];
    this.unknownKeys(input, path, kind === 'op' ? ['feature', 'op', 'value'] : ['feature', kind], hint);
    if (kind === 'op') this.comparison(input, path, type);
    else this.percent(input[kind], pointer(path, kind), kind, type, String(input.feature));
    if (this.problems.length > before) return undefined;
    const feature = input.feature as string;
    if (kind !== 'op') return kind === 'topPercent' ? { feature, topPercent: input.topPercent as number } : { feature, bottomPercent: input.bottomPercent as number };
    const value = Array.isArray(input.value) ? [...input.value] : input.value;
    return { feature, op: input.op as ComparisonOp, value: value as RuleValue };
  }

  /** The feature's type; undefined (with a problem) when the name is not a known feature. */
  private feature(name: unknown, path: string): FeatureType | undefined {
    if (typeof name !== 'string') {
      this.problem(path, `'feature' is the name of a feature; got ${kindOf(name)}`);
      return undefined;
    }
    const definition = this.features.get(name);
    if (!definition) this.problem(path, `unknown feature '${name}'; closest known: ${closestNames(name, this.features.keys()).join(', ')}`);
    return definition?.type;
  }

  private comparison(input: Json, path: string, type: FeatureType | undefined): void {
    const op = input.op;
    let known: ComparisonOp | undefined;
    if (typeof op !== 'string' || !(COMPARISON_OPS as readonly string[]).includes(op)) {
      this.problem(pointer(path, 'op'), `unknown op ${typeof op === 'string' ? `'${op}'` : kindOf(op)}; valid ops: ${COMPARISON_OPS.join(', ')}`);
    } else if (type && !OPS_BY_TYPE[type].includes(op as ComparisonOp)) {
      this.problem(pointer(path, 'op'), `'${op}' does not apply to ${type} feature '${String(input.feature)}'; it takes ${OPS_BY_TYPE[type].join(', ')}`);
    } else {
      known = op as ComparisonOp;
    }
    const valuePath = pointer(path, 'value');
    if (!Object.hasOwn(input, 'value')) return this.problem(valuePath, `missing: '${String(op)}' needs a 'value'`);
    const value = input.value;
    // without a known op and feature type only the value's own soundness can be checked
    const scalar = known === 'regex' ? 'string' : known && type ? SCALAR[type] : undefined;
    if (known === 'in' || (!known && Array.isArray(value))) return this.list(value, valuePath, scalar);
    if (Array.isArray(value)) return this.problem(valuePath, `'${known}' takes a single value; only 'in' takes an array`);
    if (!this.scalar(value, valuePath, scalar)) return;
    if (known === 'regex') this.regex(value as string, valuePath);
  }

  private list(value: unknown, path: string, scalar: string | undefined): void {
    if (!Array.isArray(value) || value.length === 0) {
      return this.problem(path, `'in' takes a non-empty array${scalar ? ` of ${scalar}s` : ''}; got ${Array.isArray(value) ? 'an empty array' : kindOf(value)}`);
    }
    if (value.length > RULE_LIMITS.maxInValues) return this.problem(path, `'in' takes at most ${RULE_LIMITS.maxInValues} values; got ${value.length}`);
    value.forEach((v, i) => this.scalar(v, pointer(path, i), scalar));
  }

  /** Checks one value: never null or a non-finite number, and of the expected scalar type when known. */
  private scalar(value: unknown, path: string, scalar: string | undefined): boolean {
    const sound = value !== null && value !== undefined && (typeof value !== 'number' || Number.isFinite(value));
    const simple = typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
    if (!sound || !simple || (scalar && typeof value !== scalar)) {
      this.problem(path, `expected ${scalar ? `a ${scalar}` : 'a number, string or boolean'}; got ${kindOf(value)}`);
      return false;
    }
    // PostgreSQL text cannot hold NUL: such a value would fail every evaluation instead of matching nothing
    if (typeof value === 'string' && value.includes('\u0000')) this.problem(path, 'strings cannot contain the NUL character (\\u0000)');
    return true;
  }

  private regex(pattern: string, path: string): void {
    if (pattern.length > RULE_LIMITS.maxRegexLength) {
      return this.problem(path, `regular expressions are at most ${RULE_LIMITS.maxRegexLength} characters; got ${pattern.length}`);
    }
    try {
      new RegExp(pattern);
    } catch (e) {
      return this.problem(path, `not a valid regular expression: ${(e as Error).message}`);
    }
    const posix = posixRegexProblem(pattern);
    if (posix) this.problem(path, posix);
  }

  private percent(n: unknown, path: string, kind: string, type: FeatureType | undefined, feature: string): void {
    if (type && type !== 'number') this.problem(path, `'${kind}' ranks number features; '${feature}' is a ${type} feature`);
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 100) {
      this.problem(path, `'${kind}' is a number greater than 0 and at most 100; got ${typeof n === 'number' ? n : kindOf(n)}`);
    }
  }
}

/** Validates a rule against the feature catalog: the rule (a fresh copy) or every problem found. */
export function parseSegmentRule(input: unknown, features: FeatureCatalog): { rule: SegmentRule } | { problems: RuleProblem[] } {
  const validator = new RuleValidator(features);
  const rule = validator.node(input, '', 1);
  return rule && validator.problems.length === 0 ? { rule } : { problems: validator.problems };
}
