/** Collects bound parameters; `add` returns the placeholder. Values never become part of the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/** Quotes an identifier that comes from code (table and column names), never from a request. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier '${name}'`);
  return `"${name}"`;
}
