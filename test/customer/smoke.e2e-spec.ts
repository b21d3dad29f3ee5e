import request from 'supertest';
import { customerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('creates and reads a customer', async () => {
    const created = await request(t.server).post('/tmf-api/customerManagement/v4/customer').send(customerBody()).expect(201);
    const got = await request(t.server).get(`/tmf-api/customerManagement/v4/customer/${created.body.id}`).expect(200);
    expect(got.body).toEqual(created.body);
  });
});
