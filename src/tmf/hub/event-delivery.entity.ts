import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** The outcome of delivering one outbox event to one hub subscription. */
@Entity('event_delivery')
@Index('idx_event_delivery_status', ['status'])
export class EventDeliveryEntity {
  @PrimaryColumn('bigint', { name: 'outbox_id' })
  outboxId!: string;

  @PrimaryColumn('uuid', { name: 'subscription_id' })
  subscriptionId!: string;

  @Column('text', { default: 'pending' })
  status!: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('int', { name: 'last_status_code', nullable: true })
  lastStatusCode!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;
}
