import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * TMF648 Quote: the document in `doc` (GIN index made by the migration), its state and quote date as columns for
 * lists, and the end of its validity for the expiry sweep.
 */
@Entity('quote')
@Index('idx_quote_doc', { synchronize: false })
@Index('idx_quote_state', ['state', 'id'])
@Index('idx_quote_open_valid_until', ['validUntil'], { where: `"state" IN ('inProgress', 'pending', 'approved')` })
export class QuoteEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  state!: string;

  @Column('timestamptz', { name: 'quote_date' })
  quoteDate!: Date;

  /** `validFor.endDateTime`: an open quote past it is cancelled by the expiry job. */
  @Column('timestamptz', { name: 'valid_until', nullable: true })
  validUntil!: Date | null;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
