import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A TMF678 CustomerBill: the document in `doc`, the attributes lists filter on as columns. An account has at
 * most one on-cycle bill per billing period (the partial unique index), and an on-demand request makes at most
 * one bill — so a re-run or a retried chunk cannot bill twice.
 */
@Entity('customer_bill')
@Index('uq_customer_bill_cycle', ['billingAccountId', 'periodStart', 'periodEnd'], { unique: true, where: `run_type = 'onCycle'` })
@Index('uq_customer_bill_on_demand', ['onDemandId'], { unique: true, where: 'on_demand_id IS NOT NULL' })
@Index('idx_customer_bill_account', ['billingAccountId', 'billDate'])
@Index('idx_customer_bill_run', ['billRunId'])
@Index('idx_customer_bill_state', ['state', 'id'])
@Index('idx_customer_bill_date', ['billDate', 'id'])
export class CustomerBillEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The number in `billNo`; gaps are possible (a rolled-back chunk), duplicates are not. */
  @Column('bigint', { name: 'bill_seq', unique: true })
  @Generated('increment')
  billSeq!: string;

  @Column('text', { name: 'bill_no', unique: true })
  billNo!: string;

  @Column('text')
  state!: string;

  @Column('text', { name: 'run_type' })
  runType!: string;

  @Column('uuid', { name: 'billing_account_id' })
  billingAccountId!: string;

  @Column('uuid', { name: 'bill_run_id', nullable: true })
  billRunId!: string | null;

  @Column('uuid', { name: 'on_demand_id', nullable: true })
  onDemandId!: string | null;

  @Column('timestamptz', { name: 'period_start' })
  periodStart!: Date;

  @Column('timestamptz', { name: 'period_end' })
  periodEnd!: Date;

  @Column('timestamptz', { name: 'bill_date' })
  billDate!: Date;

  @Column('text')
  currency!: string;

  @Column('numeric', { name: 'tax_excluded_amount', precision: 18, scale: 2 })
  taxExcludedAmount!: string;

  @Column('numeric', { name: 'tax_included_amount', precision: 18, scale: 2 })
  taxIncludedAmount!: string;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * A TMF678 AppliedCustomerBillingRate. `charge_key` names what was charged — a recurring price of a product from
 * a start instant, a one-time price of a product, a usage record, a discount of a charge — and is unique per
 * account, so nothing is ever charged twice whichever run (cycle or on demand) gets to it first.
 */
@Entity('applied_billing_rate')
@Index('uq_applied_billing_rate_charge', ['billingAccountId', 'chargeKey'], { unique: true })
@Index('idx_applied_billing_rate_bill', ['billId'])
@Index('idx_applied_billing_rate_product', ['productId', 'periodEnd'])
@Index('idx_applied_billing_rate_date', ['rateDate', 'id'])
export class AppliedBillingRateEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'billing_account_id' })
  billingAccountId!: string;

  @Column('uuid', { name: 'bill_id', nullable: true })
  billId!: string | null;

  @Column('uuid', { name: 'product_id', nullable: true })
  productId!: string | null;

  @Column('text', { name: 'charge_key' })
  chargeKey!: string;

  /** recurringCharge, oneTimeCharge, usageCharge or appliedBillingCredit. */
  @Column('text')
  type!: string;

  @Column('boolean', { name: 'is_billed' })
  isBilled!: boolean;

  @Column('timestamptz', { name: 'rate_date' })
  rateDate!: Date;

  @Column('timestamptz', { name: 'period_start', nullable: true })
  periodStart!: Date | null;

  @Column('timestamptz', { name: 'period_end', nullable: true })
  periodEnd!: Date | null;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A TMF678 CustomerBillOnDemand request, served by the toolkit. */
@Entity('customer_bill_on_demand')
@Index('idx_customer_bill_on_demand_state', ['state', 'id'])
@Index('idx_customer_bill_on_demand_account', ['billingAccountId'])
export class CustomerBillOnDemandEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  state!: string;

  @Column('uuid', { name: 'billing_account_id', nullable: true })
  billingAccountId!: string | null;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
