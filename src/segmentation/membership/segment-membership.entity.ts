import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The membership ledger: one row per stay of a customer in a segment, from its entry (`valid_from`) to its exit
 * (`valid_to`, open while the customer is a member). `doc` is the served resource: who, which segment and version,
 * what triggered the entry and the exit, and why (the conditions that held and the feature values seen).
 */
@Entity('segment_membership')
@Index('uq_segment_membership_open', ['customerId', 'marketSegmentId'], { unique: true, where: '"valid_to" IS NULL' })
@Index('idx_segment_membership_customer', ['customerId', 'validFrom'])
@Index('idx_segment_membership_segment', ['marketSegmentId', 'validFrom'])
@Index('idx_segment_membership_entry_run', ['entryBillRunId'])
@Index('idx_segment_membership_exit_run', ['exitBillRunId'])
export class SegmentMembershipEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('uuid', { name: 'market_segment_id' })
  marketSegmentId!: string;

  /** The segment's version the customer entered under. */
  @Column('integer', { name: 'segment_version' })
  segmentVersion!: number;

  @Column('timestamptz', { name: 'valid_from' })
  validFrom!: Date;

  @Column('timestamptz', { name: 'valid_to', nullable: true })
  validTo!: Date | null;

  @Column('uuid', { name: 'entry_bill_run_id', nullable: true })
  entryBillRunId!: string | null;

  @Column('uuid', { name: 'exit_bill_run_id', nullable: true })
  exitBillRunId!: string | null;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
