// Billing cycles (src/billing/bill-run/billing-cycle.ts): the last closed period of a month, quarter or year cycle for
// any bill day and instant (boundaries to the millisecond), the next bill date and the end of the cycle in progress.
import { addMonths, BillCycle, currentCycleEnd, CYCLE_MONTHS, lastClosedPeriod, nextBillDate } from '../../src/billing/bill-run/billing-cycle';

const at = (iso: string) => new Date(iso);
const iso = (p: { start: Date; end: Date }) => ({ start: p.start.toISOString(), end: p.end.toISOString() });
const period = (start: string, end: string) => ({ start: `${start}T00:00:00.000Z`, end: `${end}T00:00:00.000Z` });

describe('billing cycles', () => {
  describe('addMonths', () => {
    it.each([
      ['2026-01-28T00:00:00.000Z', 1, '2026-02-28T00:00:00.000Z'],
      ['2026-11-15T10:30:00.000Z', 2, '2027-01-15T10:30:00.000Z'],
      ['2026-03-01T00:00:00.000Z', -3, '2025-12-01T00:00:00.000Z'],
      ['2024-02-28T00:00:00.000Z', 12, '2025-02-28T00:00:00.000Z'],
      ['2026-05-10T00:00:00.000Z', 0, '2026-05-10T00:00:00.000Z'],
    ])('%s + %i months = %s (the day and time are kept)', (from, months, expected) => {
      const date = at(from);
      expect(addMonths(date, months).toISOString()).toBe(expected);
      expect(date.toISOString()).toBe(from); // the argument is not changed
    });
  });

  describe('lastClosedPeriod', () => {
    it.each<[BillCycle, number, string, { start: string; end: string }]>([
      // monthly
      ['month', 1, '2026-11-23T16:00:00.000Z', period('2026-10-01', '2026-11-01')],
      ['month', 1, '2026-11-01T00:00:00.000Z', period('2026-10-01', '2026-11-01')], // exactly at the boundary: closed
      ['month', 1, '2026-10-31T23:59:59.999Z', period('2026-09-01', '2026-10-01')], // a millisecond before
      ['month', 1, '2026-01-01T00:00:00.000Z', period('2025-12-01', '2026-01-01')],
      ['month', 1, '2025-12-31T23:59:59.999Z', period('2025-11-01', '2025-12-01')],
      ['month', 15, '2026-11-23T16:00:00.000Z', period('2026-10-15', '2026-11-15')],
      ['month', 15, '2026-11-15T00:00:00.000Z', period('2026-10-15', '2026-11-15')],
      ['month', 15, '2026-11-14T23:59:59.999Z', period('2026-09-15', '2026-10-15')],
      ['month', 15, '2026-01-10T12:00:00.000Z', period('2025-11-15', '2025-12-15')], // back across the new year
      ['month', 28, '2026-03-01T00:00:00.000Z', period('2026-01-28', '2026-02-28')],
      ['month', 28, '2026-02-28T00:00:00.000Z', period('2026-01-28', '2026-02-28')],
      ['month', 28, '2026-02-27T23:59:59.999Z', period('2025-12-28', '2026-01-28')],
      ['month', 28, '2024-02-29T12:00:00.000Z', period('2024-01-28', '2024-02-28')], // leap day
      ['month', 2, '2026-03-02T00:00:00.001Z', period('2026-02-02', '2026-03-02')],
      // quarterly: cycles from January, April, July, October
      ['quarter', 1, '2026-11-23T16:00:00.000Z', period('2026-07-01', '2026-10-01')],
      ['quarter', 1, '2026-10-01T00:00:00.000Z', period('2026-07-01', '2026-10-01')],
      ['quarter', 1, '2026-09-30T23:59:59.999Z', period('2026-04-01', '2026-07-01')],
      ['quarter', 1, '2026-12-31T23:59:59.999Z', period('2026-07-01', '2026-10-01')],
      ['quarter', 1, '2027-01-01T00:00:00.000Z', period('2026-10-01', '2027-01-01')],
      ['quarter', 15, '2026-10-10T00:00:00.000Z', period('2026-04-15', '2026-07-15')],
      ['quarter', 15, '2026-10-15T00:00:00.000Z', period('2026-07-15', '2026-10-15')],
      ['quarter', 10, '2026-01-05T00:00:00.000Z', period('2025-07-10', '2025-10-10')], // back across the new year
      ['quarter', 28, '2026-03-31T23:59:59.999Z', period('2025-10-28', '2026-01-28')],
      ['quarter', 28, '2026-05-20T00:00:00.000Z', period('2026-01-28', '2026-04-28')],
      // yearly: cycles from January
      ['year', 1, '2026-11-23T16:00:00.000Z', period('2025-01-01', '2026-01-01')],
      ['year', 1, '2026-01-01T00:00:00.000Z', period('2025-01-01', '2026-01-01')],
      ['year', 1, '2025-12-31T23:59:59.999Z', period('2024-01-01', '2025-01-01')],
      ['year', 28, '2026-01-27T00:00:00.000Z', period('2024-01-28', '2025-01-28')],
      ['year', 28, '2026-01-28T00:00:00.000Z', period('2025-01-28', '2026-01-28')],
      ['year', 15, '2026-12-31T23:59:59.999Z', period('2025-01-15', '2026-01-15')],
    ])('%s cycle, bill day %i, at %s → %o', (cycle, billDay, now, expected) => {
      expect(iso(lastClosedPeriod(cycle, billDay, at(now)))).toEqual(expected);
    });

    it('holds for every cycle, several bill days and every day of 2024–2027 at several times of day', () => {
      const failures: string[] = [];
      for (const cycle of Object.keys(CYCLE_MONTHS) as BillCycle[]) {
        const months = CYCLE_MONTHS[cycle];
        for (const billDay of [1, 2, 14, 15, 27, 28]) {
          for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2028, 0, 1); day += 86_400_000) {
            for (const offset of [0, 1, 43_200_000, 86_399_999]) {
              const now = new Date(day + offset);
              const p = lastClosedPeriod(cycle, billDay, now);
              const problems = [
                p.end.getTime() <= now.getTime() ? '' : 'ends after now',
                now.getTime() < addMonths(p.end, months).getTime() ? '' : 'a later cycle has closed too',
                p.start.getTime() === addMonths(p.end, -months).getTime() ? '' : 'start is not one cycle before the end',
                p.end.getUTCDate() === billDay ? '' : 'end is not on the bill day',
                p.end.getUTCHours() + p.end.getUTCMinutes() + p.end.getUTCSeconds() + p.end.getUTCMilliseconds() === 0 ? '' : 'end is not at 00:00 UTC',
                p.end.getUTCMonth() % months === 0 ? '' : 'end is not at the start of a cycle month',
              ].filter(Boolean);
              if (problems.length) failures.push(`${cycle}/${billDay} at ${now.toISOString()}: ${problems.join(', ')} (${JSON.stringify(iso(p))})`);
            }
          }
        }
      }
      expect(failures.slice(0, 20)).toEqual([]);
    });

    it('does not depend on the process time zone (only UTC fields are used)', () => {
      const saved = process.env.TZ;
      const results: unknown[] = [];
      try {
        for (const tz of ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
          process.env.TZ = tz; // Node applies a changed TZ at once
          results.push([
            iso(lastClosedPeriod('month', 28, at('2026-03-29T00:30:00.000Z'))), // the night European clocks move
            iso(lastClosedPeriod('month', 1, at('2026-04-01T00:00:00.000Z'))),
            iso(lastClosedPeriod('quarter', 1, at('2026-01-01T05:00:00.000Z'))),
            nextBillDate({ start: at('2026-10-01T00:00:00.000Z'), end: at('2026-11-01T00:00:00.000Z') }, 'month').toISOString(),
          ]);
        }
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
      const expected = [period('2026-02-28', '2026-03-28'), period('2026-03-01', '2026-04-01'), period('2025-10-01', '2026-01-01'), '2026-12-01T00:00:00.000Z'];
      expect(results).toEqual([expected, expected, expected, expected]);
    });
  });

  describe('nextBillDate', () => {
    const oct = { start: at('2026-10-01T00:00:00.000Z'), end: at('2026-11-01T00:00:00.000Z') };

    it.each<[BillCycle, string]>([
      ['month', '2026-12-01T00:00:00.000Z'],
      ['quarter', '2027-02-01T00:00:00.000Z'],
      ['year', '2027-11-01T00:00:00.000Z'],
    ])('a period closed on a %s cycle → one cycle after its end (%s)', (cycle, expected) => {
      expect(nextBillDate(oct, cycle).toISOString()).toBe(expected);
    });

    it('without a cycle → the end plus the length of the period', () => {
      expect(nextBillDate(oct, null).toISOString()).toBe('2026-12-02T00:00:00.000Z'); // 31 days after 1 November
      expect(nextBillDate({ start: at('2026-11-01T00:00:00.000Z'), end: at('2026-12-01T00:00:00.000Z') }, null).toISOString()).toBe('2026-12-31T00:00:00.000Z');
      expect(nextBillDate({ start: at('2026-11-10T06:00:00.000Z'), end: at('2026-11-10T18:00:00.000Z') }, null).toISOString()).toBe('2026-11-11T06:00:00.000Z');
    });

    it('keeps the bill day across short months (bill day 28)', () => {
      const jan = { start: at('2026-01-28T00:00:00.000Z'), end: at('2026-02-28T00:00:00.000Z') };
      expect(nextBillDate(jan, 'month').toISOString()).toBe('2026-03-28T00:00:00.000Z');
      expect(nextBillDate(jan, 'quarter').toISOString()).toBe('2026-05-28T00:00:00.000Z');
    });
  });

  describe('currentCycleEnd', () => {
    it.each<[BillCycle, number, string, string]>([
      ['month', 1, '2026-11-23T16:00:00.000Z', '2026-12-01T00:00:00.000Z'],
      ['month', 1, '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'], // a cycle starting right now ends a month later
      ['month', 1, '2026-10-31T23:59:59.999Z', '2026-11-01T00:00:00.000Z'],
      ['month', 1, '2026-12-15T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['month', 15, '2026-11-23T16:00:00.000Z', '2026-12-15T00:00:00.000Z'],
      ['month', 15, '2026-11-14T23:59:59.999Z', '2026-11-15T00:00:00.000Z'],
      ['month', 28, '2026-02-01T00:00:00.000Z', '2026-02-28T00:00:00.000Z'],
      ['quarter', 1, '2026-11-23T16:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['quarter', 1, '2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['quarter', 15, '2026-10-10T00:00:00.000Z', '2026-10-15T00:00:00.000Z'],
      ['year', 1, '2026-11-23T16:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['year', 28, '2026-01-27T00:00:00.000Z', '2026-01-28T00:00:00.000Z'],
      ['year', 28, '2026-01-28T00:00:00.000Z', '2027-01-28T00:00:00.000Z'],
    ])('%s cycle, bill day %i, at %s → ends %s', (cycle, billDay, now, expected) => {
      const end = currentCycleEnd(cycle, billDay, at(now));
      expect(end.toISOString()).toBe(expected);
      expect(end.getTime()).toBeGreaterThan(at(now).getTime());
    });
  });
});
