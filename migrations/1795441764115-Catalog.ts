import { MigrationInterface, QueryRunner } from "typeorm";

export class Catalog1795441764115 implements MigrationInterface {
    name = 'Catalog1795441764115'

    // The GIN indexes on doc (jsonb_path_ops, for `doc @@ jsonpath` filters) are written by hand: TypeORM
    // cannot declare an operator class, so the entities mark them synchronize: false.
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "product_specification" ("id" uuid NOT NULL, "name" text NOT NULL, "lifecycle_status" text NOT NULL, "last_update" TIMESTAMP WITH TIME ZONE NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b704b6c0f092cc7edc63d33088b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_product_specification_lifecycle" ON "product_specification" ("lifecycle_status", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_product_specification_name" ON "product_specification" ("name") `);
        await queryRunner.query(`CREATE INDEX "idx_product_specification_doc" ON "product_specification" USING gin ("doc" jsonb_path_ops)`);
        await queryRunner.query(`CREATE TABLE "product_offering" ("id" uuid NOT NULL, "name" text NOT NULL, "lifecycle_status" text NOT NULL, "last_update" TIMESTAMP WITH TIME ZONE NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a9ec8be8b7d1c8bab1ed06bf1b4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_product_offering_lifecycle" ON "product_offering" ("lifecycle_status", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_product_offering_name" ON "product_offering" ("name") `);
        await queryRunner.query(`CREATE INDEX "idx_product_offering_doc" ON "product_offering" USING gin ("doc" jsonb_path_ops)`);
        await queryRunner.query(`CREATE TABLE "product_offering_price" ("id" uuid NOT NULL, "name" text NOT NULL, "lifecycle_status" text NOT NULL, "last_update" TIMESTAMP WITH TIME ZONE NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "price_type" text, CONSTRAINT "PK_1ef2bdc287d620602343139f1b1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_product_offering_price_lifecycle" ON "product_offering_price" ("lifecycle_status", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_product_offering_price_name" ON "product_offering_price" ("name") `);
        await queryRunner.query(`CREATE INDEX "idx_product_offering_price_doc" ON "product_offering_price" USING gin ("doc" jsonb_path_ops)`);
        await queryRunner.query(`CREATE TABLE "category" ("id" uuid NOT NULL, "name" text NOT NULL, "lifecycle_status" text NOT NULL, "last_update" TIMESTAMP WITH TIME ZONE NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c4e4a89e3674fc9f382d733f03" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_category_lifecycle" ON "category" ("lifecycle_status", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_category_name" ON "category" ("name") `);
        await queryRunner.query(`CREATE INDEX "idx_category_doc" ON "category" USING gin ("doc" jsonb_path_ops)`);
        await queryRunner.query(`CREATE TABLE "catalog" ("id" uuid NOT NULL, "name" text NOT NULL, "lifecycle_status" text NOT NULL, "last_update" TIMESTAMP WITH TIME ZONE NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_782754bded12b4e75ad4afff913" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_catalog_lifecycle" ON "catalog" ("lifecycle_status", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_catalog_name" ON "catalog" ("name") `);
        await queryRunner.query(`CREATE INDEX "idx_catalog_doc" ON "catalog" USING gin ("doc" jsonb_path_ops)`);
        await queryRunner.query(`CREATE TABLE "import_job" ("id" uuid NOT NULL, "status" text NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_65b4c7eccb8120972a7b8da7682" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_import_job_status" ON "import_job" ("status") `);
        await queryRunner.query(`CREATE TABLE "export_job" ("id" uuid NOT NULL, "status" text NOT NULL, "doc" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "content" text, CONSTRAINT "PK_2edcb6f1780d22e5a9f2f29f466" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_export_job_status" ON "export_job" ("status") `);
        await queryRunner.query(`CREATE TABLE "resource_reference" ("source_table" text NOT NULL, "source_id" uuid NOT NULL, "target_table" text NOT NULL, "target_id" uuid NOT NULL, "path" text NOT NULL, CONSTRAINT "PK_671997135162c5d2461b6e7dc1f" PRIMARY KEY ("source_table", "source_id", "target_table", "target_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_resource_reference_target" ON "resource_reference" ("target_table", "target_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_resource_reference_target"`);
        await queryRunner.query(`DROP TABLE "resource_reference"`);
        await queryRunner.query(`DROP INDEX "public"."idx_export_job_status"`);
        await queryRunner.query(`DROP TABLE "export_job"`);
        await queryRunner.query(`DROP INDEX "public"."idx_import_job_status"`);
        await queryRunner.query(`DROP TABLE "import_job"`);
        await queryRunner.query(`DROP INDEX "public"."idx_catalog_doc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_catalog_name"`);
        await queryRunner.query(`DROP INDEX "public"."idx_catalog_lifecycle"`);
        await queryRunner.query(`DROP TABLE "catalog"`);
        await queryRunner.query(`DROP INDEX "public"."idx_category_doc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_category_name"`);
        await queryRunner.query(`DROP INDEX "public"."idx_category_lifecycle"`);
        await queryRunner.query(`DROP TABLE "category"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_offering_price_doc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_offering_price_name"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_offering_price_lifecycle"`);
        await queryRunner.query(`DROP TABLE "product_offering_price"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_offering_doc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_offering_name"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_offering_lifecycle"`);
        await queryRunner.query(`DROP TABLE "product_offering"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_specification_doc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_specification_name"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_specification_lifecycle"`);
        await queryRunner.query(`DROP TABLE "product_specification"`);
    }

}
