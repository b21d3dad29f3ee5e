import { Injectable } from '@nestjs/common';
import { Database, Queryable } from '../../database/database.service';
import { FAMILY_NAME, FeatureCatalog, featureCatalog } from './feature-catalog';

/**
 * The product family key of a TMF620 category name: lower case, non-alphanumerics removed (`IoT & M2M` → `iotm2m`).
 * The same rule as familyKeySql, for code that has a name in hand.
 */
export function familyKey(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** The family key of a category name in SQL (`name` is an SQL expression from code), as familyKey computes it. */
export const familyKeySql = (name: string) => `lower(regexp_replace(${name}, '[^A-Za-z0-9]', '', 'g'))`;

const FAMILIES_SQL = `SELECT DISTINCT ${familyKeySql('name')} AS family FROM category`;

/** The product families: one per distinct TMF620 category name, read when needed (categories change at run time). */
@Injectable()
export class ProductFamiliesRepository {
  constructor(private readonly db: Database) {}

  /** Sorted distinct family keys; names whose key cannot name a feature (empty, leading digit) are left out. */
  async families(client: Queryable = this.db.pool): Promise<string[]> {
    const { rows } = await client.query<{ family: string }>(FAMILIES_SQL);
    return rows
      .map((r) => r.family)
      .filter((f) => FAMILY_NAME.test(f))
      .sort();
  }

  /** The feature catalog for the current families: the one rules are checked against and the feature list shows. */
  async catalog(client?: Queryable): Promise<FeatureCatalog> {
    return featureCatalog(await this.families(client));
  }
}
