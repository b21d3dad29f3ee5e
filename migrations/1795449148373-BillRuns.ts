import { MigrationInterface, QueryRunner } from "typeorm";

export class BillRuns1795449148373 implements MigrationInterface {
    name = 'BillRuns1795449148373'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "bill_run" ("id" uuid NOT NULL, "state" text NOT NULL, "dry_run" boolean NOT NULL DEFAULT false, "period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "period_end" TIMESTAMP WITH TIME ZONE NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_acc686e3165221e2622968e9520" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_bill_run_period" ON "bill_run" ("period_start", "period_end") `);
        await queryRunner.query(`CREATE INDEX "idx_bill_run_state" ON "bill_run" ("state", "id") `);
        await queryRunner.query(`CREATE TABLE "bill_run_chunk" ("bill_run_id" uuid NOT NULL, "chunk_no" integer NOT NULL, "first_account_id" uuid NOT NULL, "last_account_id" uuid NOT NULL, "state" text NOT NULL DEFAULT 'pending', "accounts" integer NOT NULL DEFAULT '0', "accounts_billed" integer NOT NULL DEFAULT '0', "accounts_parked" integer NOT NULL DEFAULT '0', "accounts_already_billed" integer NOT NULL DEFAULT '0', "accounts_without_charges" integer NOT NULL DEFAULT '0', "bills_created" integer NOT NULL DEFAULT '0', "rates_created" integer NOT NULL DEFAULT '0', "amounts" jsonb NOT NULL DEFAULT '{}', "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "error" text, CONSTRAINT "PK_9ba8253d70074ab76704f16f3d5" PRIMARY KEY ("bill_run_id", "chunk_no"))`);
        await queryRunner.query(`CREATE TABLE "bill_run_parked_account" ("bill_run_id" uuid NOT NULL, "billing_account_id" uuid NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_708ea6bff5b7ef135d104c61e5b" PRIMARY KEY ("bill_run_id", "billing_account_id"))`);
        await queryRunner.query(`CREATE TABLE "customer_bill" ("id" uuid NOT NULL, "bill_seq" BIGSERIAL NOT NULL, "bill_no" text NOT NULL, "state" text NOT NULL, "run_type" text NOT NULL, "billing_account_id" uuid NOT NULL, "bill_run_id" uuid, "on_demand_id" uuid, "period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "period_end" TIMESTAMP WITH TIME ZONE NOT NULL, "bill_date" TIMESTAMP WITH TIME ZONE NOT NULL, "currency" text NOT NULL, "tax_excluded_amount" numeric(18,2) NOT NULL, "tax_included_amount" numeric(18,2) NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_11c5ca79c6bee617662d83d245d" UNIQUE ("bill_seq"), CONSTRAINT "UQ_e57fcdacdd0fe0a4bfc3eff3776" UNIQUE ("bill_no"), CONSTRAINT "PK_7880a640b1f272b1b237def4392" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_customer_bill_date" ON "customer_bill" ("bill_date", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_customer_bill_state" ON "customer_bill" ("state", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_customer_bill_run" ON "customer_bill" ("bill_run_id") `);
        await queryRunner.query(`CREATE INDEX "idx_customer_bill_account" ON "customer_bill" ("billing_account_id", "bill_date") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_customer_bill_on_demand" ON "customer_bill" ("on_demand_id") WHERE on_demand_id IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_customer_bill_cycle" ON "customer_bill" ("billing_account_id", "period_start", "period_end") WHERE run_type = 'onCycle'`);
        await queryRunner.query(`CREATE TABLE "applied_billing_rate" ("id" uuid NOT NULL, "billing_account_id" uuid NOT NULL, "bill_id" uuid, "product_id" uuid, "charge_key" text NOT NULL, "type" text NOT NULL, "is_billed" boolean NOT NULL, "rate_date" TIMESTAMP WITH TIME ZONE NOT NULL, "period_start" TIMESTAMP WITH TIME ZONE, "period_end" TIMESTAMP WITH TIME ZONE, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5f72187fe15819e6c99c651ac9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_applied_billing_rate_date" ON "applied_billing_rate" ("rate_date", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_applied_billing_rate_product" ON "applied_billing_rate" ("product_id", "period_end") `);
        await queryRunner.query(`CREATE INDEX "idx_applied_billing_rate_bill" ON "applied_billing_rate" ("bill_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_applied_billing_rate_charge" ON "applied_billing_rate" ("billing_account_id", "charge_key") `);
        await queryRunner.query(`CREATE TABLE "customer_bill_on_demand" ("id" uuid NOT NULL, "state" text NOT NULL, "billing_account_id" uuid, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_57202b7adc5496f7a13c4c2eb7e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_customer_bill_on_demand_account" ON "customer_bill_on_demand" ("billing_account_id") `);
        await queryRunner.query(`CREATE INDEX "idx_customer_bill_on_demand_state" ON "customer_bill_on_demand" ("state", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_customer_bill_on_demand_state"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_bill_on_demand_account"`);
        await queryRunner.query(`DROP TABLE "customer_bill_on_demand"`);
        await queryRunner.query(`DROP INDEX "public"."uq_applied_billing_rate_charge"`);
        await queryRunner.query(`DROP INDEX "public"."idx_applied_billing_rate_bill"`);
        await queryRunner.query(`DROP INDEX "public"."idx_applied_billing_rate_product"`);
        await queryRunner.query(`DROP INDEX "public"."idx_applied_billing_rate_date"`);
        await queryRunner.query(`DROP TABLE "applied_billing_rate"`);
        await queryRunner.query(`DROP INDEX "public"."uq_customer_bill_cycle"`);
        await queryRunner.query(`DROP INDEX "public"."uq_customer_bill_on_demand"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_bill_account"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_bill_run"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_bill_state"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_bill_date"`);
        await queryRunner.query(`DROP TABLE "customer_bill"`);
        await queryRunner.query(`DROP TABLE "bill_run_parked_account"`);
        await queryRunner.query(`DROP TABLE "bill_run_chunk"`);
        await queryRunner.query(`DROP INDEX "public"."idx_bill_run_state"`);
        await queryRunner.query(`DROP INDEX "public"."idx_bill_run_period"`);
        await queryRunner.query(`DROP TABLE "bill_run"`);
    }

}
