import { Injectable, Logger } from '@nestjs/common';
import { CallbackGuard } from './callback-guard';
import { HubRepository } from './hub.repository';
import { OutboxRepository } from './outbox.repository';

const TIMEOUT_MS = 10_000;

/** POSTs one event to one listener. Throws on failure so the queue retries with backoff. */
@Injectable()
export class EventDeliveryService {
  private readonly logger = new Logger(EventDeliveryService.name);
  constructor(
    private readonly hubs: HubRepository,
    private readonly outbox: OutboxRepository,
    private readonly callbacks: CallbackGuard,
  ) {}

  async deliver(outboxId: string, subscriptionId: string, lastAttempt: boolean): Promise<void> {
    const [subscription, event] = await Promise.all([this.hubs.find(subscriptionId), this.outbox.payload(outboxId)]);
    if (!subscription || !event) {
      await this.hubs.recordAttempt(outboxId, subscriptionId, { status: 'cancelled', error: subscription ? 'event gone' : 'subscription removed' });
      return;
    }
    // checked again at each delivery: the callback's name may resolve to another address by now
    const refusal = await this.callbacks.refusal(subscription.callback);
    if (refusal) {
      await this.hubs.recordAttempt(outboxId, subscriptionId, { status: 'failed', error: refusal });
      this.logger.warn({ outboxId, subscriptionId, error: refusal }, 'event delivery refused');
      return;
    }
    let code: number | undefined;
    let error: string | undefined;
    try {
      const response = await fetch(subscription.callback, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      code = response.status;
      await response.body?.cancel();
      if (response.ok) {
        await this.hubs.recordAttempt(outboxId, subscriptionId, { status: 'delivered', code });
        return;
      }
      error = `listener answered ${code}`;
    } catch (e) {
      error = (e as Error).message;
    }
    await this.hubs.recordAttempt(outboxId, subscriptionId, { status: lastAttempt ? 'failed' : 'pending', code, error });
    this.logger.warn({ outboxId, subscriptionId, code, error, lastAttempt }, 'event delivery failed');
    throw new Error(`delivery to subscription ${subscriptionId} failed: ${error}`);
  }
}
