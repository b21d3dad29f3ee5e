import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

abstract class CatalogJob {
  @PrimaryColumn('uuid')
  id!: string;

  /** JobStateType: Not Started, Running, Succeeded, Failed. */
  @Column('text')
  status!: string;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** TMF620 ImportJob: reads an export file (or an allow-listed URL) into the catalog. */
@Entity('import_job')
@Index('idx_import_job_status', ['status'])
export class ImportJobEntity extends CatalogJob {}

/** TMF620 ExportJob: writes part of the catalog to `content`, served at the job's `url`. */
@Entity('export_job')
@Index('idx_export_job_status', ['status'])
export class ExportJobEntity extends CatalogJob {
  /** The exported file (JSON), once the job has succeeded. */
  @Column('text', { nullable: true })
  content!: string | null;
}
