import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { badRequest, TmfException, notFound } from '../errors';
import { isUuid } from '../resource/document.repository';
import { resourcesOf } from '../resource/resource-definition';
import { CallbackGuard } from './callback-guard';
import { parseEventQuery } from './event-query';
import { EventSubscriptionDto, EventSubscriptionInputDto } from './hub.dto';
import { HubRepository } from './hub.repository';

/** One TMF API as the hub sees it: its name (e.g. TMF629) and base path. */
export interface ApiDefinition {
  api: string;
  basePath: string;
}

@Injectable()
export class HubService {
  constructor(
    private readonly hubs: HubRepository,
    private readonly callbacks: CallbackGuard,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  hubUrl(api: ApiDefinition, id: string): string {
    return `${this.config.publicBaseUrl}${api.basePath}/hub/${id}`;
  }

  async subscribe(api: ApiDefinition, input: EventSubscriptionInputDto): Promise<EventSubscriptionDto> {
    this.checkQuery(api, input.query);
    const refusal = await this.callbacks.refusal(input.callback);
    if (refusal) throw badRequest('invalidCallback', refusal);
    const subscription = { id: uuidv7(), api: api.api, callback: input.callback, query: input.query ?? null };
    await this.hubs.insert(subscription);
    return { id: subscription.id, callback: subscription.callback, ...(input.query !== undefined ? { query: input.query } : {}) };
  }

  async unsubscribe(api: ApiDefinition, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.hubs.delete(api.api, id))) throw notFound('EventSubscription', id, this.hubUrl(api, id));
  }

  /** 400 now rather than a subscription that can never match: the query must make sense for some resource. */
  private checkQuery(api: ApiDefinition, query: string | undefined): void {
    let firstError: unknown;
    for (const def of resourcesOf(api.api)) {
      try {
        parseEventQuery(def, query);
        return;
      } catch (e) {
        if (!(e instanceof TmfException)) throw e;
        firstError ??= e;
      }
    }
    if (firstError) throw firstError;
  }
}
