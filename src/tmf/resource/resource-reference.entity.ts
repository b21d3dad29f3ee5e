import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Who refers to whom among the resources of this service (e.g. a product offering to its specification). Written
 * with each create and update; read to refuse deleting a resource that is still referenced, and to export a part
 * of the catalog together with everything it needs.
 */
@Entity('resource_reference')
@Index('idx_resource_reference_target', ['targetTable', 'targetId'])
export class ResourceReferenceEntity {
  @PrimaryColumn('text', { name: 'source_table' })
  sourceTable!: string;

  @PrimaryColumn('uuid', { name: 'source_id' })
  sourceId!: string;

  @PrimaryColumn('text', { name: 'target_table' })
  targetTable!: string;

  @PrimaryColumn('uuid', { name: 'target_id' })
  targetId!: string;

  /** The attribute holding the reference, e.g. `productSpecification` (for error messages). */
  @Column('text')
  path!: string;
}
