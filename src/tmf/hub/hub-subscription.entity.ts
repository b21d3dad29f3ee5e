import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A TMF630 hub registration: events of `api` matching `query` are POSTed to `callback`. */
@Entity('hub_subscription')
@Index('idx_hub_subscription_api', ['api'])
export class HubSubscriptionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  api!: string;

  @Column('text')
  callback!: string;

  @Column('text', { nullable: true })
  query!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
