import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database.service';
import { OutboxRepository } from '../../tmf/hub/outbox.repository';
import { resourceServiceToken } from '../../tmf/resource/resource-controller.factory';
import { TmfResourceService } from '../../tmf/resource/resource.service';
import { APPLIED_CUSTOMER_BILLING_RATE, CUSTOMER_BILL } from './customer-bill.resources';

/** Bills and rates are plain toolkit resources: what they may do is declared in their definitions. */
@Injectable()
export class CustomerBillResourceServices {
  readonly bills: TmfResourceService;
  readonly rates: TmfResourceService;

  constructor(db: Database, outbox: OutboxRepository, @Inject(APP_CONFIG) config: AppConfig) {
    this.bills = new TmfResourceService(CUSTOMER_BILL, db, outbox, config);
    this.rates = new TmfResourceService(APPLIED_CUSTOMER_BILLING_RATE, db, outbox, config);
  }
}

export const customerBillResourceProviders = [
  { provide: resourceServiceToken(CUSTOMER_BILL), inject: [CustomerBillResourceServices], useFactory: (s: CustomerBillResourceServices) => s.bills },
  { provide: resourceServiceToken(APPLIED_CUSTOMER_BILLING_RATE), inject: [CustomerBillResourceServices], useFactory: (s: CustomerBillResourceServices) => s.rates },
];
