import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database.service';
import { OutboxRepository } from '../tmf/hub/outbox.repository';
import { resourceServiceToken } from '../tmf/resource/resource-controller.factory';
import { ResourceDefinition } from '../tmf/resource/resource-definition';
import { Json } from '../tmf/resource/document.repository';
import { TmfResourceService } from '../tmf/resource/resource.service';
import { CATALOG_RESOURCES, PRODUCT_OFFERING_PRICE } from './catalog.resources';
import { checkPriceRules } from './product-offering-price.rules';

/** Prices add their pricing rules to the toolkit's. */
class ProductOfferingPriceService extends TmfResourceService {
  protected override checkDocument(doc: Json): void {
    checkPriceRules(doc);
  }
}

/**
 * The services of the five catalog resources. Life cycle, references and last update are declared in their
 * definitions and kept by the toolkit; only prices have rules of their own.
 */
@Injectable()
export class CatalogResourceServices {
  private readonly services: Map<ResourceDefinition, TmfResourceService>;

  constructor(db: Database, outbox: OutboxRepository, @Inject(APP_CONFIG) config: AppConfig) {
    this.services = new Map(
      CATALOG_RESOURCES.map((def) => {
        const Service = def === PRODUCT_OFFERING_PRICE ? ProductOfferingPriceService : TmfResourceService;
        return [def, new Service(def, db, outbox, config)];
      }),
    );
  }

  of(def: ResourceDefinition): TmfResourceService {
    const service = this.services.get(def);
    if (!service) throw new Error(`${def.type} is not a catalog resource`);
    return service;
  }
}

/** One Nest provider per resource, under the token its controller injects. */
export const catalogResourceProviders = CATALOG_RESOURCES.map((def) => ({
  provide: resourceServiceToken(def),
  inject: [CatalogResourceServices],
  useFactory: (services: CatalogResourceServices) => services.of(def),
}));
