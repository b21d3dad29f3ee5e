import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { customerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('operations: health and metrics', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('GET /health answers while the process lives', async () => {
    const res = await request(t.server).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready checks PostgreSQL and Redis', async () => {
    const res = await request(t.server).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('GET /metrics exposes HTTP latency by route pattern and status, and queue depths', async () => {
    const { body } = await request(t.server).post('/tmf-api/customerManagement/v4/customer').send(customerBody()).expect(201);
    await request(t.server).get(`/tmf-api/customerManagement/v4/customer/${body.id}`).expect(200);
    await request(t.server).get('/tmf-api/customerManagement/v4/customer/0190a0a0-0000-7000-8000-000000000000').expect(404);
    const res = await request(t.server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const route = '/tmf-api/customerManagement/v4/customer/:id';
    expect(res.text).toMatch(new RegExp(`http_request_duration_seconds_count\\{method="GET",route="${route.replace(/\//g, '\\/')}",status_code="200"\\} 1`));
    expect(res.text).toMatch(new RegExp(`http_request_duration_seconds_count\\{method="GET",route="${route.replace(/\//g, '\\/')}",status_code="404"\\} 1`));
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/tmf-api\/customerManagement\/v4\/customer",status_code="201"\}/);
    expect(res.text).toMatch(/bullmq_queue_jobs\{queue="tmf-event-delivery",state="waiting"\} \d+/);
    expect(res.text).toMatch(/process_resident_memory_bytes \d+/);
  });
});

describe('operations: API documentation', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('serves the Swagger UI at /docs and each API document as JSON, the same as the committed one', async () => {
    const ui = await request(t.server).get('/docs').redirects(1).expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.text).toContain('swagger');
    const doc = await request(t.server).get('/docs/tmf629-customer.json').expect(200);
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi', 'tmf629-customer.json'), 'utf8'));
    expect(doc.body).toEqual(committed);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/tmf-api/customerManagement/v4/customer/{id}', '/tmf-api/customerManagement/v4/hub']));
  });
});

describe('operations: readiness when Redis is down', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } })));
  afterAll(() => t.close());

  it('answers 503 with the TMF Error body naming the failed dependency, liveness still 200', async () => {
    await request(t.server).get('/health').expect(200);
    const res = await request(t.server).get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ status: '503', code: 'serviceUnavailable', '@type': 'Error' });
    expect(res.body.message).toContain('redis');
  });
});
