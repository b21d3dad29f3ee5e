import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What a customer owns: a product created by an accepted quote's `add` item (TMF637-like inventory, read by
 * billing). `modify` items change it and `delete` items end it. (quote_id, quote_item_id) is unique, so accepting
 * a quote twice cannot create a product twice.
 */
@Entity('customer_product')
@Index('uq_customer_product_quote_item', ['quoteId', 'quoteItemId'], { unique: true })
@Index('idx_customer_product_customer', ['customerId', 'status'])
@Index('idx_customer_product_billing_account', ['billingAccountId', 'status'])
export class CustomerProductEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('uuid', { name: 'billing_account_id' })
  billingAccountId!: string;

  @Column('uuid', { name: 'product_offering_id' })
  productOfferingId!: string;

  @Column('text')
  name!: string;

  /** `active`, or `terminated` once a delete item of an accepted quote ended it. */
  @Column('text')
  status!: string;

  @Column('integer')
  quantity!: number;

  /** The quote item's prices when the quote was accepted (what billing charges). */
  @Column('jsonb')
  price!: unknown[];

  /**
   * The product family (`mobile`, `cloud`, …): the key of the offering's first TMF620 category when the product was
   * bought (see productFamilySql); null when the offering has no category. Usage and segment features group by it.
   */
  @Column('text', { nullable: true })
  family!: string | null;

  @Column('timestamptz', { name: 'start_date' })
  startDate!: Date;

  @Column('timestamptz', { name: 'end_date', nullable: true })
  endDate!: Date | null;

  @Column('uuid', { name: 'quote_id' })
  quoteId!: string;

  @Column('text', { name: 'quote_item_id' })
  quoteItemId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
