import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A rated usage record pushed by a billing pipeline. (billing account, usage id) is unique, so a resent batch is
 * not counted twice. `bill_id` is set when a bill includes it (the bill-run issue).
 */
@Entity('usage_record')
@Index('uq_usage_record_account_usage', ['billingAccountId', 'usageId'], { unique: true })
@Index('idx_usage_record_unbilled', ['billingAccountId', 'usageDate'], { where: '"bill_id" IS NULL' })
export class UsageRecordEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The pipeline's own id of the record. */
  @Column('text', { name: 'usage_id' })
  usageId!: string;

  @Column('uuid', { name: 'billing_account_id' })
  billingAccountId!: string;

  @Column('uuid', { name: 'product_id', nullable: true })
  productId!: string | null;

  @Column('timestamptz', { name: 'usage_date' })
  usageDate!: Date;

  @Column('text', { name: 'usage_type' })
  usageType!: string;

  @Column('numeric')
  quantity!: string;

  @Column('text')
  unit!: string;

  /** The rated amount, tax excluded, in `currency` (the account's). */
  @Column('numeric')
  amount!: string;

  @Column('text')
  currency!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('uuid', { name: 'bill_id', nullable: true })
  billId!: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
