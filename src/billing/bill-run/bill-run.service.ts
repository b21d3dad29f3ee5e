import { InjectFlowProducer } from '@nestjs/bullmq';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { FlowProducer } from 'bullmq';
import Decimal from 'decimal.js';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database.service';
import { BILL_RUN_FLOW, billRunChunkJobId, billRunJobId, JOB_OPTIONS, QUEUES } from '../../jobs/queues';
import { badRequest, TmfException } from '../../tmf/errors';
import { OutboxRepository } from '../../tmf/hub/outbox.repository';
import { Json } from '../../tmf/resource/document.repository';
import { TmfResourceService } from '../../tmf/resource/resource.service';
import { SegmentEvaluatorService } from '../../segmentation/evaluation/segment-evaluator.service';
import { SegmentRunService } from '../../segmentation/evaluation/segment-run.service';
import { BillingService } from '../bill/billing.service';
import { BillRunCreateDto } from '../dto/bill-run.dto';
import { BILL_RUN } from './bill-run.resource';
import { BillRunRepository, RunSelection } from './bill-run.repository';
import { BillCycle, lastClosedPeriod, nextBillDate } from './billing-cycle';

/** The longest period one run may close. */
const MAX_PERIOD_DAYS = 366;

interface Amount {
  taxExcludedAmount: { unit: string; value: number };
  taxIncludedAmount: { unit: string; value: number };
}

/**
 * Bill runs: a request is planned into chunks of accounts and handed to a BullMQ flow — one job per chunk, and
 * a parent that ends the run when they are all done. Listing and retrieval are the toolkit's.
 */
@Injectable()
export class BillRunService extends TmfResourceService {
  private readonly logger = new Logger(BillRunService.name);

  constructor(
    db: Database,
    outbox: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly runs: BillRunRepository,
    private readonly billing: BillingService,
    private readonly segments: SegmentEvaluatorService,
    private readonly segmentRuns: SegmentRunService,
    @InjectFlowProducer(BILL_RUN_FLOW) private readonly flows: FlowProducer,
  ) {
    super(BILL_RUN, db, outbox, config);
  }

  /** Records the run and its chunks, then queues the flow; the run is `acknowledged` until a chunk starts. */
  async request(body: BillRunCreateDto): Promise<Json> {
    const requestedAt = new Date();
    const explicit = body.billingPeriod;
    if (explicit && (!explicit.startDateTime || !explicit.endDateTime)) {
      throw badRequest('invalidBody', 'billingPeriod needs both startDateTime and endDateTime');
    }
    const cycleGiven = body.billCycle !== undefined || body.billDay !== undefined || !explicit;
    const cycle = cycleGiven ? ((body.billCycle ?? 'month') as BillCycle) : null;
    const billDay = cycleGiven ? (body.billDay ?? 1) : null;
    const period = explicit ? { start: new Date(explicit.startDateTime as string), end: new Date(explicit.endDateTime as string) } : lastClosedPeriod(cycle as BillCycle, billDay as number, requestedAt);
    if (period.end.getTime() <= period.start.getTime()) throw badRequest('invalidBody', 'billingPeriod.endDateTime must be after its startDateTime');
    if (period.end.getTime() - period.start.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
      throw badRequest('invalidBody', `a bill run closes at most ${MAX_PERIOD_DAYS} days; split longer periods`);
    }
    const selection: RunSelection = { billCycle: cycle, billDay, createdBefore: requestedAt };
    const id = uuidv7();
    const doc: Json = JSON.parse(
      JSON.stringify({
        '@type': 'BillRun',
        state: 'acknowledged',
        description: body.description,
        billCycle: cycle ?? undefined,
        billDay: billDay ?? undefined,
        billingPeriod: { startDateTime: period.start.toISOString(), endDateTime: period.end.toISOString() },
        dryRun: body.dryRun ?? false,
        requestedDate: requestedAt.toISOString(),
      }),
    ) as Json;
    const chunks = await this.db.transaction(async (client) => {
      await this.repository.insert(client, id, doc);
      const planned = await this.runs.planChunks(client, id, selection, this.config.billRunChunkSize);
      await this.runs.refresh(client, id, planned.chunks === 0 ? 'completed' : undefined);
      return planned.chunks;
    });
    if (chunks > 0) await this.queueFlow(id, chunks);
    return this.retrieve(id);
  }

  private async queueFlow(id: string, chunks: number): Promise<void> {
    try {
      await this.flows.add({
        name: 'finish',
        queueName: QUEUES.billRun,
        data: { billRunId: id },
        opts: { ...JOB_OPTIONS[QUEUES.billRun], jobId: billRunJobId(id) },
        children: Array.from({ length: chunks }, (_, chunkNo) => ({
          name: 'chunk',
          queueName: QUEUES.billRunChunk,
          data: { billRunId: id, chunkNo },
          opts: { ...JOB_OPTIONS[QUEUES.billRunChunk], jobId: billRunChunkJobId(id, chunkNo) },
        })),
      });
    } catch (e) {
      await this.db.transaction((client) => this.runs.refresh(client, id, 'failed', { errorMessage: `The run could not be queued: ${(e as Error).message}` }));
      throw new TmfException(HttpStatus.SERVICE_UNAVAILABLE, 'serviceUnavailable', 'Service Unavailable', 'The job queue (Redis) is unavailable; the bill run was recorded as failed');
    }
  }

  /**
   * Bills one chunk in one transaction, unless it is already done (a retry or a duplicate delivery). On the last
   * attempt a failure parks the chunk's accounts with the error instead of failing the run.
   */
  async billChunk(runId: string, chunkNo: number, lastAttempt: boolean): Promise<void> {
    const run = await this.repository.findById(runId);
    if (!run) return;
    const doc = run.doc as { billingPeriod: { startDateTime: string; endDateTime: string }; billCycle?: string; billDay?: number; dryRun?: boolean; requestedDate: string };
    const selection = this.selectionOf(doc);
    const period = { start: new Date(doc.billingPeriod.startDateTime), end: new Date(doc.billingPeriod.endDateTime) };
    await this.runs.markStarted(this.db.pool, runId);
    const startedAt = new Date();
    try {
      await this.db.transaction(async (client) => {
        const chunk = await this.runs.lockChunk(client, runId, chunkNo);
        if (!chunk || chunk.state !== 'pending') return;
        const outcome = await this.billing.bill(
          client,
          { kind: 'range', firstId: chunk.firstAccountId, lastId: chunk.lastAccountId, ...selection },
          {
            period,
            billDate: new Date(doc.requestedDate),
            paymentDueDate: new Date(new Date(doc.requestedDate).getTime() + this.config.paymentTermDays * 86_400_000),
            nextBillDate: nextBillDate(period, (doc.billCycle as BillCycle | undefined) ?? null),
            runType: 'onCycle',
            billRunId: runId,
            onDemandId: null,
          },
          doc.dryRun === true,
        );
        // features → segments for the chunk's customers, in the same transaction as their bills
        if (doc.dryRun !== true) await this.segments.evaluateBilledCustomers(client, { id: runId, periodEnd: period.end, billDate: new Date(doc.requestedDate) });
        await this.runs.recordChunk(client, runId, chunkNo, outcome, startedAt);
        await this.runs.refresh(client, runId);
      });
    } catch (e) {
      if (!lastAttempt) throw e;
      this.logger.error(`bill run ${runId} chunk ${chunkNo} failed for good: ${(e as Error).message}`);
      await this.db.transaction(async (client) => {
        const chunk = await this.runs.lockChunk(client, runId, chunkNo);
        if (!chunk || chunk.state !== 'pending') return;
        await this.runs.failChunk(client, runId, chunk, selection, (e as Error).message);
        await this.runs.refresh(client, runId);
      });
    }
  }

  /** Ends a run whose chunks are all done: completed, or completedWithErrors when accounts were parked. */
  async finish(runId: string): Promise<void> {
    const pending = await this.repository.findById(runId);
    if (pending && ['acknowledged', 'inProgress'].includes(String(pending.doc.state)) && pending.doc.dryRun !== true) {
      // re-fits the learned segments on the run's features and reports each segment's drift (idempotent: a retry redoes it)
      const segmentation = await this.segmentRuns.close(runId, new Date(String(pending.doc.requestedDate)));
      await this.db.transaction((client) => this.runs.refresh(client, runId, undefined, { segmentation }));
    }
    await this.db.transaction(async (client) => {
      const row = await this.repository.lock(client, runId);
      if (!row || !['acknowledged', 'inProgress'].includes(String(row.doc.state))) return;
      await this.runs.refresh(client, runId);
      const current = (await this.repository.findById(runId, client))?.doc ?? row.doc;
      const counters = current.counters as { accountsParked?: number } | undefined;
      const state = (counters?.accountsParked ?? 0) > 0 ? 'completedWithErrors' : 'completed';
      const extra = current.dryRun === true ? { comparison: await this.comparison(current) } : {};
      await this.runs.refresh(client, runId, state, extra);
    });
  }

  /** A dry run's figures against the last completed real run of the same accounts. */
  private async comparison(dry: Json): Promise<Json> {
    const last = await this.runs.lastRealRun(this.selectionOf(dry as never), new Date(String(dry.requestedDate)));
    const dryCounters = (dry.counters ?? {}) as { billsCreated?: number; amountBilled?: Amount[] };
    if (!last) return { difference: { billsCreated: dryCounters.billsCreated ?? 0, amountBilled: dryCounters.amountBilled ?? [] } };
    const realCounters = (last.doc.counters ?? {}) as { billsCreated?: number; amountBilled?: Amount[] };
    return {
      billRun: { id: last.id, href: this.href(last.id) },
      billingPeriod: last.doc.billingPeriod,
      billsCreated: realCounters.billsCreated ?? 0,
      amountBilled: realCounters.amountBilled ?? [],
      difference: {
        billsCreated: (dryCounters.billsCreated ?? 0) - (realCounters.billsCreated ?? 0),
        amountBilled: amountDifference(dryCounters.amountBilled ?? [], realCounters.amountBilled ?? []),
      },
    };
  }

  private selectionOf(doc: { billCycle?: string; billDay?: number; requestedDate: string }): RunSelection {
    return { billCycle: doc.billCycle ?? null, billDay: doc.billDay ?? null, createdBefore: new Date(doc.requestedDate) };
  }
}

/** Per currency: `a` minus `b`. */
function amountDifference(a: Amount[], b: Amount[]): Amount[] {
  const currencies = [...new Set([...a, ...b].map((x) => x.taxExcludedAmount.unit))].sort();
  const find = (list: Amount[], unit: string) => list.find((x) => x.taxExcludedAmount.unit === unit);
  return currencies.map((unit) => {
    const minus = (key: keyof Amount) => new Decimal(find(a, unit)?.[key].value ?? 0).minus(find(b, unit)?.[key].value ?? 0).toNumber();
    return { taxExcludedAmount: { unit, value: minus('taxExcludedAmount') }, taxIncludedAmount: { unit, value: minus('taxIncludedAmount') } };
  });
}
