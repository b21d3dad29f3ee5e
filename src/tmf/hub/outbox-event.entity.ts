import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: each state change writes its TMF event here in the same transaction; the relay
 * fans it out to the delivery queue and sets `relayed_at`.
 */
@Entity('outbox_event')
@Index('idx_outbox_event_unrelayed', ['id'], { where: '"relayed_at" IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Index('uq_outbox_event_event_id', { unique: true })
  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  api!: string;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Column('text', { name: 'resource_id' })
  resourceId!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'relayed_at', nullable: true })
  relayedAt!: Date | null;
}
