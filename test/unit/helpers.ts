// Shared helpers for the TMF630 toolkit unit tests (not a spec file itself).
import 'reflect-metadata';
import { CustomerCreateDto } from '../../src/customer/dto/customer.dto';
import { TmfException } from '../../src/tmf/errors';
import { FilterCondition, ListQuery } from '../../src/tmf/query/filter';
import { parseListQuery } from '../../src/tmf/query/query-parser';
import { AttributeTree, resourceTree } from '../../src/tmf/schema/attribute-tree';

/** The attribute tree of a stored Customer: the TMF629 Customer_Create DTO plus id and href. */
export const customerTree: AttributeTree = resourceTree(CustomerCreateDto);

export const query = (raw: string): ListQuery => parseListQuery(raw, customerTree);

/** The filter conditions of a raw query, reduced to what the tests compare. */
export const conditions = (raw: string) =>
  query(raw).filters.map((c: FilterCondition) => ({ path: c.path.join('.'), op: c.op, values: c.values }));

/** Runs `fn` and returns the TmfException it throws; fails the test when it throws nothing or something else. */
export function tmfError(fn: () => unknown): TmfException {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error('expected a TmfException, but nothing was thrown');
  if (!(thrown instanceof TmfException)) {
    throw new Error(`expected a TmfException, got ${(thrown as Error)?.constructor?.name}: ${(thrown as Error)?.message}`);
  }
  return thrown;
}

/** Asserts that `fn` throws a TmfException with this HTTP status and TMF error code. */
export function expectTmfError(fn: () => unknown, status: number, code: string): TmfException {
  const e = tmfError(fn);
  expect(e.getStatus()).toBe(status);
  expect(e.toBody().code).toBe(code);
  expect(e.toBody().status).toBe(String(status));
  expect(e.toBody()['@type']).toBe('Error');
  return e;
}

export const expectInvalidQuery = (raw: string) => expectTmfError(() => query(raw), 400, 'invalidQuery');
