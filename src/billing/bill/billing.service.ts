import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { CUSTOMER } from '../../customer/customer.resource';
import { resourceHref } from '../../tmf/resource/resource-definition';
import { billingAccountHref } from '../billing-account.repository';
import { AccountSelection, RatingRepository } from '../rating/rating.repository';
import { BillContext, BillHrefs, BillWriterRepository, WrittenBills } from './bill-writer.repository';
import { CUSTOMER_BILL } from './customer-bill.resources';

/** What one billing transaction did. */
export interface BillingOutcome {
  /** Accounts selected (and locked). */
  accounts: number;
  /** Accounts skipped because they already have an on-cycle bill for the period. */
  alreadyBilled: number;
  parked: { id: string; reason: string }[];
  bills: number;
  rates: number;
  /** Accounts with nothing to charge (no bill made). */
  withoutCharges: number;
  /** Sums by currency (decimal strings). */
  amounts: WrittenBills['amounts'];
}

export const BILL_DOCUMENT_PATH = '/bss/billing/v1/billDocument';

/**
 * Bills a selection of accounts in the caller's transaction: lock, rate, write — the same steps for a bill-run
 * chunk and an on-demand bill. A dry run locks and rates, sums what the bills would be, then rolls back to a savepoint, keeping the figures.
 */
@Injectable()
export class BillingService {
  private readonly hrefs: BillHrefs;

  constructor(
    private readonly rating: RatingRepository,
    private readonly writer: BillWriterRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const base = config.publicBaseUrl;
    this.hrefs = {
      bill: resourceHref(base, CUSTOMER_BILL, ''),
      billingAccount: billingAccountHref(base, ''),
      customer: resourceHref(base, CUSTOMER, ''),
      document: `${base}${BILL_DOCUMENT_PATH}/`,
    };
  }

  async bill(client: PoolClient, selection: AccountSelection, ctx: Omit<BillContext, 'hrefs'>, dryRun = false): Promise<BillingOutcome> {
    if (dryRun) await client.query('SAVEPOINT dry_run');
    const accounts = await this.rating.selectAccounts(client, selection);
    const alreadyBilled = ctx.runType === 'onCycle' ? await this.rating.dropAlreadyBilled(client, ctx.period) : 0;
    const parked = await this.rating.removeUnbillable(client, ctx.period);
    await this.rating.rate(client, ctx.period);
    // a dry run stops at the figures: writing bills would also spend bill numbers
    const written = dryRun ? await this.writer.summarise(client) : await this.writer.write(client, { ...ctx, hrefs: this.hrefs });
    if (dryRun) await client.query('ROLLBACK TO SAVEPOINT dry_run');
    return {
      accounts,
      alreadyBilled,
      parked,
      bills: written.bills,
      rates: written.rates,
      withoutCharges: accounts - alreadyBilled - parked.length - written.bills,
      amounts: written.amounts,
    };
  }
}
