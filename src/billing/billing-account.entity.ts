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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
