import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1795426594711 implements MigrationInterface {
    name = 'Foundation1795426594711'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "customer" ("id" uuid NOT NULL, "name" text NOT NULL, "status" text, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7a13f4cacb744524e44dfdad32" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_customer_name" ON "customer" ("name") `);
        await queryRunner.query(`CREATE INDEX "idx_customer_status" ON "customer" ("status") `);
        // declared with synchronize: false on the entity: TypeORM cannot express the operator class
        await queryRunner.query(`CREATE INDEX "idx_customer_doc" ON "customer" USING gin ("doc" jsonb_path_ops)`);
        await queryRunner.query(`CREATE TABLE "billing_account" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_42d2c4ab8974627eb4ef1da8fb6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_billing_account_customer" ON "billing_account" ("customer_id") `);
        await queryRunner.query(`CREATE TABLE "outbox_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "event_id" uuid NOT NULL, "api" text NOT NULL, "event_type" text NOT NULL, "resource_id" text NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_event_event_id" ON "outbox_event" ("event_id") `);
        await queryRunner.query(`CREATE INDEX "idx_outbox_event_unrelayed" ON "outbox_event" ("id") WHERE "relayed_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "hub_subscription" ("id" uuid NOT NULL, "api" text NOT NULL, "callback" text NOT NULL, "query" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9cc4bc1e08d12a80e9816e9b1e9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_hub_subscription_api" ON "hub_subscription" ("api") `);
        await queryRunner.query(`CREATE TABLE "event_delivery" ("outbox_id" bigint NOT NULL, "subscription_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_status_code" integer, "last_error" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e5d6f5896d77b4499d4b37215a1" PRIMARY KEY ("outbox_id", "subscription_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_event_delivery_status" ON "event_delivery" ("status") `);
        await queryRunner.query(`ALTER TABLE "billing_account" ADD CONSTRAINT "FK_a6b0f280b896d5da57ca9eca8cc" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "billing_account" DROP CONSTRAINT "FK_a6b0f280b896d5da57ca9eca8cc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_event_delivery_status"`);
        await queryRunner.query(`DROP TABLE "event_delivery"`);
        await queryRunner.query(`DROP INDEX "public"."idx_hub_subscription_api"`);
        await queryRunner.query(`DROP TABLE "hub_subscription"`);
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_event_unrelayed"`);
        await queryRunner.query(`DROP INDEX "public"."uq_outbox_event_event_id"`);
        await queryRunner.query(`DROP TABLE "outbox_event"`);
        await queryRunner.query(`DROP INDEX "public"."idx_billing_account_customer"`);
        await queryRunner.query(`DROP TABLE "billing_account"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_doc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_customer_name"`);
        await queryRunner.query(`DROP TABLE "customer"`);
    }

}
