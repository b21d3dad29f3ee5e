import { MigrationInterface, QueryRunner } from "typeorm";

export class UsageIntake1795446750455 implements MigrationInterface {
    name = 'UsageIntake1795446750455'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "usage_record" ("id" uuid NOT NULL, "usage_id" text NOT NULL, "billing_account_id" uuid NOT NULL, "product_id" uuid, "usage_date" TIMESTAMP WITH TIME ZONE NOT NULL, "usage_type" text NOT NULL, "quantity" numeric NOT NULL, "unit" text NOT NULL, "amount" numeric NOT NULL, "currency" text NOT NULL, "description" text, "bill_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f22cc039acc8b1bd333978b7cf7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_usage_record_unbilled" ON "usage_record" ("billing_account_id", "usage_date") WHERE "bill_id" IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_usage_record_account_usage" ON "usage_record" ("billing_account_id", "usage_id") `);
        await queryRunner.query(`ALTER TABLE "billing_account" ADD "bill_cycle" text NOT NULL DEFAULT 'month'`);
        await queryRunner.query(`ALTER TABLE "billing_account" ADD "bill_day" smallint NOT NULL DEFAULT '1'`);
        await queryRunner.query(`ALTER TABLE "billing_account" ADD "currency" text NOT NULL DEFAULT 'EUR'`);
        await queryRunner.query(`ALTER TABLE "billing_account" ADD "tax_rate" numeric(7,6) NOT NULL DEFAULT '0'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "billing_account" DROP COLUMN "tax_rate"`);
        await queryRunner.query(`ALTER TABLE "billing_account" DROP COLUMN "currency"`);
        await queryRunner.query(`ALTER TABLE "billing_account" DROP COLUMN "bill_day"`);
        await queryRunner.query(`ALTER TABLE "billing_account" DROP COLUMN "bill_cycle"`);
        await queryRunner.query(`DROP INDEX "public"."uq_usage_record_account_usage"`);
        await queryRunner.query(`DROP INDEX "public"."idx_usage_record_unbilled"`);
        await queryRunner.query(`DROP TABLE "usage_record"`);
    }

}
