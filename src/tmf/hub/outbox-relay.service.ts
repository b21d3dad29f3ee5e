import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { Database } from '../../database/database.service';
import { deliveryJobId, JOB_OPTIONS, QUEUES } from '../../jobs/queues';
import { FilterCondition } from '../query/filter';
import { matches } from '../query/matcher';
import { resourceOfEvent } from '../resource/resource-definition';
import { parseEventQuery } from './event-query';
import { HubRepository, Subscription } from './hub.repository';
import { OUTBOX_CHANNEL, OutboxRepository, PendingEvent } from './outbox.repository';

const BATCH = 500;
const POLL_MS = 1000;

/**
 * Moves outbox events to the delivery queue: one job per (event, matching subscription), with a deterministic
 * job id, then marks the events relayed — all inside one transaction that holds the claimed rows. Woken by
 * NOTIFY on commit, and polls as a fallback; several workers can run it (SKIP LOCKED).
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private readonly parsed = new Map<string, FilterCondition[] | null>();

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly hubs: HubRepository,
    @InjectQueue(QUEUES.eventDelivery) private readonly deliveries: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const options = this.db.pool.options;
    this.listener = new Client({ connectionString: options.connectionString });
    this.listener.on('notification', () => this.wake());
    this.listener.on('error', (e) => this.logger.warn(`outbox listener: ${e.message}`));
    try {
      await this.listener.connect();
      await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (e) {
      this.logger.warn(`outbox LISTEN unavailable, polling only: ${(e as Error).message}`);
    }
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Runs the relay now, or once more after the current run. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((e) => this.logger.error(`outbox relay failed: ${(e as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Relays batches until the outbox is empty; returns the number of events relayed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH || this.stopped) return total;
    }
  }

  private async relayBatch(): Promise<number> {
    return this.db.transaction(async (client) => {
      const events = await this.outbox.claimBatch(client, BATCH);
      if (!events.length) return 0;
      const subscriptions = await this.hubs.forApis(client, [...new Set(events.map((e) => e.api))]);
      const pairs = events.flatMap((e) => subscriptions.filter((s) => this.wants(s, e)).map((s) => ({ outboxId: String(e.id), subscriptionId: s.id })));
      await this.hubs.addDeliveries(client, pairs);
      if (pairs.length) {
        await this.deliveries.addBulk(
          pairs.map((p) => ({ name: 'deliver', data: p, opts: { ...JOB_OPTIONS[QUEUES.eventDelivery], jobId: deliveryJobId(p.outboxId, p.subscriptionId) } })),
        );
      }
      await this.outbox.markRelayed(client, events.map((e) => String(e.id)));
      return events.length;
    });
  }

  /** A subscription receives the events of its API raised after it was registered that match its query. */
  private wants(s: Subscription, e: PendingEvent): boolean {
    if (s.api !== e.api || s.createdAt > e.createdAt) return false;
    const def = resourceOfEvent(e.api, e.payload.eventType);
    if (!def) return !s.query;
    const key = `${s.id}|${def.name}|${s.query ?? ''}`;
    if (!this.parsed.has(key)) {
      if (this.parsed.size > 10_000) this.parsed.clear();
      try {
        this.parsed.set(key, parseEventQuery(def, s.query));
      } catch {
        this.parsed.set(key, null); // the query names attributes of another resource of this API
      }
    }
    const filters = this.parsed.get(key);
    return filters !== null && filters !== undefined && matches(e.payload, filters);
  }
}
