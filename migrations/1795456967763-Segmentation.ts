import { MigrationInterface, QueryRunner } from "typeorm";

export class Segmentation1795456967763 implements MigrationInterface {
    name = 'Segmentation1795456967763'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "market_segment" ("id" uuid NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_10ea051c9428cae77c62b8cfc6f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_market_segment_name" ON "market_segment" ("name") `);
        await queryRunner.query(`CREATE INDEX "idx_market_segment_status" ON "market_segment" ("status", "id") `);
        await queryRunner.query(`CREATE TABLE "segment_membership" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "market_segment_id" uuid NOT NULL, "segment_version" integer NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE, "entry_bill_run_id" uuid, "exit_bill_run_id" uuid, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d5d26ab3b292c5d15341c3c3a92" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_segment_membership_exit_run" ON "segment_membership" ("exit_bill_run_id") `);
        await queryRunner.query(`CREATE INDEX "idx_segment_membership_entry_run" ON "segment_membership" ("entry_bill_run_id") `);
        await queryRunner.query(`CREATE INDEX "idx_segment_membership_segment" ON "segment_membership" ("market_segment_id", "valid_from") `);
        await queryRunner.query(`CREATE INDEX "idx_segment_membership_customer" ON "segment_membership" ("customer_id", "valid_from") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_segment_membership_open" ON "segment_membership" ("customer_id", "market_segment_id") WHERE "valid_to" IS NULL`);
        await queryRunner.query(`CREATE TABLE "customer_feature" ("bill_run_id" uuid, "trigger" text NOT NULL, "as_of" TIMESTAMP WITH TIME ZONE NOT NULL, "period_end" TIMESTAMP WITH TIME ZONE, "currency" text, "spend" numeric, "spend_avg3" numeric, "spend_trend3" numeric, "periods_billed" integer NOT NULL DEFAULT '0', "product_count" integer NOT NULL, "families" text array NOT NULL, "tenure_days" integer, "overdue_bills" integer NOT NULL, "employees" numeric, "industry" text, "usage_volume" jsonb NOT NULL, "usage_share" jsonb NOT NULL, "id" uuid NOT NULL, "customer_id" uuid NOT NULL, CONSTRAINT "PK_21004123e77566ea32e22e19044" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_customer_feature_customer" ON "customer_feature" ("customer_id", "as_of") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_customer_feature_run" ON "customer_feature" ("bill_run_id", "customer_id") WHERE "bill_run_id" IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "customer_feature_current" ("bill_run_id" uuid, "trigger" text NOT NULL, "as_of" TIMESTAMP WITH TIME ZONE NOT NULL, "period_end" TIMESTAMP WITH TIME ZONE, "currency" text, "spend" numeric, "spend_avg3" numeric, "spend_trend3" numeric, "periods_billed" integer NOT NULL DEFAULT '0', "product_count" integer NOT NULL, "families" text array NOT NULL, "tenure_days" integer, "overdue_bills" integer NOT NULL, "employees" numeric, "industry" text, "usage_volume" jsonb NOT NULL, "usage_share" jsonb NOT NULL, "customer_id" uuid NOT NULL, "snapshot_id" uuid NOT NULL, CONSTRAINT "PK_6d6b460df90ddda910ab23734fd" PRIMARY KEY ("customer_id"))`);
        await queryRunner.query(`ALTER TABLE "customer_product" ADD "family" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "customer_product" DROP COLUMN "family"`);
        await queryRunner.query(`DROP TABLE "customer_feature_current"`);
        await queryRunner.query(`DROP INDEX "public"."uq_customer_feature_run"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_feature_customer"`);
        await queryRunner.query(`DROP TABLE "customer_feature"`);
        await queryRunner.query(`DROP INDEX "public"."uq_segment_membership_open"`);
        await queryRunner.query(`DROP INDEX "public"."idx_segment_membership_customer"`);
        await queryRunner.query(`DROP INDEX "public"."idx_segment_membership_segment"`);
        await queryRunner.query(`DROP INDEX "public"."idx_segment_membership_entry_run"`);
        await queryRunner.query(`DROP INDEX "public"."idx_segment_membership_exit_run"`);
        await queryRunner.query(`DROP TABLE "segment_membership"`);
        await queryRunner.query(`DROP INDEX "public"."idx_market_segment_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_market_segment_name"`);
        await queryRunner.query(`DROP TABLE "market_segment"`);
    }

}
