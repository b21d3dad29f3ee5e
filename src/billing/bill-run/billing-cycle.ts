/** Months in each bill cycle. */
export const CYCLE_MONTHS = { month: 1, quarter: 3, year: 12 } as const;
export type BillCycle = keyof typeof CYCLE_MONTHS;

/** `date` plus whole calendar months, keeping the day (bill days are 1–28, so every month has them). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/**
 * The last full cycle that has ended at `now`: cycles start on `billDay` at 00:00 UTC — every month, every
 * quarter from January, or every January.
 */
export function lastClosedPeriod(cycle: BillCycle, billDay: number, now: Date): { start: Date; end: Date } {
  const months = CYCLE_MONTHS[cycle];
  let year = now.getUTCFullYear();
  let month = now.getUTCMonth() - (now.getUTCMonth() % months);
  let end = new Date(Date.UTC(year, month, billDay));
  while (end.getTime() > now.getTime()) {
    month -= months;
    if (month < 0) {
      month += 12;
      year -= 1;
    }
    end = new Date(Date.UTC(year, month, billDay));
  }
  return { start: addMonths(end, -months), end };
}

/** When the period after a closed one ends (the next bill date): one cycle later, or one period length later. */
export function nextBillDate(period: { start: Date; end: Date }, cycle: BillCycle | null): Date {
  return cycle ? addMonths(period.end, CYCLE_MONTHS[cycle]) : new Date(period.end.getTime() * 2 - period.start.getTime());
}

/** The end of the account's cycle in progress at `now` (an off-cycle bill's next bill date). */
export function currentCycleEnd(cycle: BillCycle, billDay: number, now: Date): Date {
  return addMonths(lastClosedPeriod(cycle, billDay, now).end, CYCLE_MONTHS[cycle]);
}
