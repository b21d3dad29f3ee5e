import { ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

/** TMF630 EventSubscriptionInput. */
@ApiSchema({ name: 'EventSubscriptionInput' })
export class EventSubscriptionInputDto {
  /** The listener URL events are POSTed to (http or https). */
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'callback must be an http(s) URL' })
  @MaxLength(2000)
  callback!: string;

  /** TMF630 filter on the events, e.g. `eventType=CustomerCreateEvent&status=Approved`. */
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  query?: string;
}

/** TMF630 EventSubscription. */
@ApiSchema({ name: 'EventSubscription' })
export class EventSubscriptionDto {
  id!: string;
  callback!: string;
  query?: string;
}
