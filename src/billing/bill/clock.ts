import { Injectable } from '@nestjs/common';

/** The time billing reads as "now" (an on-demand bill covers up to it); one seam, so tests can pin it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
