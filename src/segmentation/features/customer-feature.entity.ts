import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The feature columns a snapshot row holds; segment rules read them through the feature catalog (alias `f`). */
export abstract class CustomerFeatureColumns {
  /** The bill run that computed the row, or null for a re-evaluation of one customer after an event. */
  @Column('uuid', { name: 'bill_run_id', nullable: true })
  billRunId!: string | null;

  /** What computed it: `billRun`, `quoteAccepted`, `customerChanged`, `segmentChanged`. */
  @Column('text')
  trigger!: string;

  /** The instant the values describe. */
  @Column('timestamptz', { name: 'as_of' })
  asOf!: Date;

  /** End of the billing period the spend and usage features come from (null: the customer has no bill yet). */
  @Column('timestamptz', { name: 'period_end', nullable: true })
  periodEnd!: Date | null;

  /** The currency of the spend features: the currency of the customer's first billing account. */
  @Column('text', { nullable: true })
  currency!: string | null;

  @Column('numeric', { nullable: true })
  spend!: string | null;

  @Column('numeric', { name: 'spend_avg3', nullable: true })
  spendAvg3!: string | null;

  @Column('numeric', { name: 'spend_trend3', nullable: true })
  spendTrend3!: string | null;

  /** On-cycle billing periods the customer has been billed for, up to `period_end`. */
  @Column('integer', { name: 'periods_billed', default: 0 })
  periodsBilled!: number;

  @Column('integer', { name: 'product_count' })
  productCount!: number;

  @Column('text', { array: true })
  families!: string[];

  @Column('integer', { name: 'tenure_days', nullable: true })
  tenureDays!: number | null;

  @Column('integer', { name: 'overdue_bills' })
  overdueBills!: number;

  @Column('numeric', { nullable: true })
  employees!: string | null;

  @Column('text', { nullable: true })
  industry!: string | null;

  /** Usage quantity per product family in the period: {"mobile": 12.5, …}. */
  @Column('jsonb', { name: 'usage_volume' })
  usageVolume!: Record<string, number>;

  /** Share (0–1) of the period's usage charges per product family. */
  @Column('jsonb', { name: 'usage_share' })
  usageShare!: Record<string, number>;
}

/** Dated feature snapshots: one row per customer and bill run (or event), kept as history. */
@Entity('customer_feature')
@Index('uq_customer_feature_run', ['billRunId', 'customerId'], { unique: true, where: '"bill_run_id" IS NOT NULL' })
@Index('idx_customer_feature_customer', ['customerId', 'asOf'])
export class CustomerFeatureEntity extends CustomerFeatureColumns {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;
}

/**
 * Each customer's latest snapshot: the population percentiles rank against (`topPercent` compares a customer with
 * every customer's latest features) and what one-customer re-evaluations start from.
 */
@Entity('customer_feature_current')
export class CustomerFeatureCurrentEntity extends CustomerFeatureColumns {
  @PrimaryColumn('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('uuid', { name: 'snapshot_id' })
  snapshotId!: string;
}
