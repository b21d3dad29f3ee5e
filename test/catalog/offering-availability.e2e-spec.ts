// Which offerings can be quoted or recommended: Launched, isSellable (absent = true) and inside validFor.
import request from 'supertest';
import { OfferingAvailabilityRepository } from '../../src/catalog/offering-availability.repository';
import { startTestApp, TestApp } from '../support/test-app';

const BASE = '/tmf-api/productCatalogManagement/v4';

describe('TMF620 offering availability', () => {
  let t: TestApp;
  let availability: OfferingAvailabilityRepository;
  beforeAll(async () => {
    t = await startTestApp();
    availability = t.app.get(OfferingAvailabilityRepository);
  });
  afterAll(() => t.close());

  async function offering(name: string, extra: Record<string, unknown>): Promise<string> {
    const res = await request(t.server).post(`${BASE}/productOffering`).send({ name, ...extra }).expect(201);
    return res.body.id as string;
  }

  it('keeps only Launched, sellable offerings valid at the instant asked about', async () => {
    const at = new Date('2026-06-01T00:00:00Z');
    const ids = {
      launched: await offering('launched', { lifecycleStatus: 'Launched' }),
      sellable: await offering('explicitly sellable', { lifecycleStatus: 'Launched', isSellable: true }),
      notSellable: await offering('bundle-only', { lifecycleStatus: 'Launched', isSellable: false }),
      active: await offering('active, not launched', { lifecycleStatus: 'Active' }),
      retired: await offering('retired', { lifecycleStatus: 'Retired' }),
      window: await offering('inside window', { lifecycleStatus: 'Launched', validFor: { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' } }),
      future: await offering('not yet valid', { lifecycleStatus: 'Launched', validFor: { startDateTime: '2026-07-01T00:00:00Z' } }),
      ended: await offering('ended', { lifecycleStatus: 'Launched', validFor: { endDateTime: '2026-06-01T00:00:00Z' } }),
    };
    const sellable = await availability.sellable([...Object.values(ids), 'not-a-uuid', '00000000-0000-4000-8000-000000000000'], at);
    expect([...sellable].sort()).toEqual([ids.launched, ids.sellable, ids.window].sort());
    // the end of validFor is exclusive; one millisecond earlier the offering was still valid
    expect(await availability.sellable([ids.ended], new Date(at.getTime() - 1))).toEqual(new Set([ids.ended]));
    expect(await availability.sellable([])).toEqual(new Set());
  });
});
