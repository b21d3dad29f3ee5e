import { MigrationInterface, QueryRunner } from "typeorm";

export class Quote1795444752337 implements MigrationInterface {
    name = 'Quote1795444752337'

    // idx_quote_doc (GIN, jsonb_path_ops) is written by hand: TypeORM cannot declare an operator class.
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "quote" ("id" uuid NOT NULL, "state" text NOT NULL, "quote_date" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b772d4cb09e587c8c72a78d2439" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_quote_open_valid_until" ON "quote" ("valid_until") WHERE "state" IN ('inProgress', 'pending', 'approved')`);
        await queryRunner.query(`CREATE INDEX "idx_quote_state" ON "quote" ("state", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_quote_doc" ON "quote" USING gin ("doc" jsonb_path_ops)`);
        await queryRunner.query(`CREATE TABLE "customer_product" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "billing_account_id" uuid NOT NULL, "product_offering_id" uuid NOT NULL, "name" text NOT NULL, "status" text NOT NULL, "quantity" integer NOT NULL, "price" jsonb NOT NULL, "start_date" TIMESTAMP WITH TIME ZONE NOT NULL, "end_date" TIMESTAMP WITH TIME ZONE, "quote_id" uuid NOT NULL, "quote_item_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b4079c38690541bbe195cb8f30a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_customer_product_billing_account" ON "customer_product" ("billing_account_id", "status") `);
        await queryRunner.query(`CREATE INDEX "idx_customer_product_customer" ON "customer_product" ("customer_id", "status") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_customer_product_quote_item" ON "customer_product" ("quote_id", "quote_item_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_customer_product_quote_item"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_product_customer"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_product_billing_account"`);
        await queryRunner.query(`DROP TABLE "customer_product"`);
        await queryRunner.query(`DROP INDEX "public"."idx_quote_doc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_quote_state"`);
        await queryRunner.query(`DROP INDEX "public"."idx_quote_open_valid_until"`);
        await queryRunner.query(`DROP TABLE "quote"`);
    }

}
