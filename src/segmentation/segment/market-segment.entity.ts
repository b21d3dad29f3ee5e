import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A segment definition (served by the toolkit at /bss/segmentation/v1/marketSegment): the whole resource in `doc`
 * (its rule, bounds, validity; for a learned segment its centroid), with what evaluation and filters read as columns.
 */
@Entity('market_segment')
@Index('idx_market_segment_status', ['status', 'id'])
@Index('idx_market_segment_name', ['name'])
export class MarketSegmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** aPriori, valueBased, needsBased, lifecycle or learned. */
  @Column('text')
  kind!: string;

  /** draft, active or retired: only active segments are evaluated. */
  @Column('text')
  status!: string;

  /** Bumped by every change of the rule (or, for a learned segment, of its centroid). */
  @Column('integer', { default: 1 })
  version!: number;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
