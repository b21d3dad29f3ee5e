// A quote's validity: it cannot start out expired, and its end cannot be removed (the expiry job relies on it).
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { expectTmfError } from '../support/customer-helpers';
import { customerWithAccounts, DAY_MS, launchedOffering, MERGE_PATCH, QUOTE_PATH, quoteFor, quoteRow } from './quote-helpers';

describe('TMF648 quote validFor', () => {
  let t: TestApp;
  let body: Record<string, unknown>;
  beforeAll(async () => {
    t = await startTestApp();
    const customer = await customerWithAccounts(t);
    const offering = await launchedOffering(t);
    body = quoteFor(customer.id, [offering.id as string]);
  });
  afterAll(() => t.close());

  const quoteCount = async () => Number((await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM quote')).rows[0].n);

  it('refuses a quote whose validFor has already ended', async () => {
    const before = await quoteCount();
    const res = await request(t.server).post(QUOTE_PATH).send({ ...body, validFor: { endDateTime: new Date(Date.now() - 1000).toISOString() } });
    expectTmfError(res, 400);
    expect(res.body.message).toContain('validFor.endDateTime is in the past');
    expect(await quoteCount()).toBe(before);
  });

  it('keeps a given end, stores it as the expiry column, and refuses to remove it', async () => {
    const end = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const created = (await request(t.server).post(QUOTE_PATH).send({ ...body, validFor: { endDateTime: end } }).expect(201)).body;
    expect(created.validFor.endDateTime).toBe(end);
    expect((await quoteRow(t, created.id))?.valid_until?.toISOString()).toBe(end);
    for (const patch of [{ validFor: null }, { validFor: { endDateTime: null } }]) {
      const res = await request(t.server).patch(`${QUOTE_PATH}/${created.id}`).set('Content-Type', MERGE_PATCH).send(patch);
      expectTmfError(res, 400);
      expect(res.body.message).toContain('validFor.endDateTime cannot be removed');
    }
    expect((await quoteRow(t, created.id))?.doc.version).toBe('1');
  });
});
