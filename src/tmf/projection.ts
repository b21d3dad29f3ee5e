const ALWAYS = ['id', 'href', '@type'];

function pick(value: unknown, paths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, paths));
  if (!value || typeof value !== 'object') return value;
  if (paths.some((p) => p.length === 0)) return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(src)) {
    const sub = paths.filter((p) => p[0] === key).map((p) => p.slice(1));
    if (sub.length) out[key] = pick(src[key], sub);
  }
  return out;
}

/** TMF630 attribute selection: keeps the requested (dotted) paths plus id, href and @type. */
export function project<T extends Record<string, unknown>>(resource: T, fields: string[][] | undefined): Partial<T> {
  if (!fields) return resource;
  return pick(resource, [...ALWAYS.map((a) => [a]), ...fields]) as Partial<T>;
}
