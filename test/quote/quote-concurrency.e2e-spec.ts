// Quote creation under concurrency: each request uses only its transaction's connection, so more requests in
// flight than the pool has connections queue up instead of deadlocking the pool.
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { customerWithAccounts, launchedOffering, QUOTE_PATH, quoteFor } from './quote-helpers';

describe('TMF648 quote creation with more requests than pool connections', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { DATABASE_POOL_SIZE: '2' } })));
  afterAll(() => t.close());

  it('prices and stores 12 concurrent quotes on a pool of 2', async () => {
    const customer = await customerWithAccounts(t);
    const offering = await launchedOffering(t, 12.5);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => request(t.server).post(QUOTE_PATH).send(quoteFor(customer.id, [offering.id as string])).timeout(20_000)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    expect(answers.every((a) => a.body.quoteTotalPrice.length === 1)).toBe(true);
    const { rows } = await t.sql.query<{ n: string }>('SELECT count(*) AS n FROM quote');
    expect(Number(rows[0].n)).toBe(12);
  });
});
