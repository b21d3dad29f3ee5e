import { equalityOperands, FilterCondition, FilterValue, orderingOperand } from './filter';

/** Every value found at `path`, walking into arrays at each step (as jsonpath's lax mode does in SQL). */
function valuesAt(obj: unknown, path: string[]): unknown[] {
  let current: unknown[] = [obj];
  for (const step of path) {
    const next: unknown[] = [];
    for (const item of current.flatMap((c) => (Array.isArray(c) ? c : [c]))) {
      if (item && typeof item === 'object' && step in (item as object)) next.push((item as Record<string, unknown>)[step]);
    }
    current = next;
  }
  return current.flatMap((c) => (Array.isArray(c) ? c : [c]));
}

/** Like jsonpath: values of different JSON types never compare. */
function compare(actual: unknown, expected: FilterValue): number | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (typeof actual === 'string' && typeof expected === 'string') return actual < expected ? -1 : actual > expected ? 1 : 0;
  return undefined;
}

function holds(c: FilterCondition, actual: unknown, expected: FilterValue): boolean {
  switch (c.op) {
    case 'eq':
    case 'ne':
      return equalityOperands(c, expected).some((v) => actual === v);
    case 'regex':
      return typeof actual === 'string' && new RegExp(String(expected)).test(actual);
    default: {
      const d = compare(actual, orderingOperand(c, expected));
      if (d === undefined) return false;
      return c.op === 'gt' ? d > 0 : c.op === 'gte' ? d >= 0 : c.op === 'lt' ? d < 0 : d <= 0;
    }
  }
}

/** Evaluates filter conditions on a document in memory, with the same meaning as the SQL compiler. */
export function matches(doc: unknown, filters: FilterCondition[]): boolean {
  return filters.every((c) => {
    const found = valuesAt(doc, c.path);
    const any = found.some((a) => c.values.some((v) => holds(c, a, v)));
    return c.op === 'ne' ? !any : any;
  });
}
