import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The shape of every TMF620 table: the whole document in `doc` (GIN index made by the migration, as for
 * customers), with name, life-cycle status and last update as columns for the lists that filter on them.
 */
abstract class CatalogDocument {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'lifecycle_status' })
  lifecycleStatus!: string;

  @Column('timestamptz', { name: 'last_update' })
  lastUpdate!: Date;

  @Column('jsonb')
  doc!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

// (lifecycle_status, id) serves `?lifecycleStatus=Launched` in id order, the catalog's most frequent list.
@Entity('product_specification')
@Index('idx_product_specification_doc', { synchronize: false })
@Index('idx_product_specification_name', ['name'])
@Index('idx_product_specification_lifecycle', ['lifecycleStatus', 'id'])
export class ProductSpecificationEntity extends CatalogDocument {}

@Entity('product_offering')
@Index('idx_product_offering_doc', { synchronize: false })
@Index('idx_product_offering_name', ['name'])
@Index('idx_product_offering_lifecycle', ['lifecycleStatus', 'id'])
export class ProductOfferingEntity extends CatalogDocument {}

@Entity('product_offering_price')
@Index('idx_product_offering_price_doc', { synchronize: false })
@Index('idx_product_offering_price_name', ['name'])
@Index('idx_product_offering_price_lifecycle', ['lifecycleStatus', 'id'])
export class ProductOfferingPriceEntity extends CatalogDocument {
  @Column('text', { name: 'price_type', nullable: true })
  priceType!: string | null;
}

@Entity('category')
@Index('idx_category_doc', { synchronize: false })
@Index('idx_category_name', ['name'])
@Index('idx_category_lifecycle', ['lifecycleStatus', 'id'])
export class CategoryEntity extends CatalogDocument {}

@Entity('catalog')
@Index('idx_catalog_doc', { synchronize: false })
@Index('idx_catalog_name', ['name'])
@Index('idx_catalog_lifecycle', ['lifecycleStatus', 'id'])
export class CatalogEntity extends CatalogDocument {}
