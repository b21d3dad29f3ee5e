import { InjectQueue } from '@nestjs/bullmq';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { PoolClient } from 'pg';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database.service';
import { BillOnDemandPayload, billOnDemandJobId, JOB_OPTIONS, QUEUES } from '../../jobs/queues';
import { badRequest, TmfException } from '../../tmf/errors';
import { OutboxRepository } from '../../tmf/hub/outbox.repository';
import { Json } from '../../tmf/resource/document.repository';
import { TmfResourceService } from '../../tmf/resource/resource.service';
import { billingAccountHref, BillingAccountRepository } from '../billing-account.repository';
import { BillCycle, currentCycleEnd } from '../bill-run/billing-cycle';
import { BillingService } from './billing.service';
import { Clock } from './clock';
import { CUSTOMER_BILL, CUSTOMER_BILL_ON_DEMAND } from './customer-bill.resources';
import { resourceHref } from '../../tmf/resource/resource-definition';

/** Thrown by a job that runs before the request's transaction has committed: BullMQ retries it. */
class RequestNotVisibleYet extends Error {}

/**
 * TMF678 CustomerBillOnDemand: a request to bill one account now. The request is recorded `inProgress`; a job
 * bills the account's unbilled charges up to that moment (an `offCycle` bill) and moves it to `done`, or to
 * `terminatedWithError` with the reason in `description`.
 */
@Injectable()
export class BillOnDemandService extends TmfResourceService {
  constructor(
    db: Database,
    outbox: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accounts: BillingAccountRepository,
    private readonly billing: BillingService,
    @InjectQueue(QUEUES.billOnDemand) private readonly queue: Queue<BillOnDemandPayload>,
    private readonly clock: Clock,
  ) {
    super(CUSTOMER_BILL_ON_DEMAND, db, outbox, config);
  }

  override async create(body: object): Promise<Json> {
    for (const attr of ['state', 'customerBill', 'lastUpdate'] as const) {
      if ((body as Json)[attr] !== undefined) throw badRequest('readOnlyAttribute', `'${attr}' is set by the server`);
    }
    const request = await super.create(body);
    const id = String(request.id);
    try {
      await this.queue.add('bill', { onDemandId: id }, { ...JOB_OPTIONS[QUEUES.billOnDemand], jobId: billOnDemandJobId(id) });
    } catch (e) {
      await this.db.transaction((client) => this.terminate(client, id, `The request could not be queued: ${(e as Error).message}`));
      throw new TmfException(HttpStatus.SERVICE_UNAVAILABLE, 'serviceUnavailable', 'Service Unavailable', 'The job queue (Redis) is unavailable; the request was recorded as terminatedWithError');
    }
    return request;
  }

  protected override async beforeCreate(client: PoolClient, doc: Json): Promise<void> {
    const accountId = String((doc.billingAccount as { id?: unknown } | undefined)?.id ?? '');
    const href = billingAccountHref(this.config.publicBaseUrl, accountId);
    const owners = await this.accounts.owners(client, [accountId]);
    if (!owners.has(accountId)) throw badRequest('invalidReference', `billing account '${accountId}' does not exist`, href);
    (doc.billingAccount as Json).id = accountId.toLowerCase();
    (doc.billingAccount as Json).href ??= href;
    (doc.billingAccount as Json)['@referredType'] ??= 'BillingAccount';
  }

  /** The job: bills the account up to now, in one transaction with the request's move to its final state. */
  async process(onDemandId: string): Promise<void> {
    const row = await this.repository.findById(onDemandId);
    if (!row) throw new RequestNotVisibleYet(`customerBillOnDemand ${onDemandId} is not visible yet`);
    if (row.doc.state !== 'inProgress') return;
    const accountId = String((row.doc.billingAccount as { id: string }).id);
    await this.db.transaction(async (client) => {
      const current = await this.repository.lock(client, onDemandId);
      if (current?.doc.state !== 'inProgress') return;
      // locked before reading how far it was billed: a bill run holding the lock may be billing it right now
      const account = (await this.accounts.lockForBilling(client, accountId)) ? await this.accounts.cycle(client, accountId) : undefined;
      if (!account) return void (await this.terminate(client, onDemandId, `billing account '${accountId}' no longer exists`));
      const now = this.clock.now();
      const outcome = await this.billing.bill(
        client,
        { kind: 'account', id: accountId },
        {
          period: { start: account.billedUntil < now ? account.billedUntil : now, end: now },
          billDate: now,
          paymentDueDate: new Date(now.getTime() + this.config.paymentTermDays * 86_400_000),
          nextBillDate: currentCycleEnd(account.billCycle as BillCycle, account.billDay, now),
          runType: 'offCycle',
          billRunId: null,
          onDemandId,
        },
      );
      if (outcome.parked.length) return void (await this.terminate(client, onDemandId, outcome.parked[0].reason));
      if (!outcome.bills) return void (await this.terminate(client, onDemandId, `billing account '${accountId}' has no unbilled charges up to ${now.toISOString()}`));
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM customer_bill WHERE on_demand_id = $1`, [onDemandId]);
      const billId = rows[0].id;
      await this.changeAsServer(client, onDemandId, (doc) => {
        doc.state = 'done';
        doc.customerBill = { id: billId, href: resourceHref(this.config.publicBaseUrl, CUSTOMER_BILL, billId), '@referredType': 'CustomerBill' };
      });
    });
  }

  private async terminate(client: PoolClient, id: string, reason: string): Promise<void> {
    await this.changeAsServer(client, id, (doc) => {
      doc.state = 'terminatedWithError';
      doc.description = reason;
    });
  }
}
