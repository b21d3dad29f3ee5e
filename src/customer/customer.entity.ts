import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * TMF629 Customer: the whole TMF document in `doc` (GIN index, created by the migration because TypeORM
 * cannot declare its operator class), with the attributes other modules filter and join on as columns.
 */
@Entity('customer')
@Index('idx_customer_doc', { synchronize: false })
export class CustomerEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('idx_customer_name')
  @Column('text')
  name!: string;

  @Index('idx_customer_status')
  @Column('text', { nullable: true })
  status!: string | null;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
