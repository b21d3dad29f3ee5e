import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A bill run (one billing-cycle close): its request, state, counters and timings in `doc` (served by the
 * toolkit), with the period and state as columns.
 */
@Entity('bill_run')
@Index('idx_bill_run_state', ['state', 'id'])
@Index('idx_bill_run_period', ['periodStart', 'periodEnd'])
export class BillRunEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  state!: string;

  @Column('boolean', { name: 'dry_run', default: false })
  dryRun!: boolean;

  @Column('timestamptz', { name: 'period_start' })
  periodStart!: Date;

  @Column('timestamptz', { name: 'period_end' })
  periodEnd!: Date;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * One chunk of a bill run: a range of billing-account ids fixed when the run is planned, and what billing it
 * did. The counters are written in the chunk's own transaction, so they count exactly what was committed;
 * `state` = `done` makes a retried chunk job a no-op.
 */
@Entity('bill_run_chunk')
export class BillRunChunkEntity {
  @PrimaryColumn('uuid', { name: 'bill_run_id' })
  billRunId!: string;

  @PrimaryColumn('integer', { name: 'chunk_no' })
  chunkNo!: number;

  /** First and last billing-account id of the chunk (inclusive). */
  @Column('uuid', { name: 'first_account_id' })
  firstAccountId!: string;

  @Column('uuid', { name: 'last_account_id' })
  lastAccountId!: string;

  /** `pending`, `done` or `failed` (its accounts parked). */
  @Column('text', { default: 'pending' })
  state!: string;

  /** Accounts planned into the chunk. */
  @Column('integer', { name: 'accounts', default: 0 })
  accounts!: number;

  @Column('integer', { name: 'accounts_billed', default: 0 })
  accountsBilled!: number;

  @Column('integer', { name: 'accounts_parked', default: 0 })
  accountsParked!: number;

  @Column('integer', { name: 'accounts_already_billed', default: 0 })
  accountsAlreadyBilled!: number;

  @Column('integer', { name: 'accounts_without_charges', default: 0 })
  accountsWithoutCharges!: number;

  @Column('integer', { name: 'bills_created', default: 0 })
  billsCreated!: number;

  @Column('integer', { name: 'rates_created', default: 0 })
  ratesCreated!: number;

  /** Amounts billed by currency: `{"EUR": {"taxExcluded": "12.50", "taxIncluded": "15.00"}}`. */
  @Column('jsonb', { default: {} })
  amounts!: Record<string, { taxExcluded: string; taxIncluded: string }>;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column('text', { nullable: true })
  error!: string | null;
}

/** An account a bill run could not bill, with the reason. */
@Entity('bill_run_parked_account')
export class BillRunParkedAccountEntity {
  @PrimaryColumn('uuid', { name: 'bill_run_id' })
  billRunId!: string;

  @PrimaryColumn('uuid', { name: 'billing_account_id' })
  billingAccountId!: string;

  @Column('text')
  reason!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
