import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CustomerEntity } from '../customer/customer.entity';

/** The account a customer is billed on. Every customer has at least one. */
@Entity('billing_account')
@Index('idx_billing_account_customer', ['customerId'])
export class BillingAccountEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;

  // deferred: a customer and its first billing account are written in one transaction, in either order
  @ManyToOne(() => CustomerEntity, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;

  @Column('text')
  name!: string;

  /** The bill cycle: `month` (the default), `quarter` or `year`, closing on `bill_day`. */
  @Column('text', { name: 'bill_cycle', default: 'month' })
  billCycle!: string;

  /** The day of the month a cycle starts on (1–28, so every month has it). */
  @Column('smallint', { name: 'bill_day', default: 1 })
  billDay!: number;

  /** ISO 4217 currency the account is billed in; usage in another currency is refused. */
  @Column('text', { default: 'EUR' })
  currency!: string;

  /** Tax rate (a fraction) applied to charges whose price names none. */
  @Column('numeric', { name: 'tax_rate', precision: 7, scale: 6, default: 0 })
  taxRate!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
