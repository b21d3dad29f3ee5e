import { badRequest } from '../errors';

/**
 * The states a resource's state attribute may take and the moves between them. Staying in a state is always
 * allowed (a patch that leaves the state alone is not a move).
 */
export class Lifecycle {
  private readonly moves: Map<string, Set<string>>;

  constructor(
    readonly attribute: string,
    readonly initial: string,
    moves: Record<string, string[]>,
  ) {
    this.moves = new Map(Object.entries(moves).map(([from, to]) => [from, new Set(to)]));
  }

  /**
   * States in `order` move only forward, skipping steps if they like; each `sideExit` state is reachable from
   * the listed states and is final.
   */
  static forwardOnly(attribute: string, order: string[], sideExits: Record<string, string[]> = {}): Lifecycle {
    const moves: Record<string, string[]> = {};
    order.forEach((state, i) => (moves[state] = order.slice(i + 1)));
    for (const [exit, from] of Object.entries(sideExits)) {
      moves[exit] = [];
      for (const state of from) moves[state].push(exit);
    }
    return new Lifecycle(attribute, order[0], moves);
  }

  get states(): string[] {
    return [...this.moves.keys()];
  }

  /** The state on create: the given one when it is a known state, else 400; the initial state when absent. */
  onCreate(value: unknown): string {
    if (value === undefined || value === null) return this.initial;
    this.assertKnown(value);
    return value as string;
  }

  /** Throws 400 unless `from` → `to` is allowed. */
  assertMove(from: unknown, to: unknown): void {
    if (from === to) return;
    this.assertKnown(to);
    const allowed = typeof from === 'string' ? this.moves.get(from) : undefined;
    if (allowed && !allowed.has(to as string)) {
      const next = [...allowed];
      throw badRequest(
        'invalidStateTransition',
        `${this.attribute} cannot move from '${String(from)}' to '${String(to)}'; ` +
          (next.length ? `allowed next states: ${next.map((s) => `'${s}'`).join(', ')}` : `'${String(from)}' is final`),
      );
    }
  }

  private assertKnown(value: unknown): void {
    if (typeof value !== 'string' || !this.moves.has(value)) {
      throw badRequest('invalidBody', `${this.attribute} must be one of ${this.states.map((s) => `'${s}'`).join(', ')}`);
    }
  }
}
