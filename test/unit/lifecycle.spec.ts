import { CATALOG_LIFECYCLE } from '../../src/catalog/catalog.resources';
import { TmfException } from '../../src/tmf/errors';
import { Lifecycle } from '../../src/tmf/resource/lifecycle';

function moveError(lifecycle: Lifecycle, from: unknown, to: unknown): TmfException | undefined {
  try {
    lifecycle.assertMove(from, to);
    return undefined;
  } catch (e) {
    return e as TmfException;
  }
}

describe('Lifecycle.forwardOnly (the TMF620 life cycle)', () => {
  const order = ['In study', 'In design', 'In test', 'Active', 'Launched', 'Retired', 'Obsolete'];

  it('starts new resources In study and accepts any known state on create', () => {
    expect(CATALOG_LIFECYCLE.onCreate(undefined)).toBe('In study');
    expect(CATALOG_LIFECYCLE.onCreate(null)).toBe('In study');
    expect(CATALOG_LIFECYCLE.onCreate('Launched')).toBe('Launched');
    expect(() => CATALOG_LIFECYCLE.onCreate('launched')).toThrow(/lifecycleStatus must be one of 'In study'/);
    expect(() => CATALOG_LIFECYCLE.onCreate(3)).toThrow(TmfException);
  });

  it.each(order.flatMap((from, i) => order.slice(i + 1).map((to) => [from, to])))('allows the forward move %s → %s', (from, to) => {
    expect(moveError(CATALOG_LIFECYCLE, from, to)).toBeUndefined();
  });

  it.each(order.flatMap((from, i) => order.slice(0, i).map((to) => [from, to])))('refuses the backward move %s → %s', (from, to) => {
    const error = moveError(CATALOG_LIFECYCLE, from, to);
    expect(error?.getStatus()).toBe(400);
    expect(error?.code).toBe('invalidStateTransition');
    expect(error?.message).toContain(`cannot move from '${from}' to '${to}'`);
  });

  it('reaches Rejected from every state before Launched, and nothing from Rejected', () => {
    for (const from of order.slice(0, 4)) expect(moveError(CATALOG_LIFECYCLE, from, 'Rejected')).toBeUndefined();
    for (const from of order.slice(4)) expect(moveError(CATALOG_LIFECYCLE, from, 'Rejected')?.code).toBe('invalidStateTransition');
    for (const to of order) expect(moveError(CATALOG_LIFECYCLE, 'Rejected', to)?.message).toContain(`'Rejected' is final`);
  });

  it('treats staying put as no move and names the allowed next states', () => {
    expect(moveError(CATALOG_LIFECYCLE, 'Launched', 'Launched')).toBeUndefined();
    expect(moveError(CATALOG_LIFECYCLE, 'Launched', 'Active')?.message).toContain(`allowed next states: 'Retired', 'Obsolete'`);
  });

  it('refuses unknown or removed states', () => {
    expect(moveError(CATALOG_LIFECYCLE, 'Active', 'Paused')?.code).toBe('invalidBody');
    expect(moveError(CATALOG_LIFECYCLE, 'Active', undefined)?.code).toBe('invalidBody');
  });
});
