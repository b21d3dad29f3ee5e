// Usage intake (POST /bss/billing/v1/usage): per-record validation with reasons, the checks against billing accounts
// and products, exact storage, duplicates, the JSON body forms, and the TMF Errors of bad bodies (never a 5xx).
import { expectAllClientErrors, expectTmfError } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import {
  intakeResult,
  ndjson,
  newBillingAccount,
  newProduct,
  NDJSON,
  postJson,
  postNdjson,
  storedUsage,
  usageCount,
  usageRecord,
  USAGE_PATH,
} from './usage-helpers';

const UNKNOWN_ACCOUNT = '0190f3a0-0000-7000-8000-000000000000';
const UNKNOWN_PRODUCT = '0190f3a0-0000-7000-8000-00000000abcd';

describe('usage intake: records, accounts and JSON bodies', () => {
  let t: TestApp;
  let account: string;
  let usdAccount: string;
  let otherAccount: string;
  let product: string;
  let otherProduct: string;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    account = await newBillingAccount(t);
    usdAccount = await newBillingAccount(t, 'USD');
    otherAccount = await newBillingAccount(t);
    product = await newProduct(t, account);
    otherProduct = await newProduct(t, otherAccount);
  });
  afterAll(() => t.close());

  describe('each record is checked on its own', () => {
    // [label, record (or raw line), reason pattern, whether the rejection names the id]
    const cases: [string, (a: string) => unknown, RegExp, boolean][] = [
      ['a number', () => 5, /must be a JSON object/, false],
      ['a list', () => [1], /must be a JSON object/, false],
      ['null', () => null, /must be a JSON object/, false],
      ['a string', () => 'usage', /must be a JSON object/, false],
      ['an unknown attribute', (a) => usageRecord(a, { price: 3 }), /'price' is not an attribute/, true],
      ['no id', (a) => usageRecord(a, { id: undefined }), /^id must be/, false],
      ['an empty id', (a) => usageRecord(a, { id: '' }), /^id must be/, true],
      ['a numeric id', (a) => usageRecord(a, { id: 42 }), /^id must be/, false],
      ['an id of 201 characters', (a) => usageRecord(a, { id: 'i'.repeat(201) }), /^id must be/, true],
      ['no billingAccountId', (a) => usageRecord(a, { billingAccountId: undefined }), /^billingAccountId must be/, true],
      ['a billingAccountId that is no UUID', (a) => usageRecord(a, { billingAccountId: 'acct-1' }), /^billingAccountId must be/, true],
      ['a numeric billingAccountId', (a) => usageRecord(a, { billingAccountId: 7 }), /^billingAccountId must be/, true],
      ['a productId that is no UUID', (a) => usageRecord(a, { productId: 'prod-1' }), /^productId must be/, true],
      ['a numeric productId', (a) => usageRecord(a, { productId: 1 }), /^productId must be/, true],
      ['no usageDate', (a) => usageRecord(a, { usageDate: undefined }), /^usageDate must be/, true],
      ['a usageDate without time', (a) => usageRecord(a, { usageDate: '2026-11-01' }), /^usageDate must be/, true],
      ['a usageDate on 30 February', (a) => usageRecord(a, { usageDate: '2026-02-30T10:00:00Z' }), /^usageDate must be/, true],
      ['a usageDate in words', (a) => usageRecord(a, { usageDate: 'yesterday' }), /^usageDate must be/, true],
      ['a numeric usageDate', (a) => usageRecord(a, { usageDate: 1767225600000 }), /^usageDate must be/, true],
      ['no usageType', (a) => usageRecord(a, { usageType: undefined }), /^usageType must be/, true],
      ['an empty usageType', (a) => usageRecord(a, { usageType: '' }), /^usageType must be/, true],
      ['a usageType of 101 characters', (a) => usageRecord(a, { usageType: 't'.repeat(101) }), /^usageType must be/, true],
      ['no quantity', (a) => usageRecord(a, { quantity: undefined }), /^quantity must be/, true],
      ['a negative quantity', (a) => usageRecord(a, { quantity: -1 }), /^quantity must be/, true],
      ['a quantity as a string', (a) => usageRecord(a, { quantity: '1.5' }), /^quantity must be/, true],
      ['a quantity of 1e15', (a) => usageRecord(a, { quantity: 1e15 }), /^quantity must be/, true],
      ['a null quantity', (a) => usageRecord(a, { quantity: null }), /^quantity must be/, true],
      ['an overflowing quantity (1e400)', (a) => JSON.stringify(usageRecord(a, { id: 'q-1e400' })).replace('"quantity":1.5', '"quantity":1e400'), /^quantity must be/, true],
      ['no unit', (a) => usageRecord(a, { unit: undefined }), /^unit must be/, true],
      ['a unit of 51 characters', (a) => usageRecord(a, { unit: 'u'.repeat(51) }), /^unit must be/, true],
      ['no amount', (a) => usageRecord(a, { amount: undefined }), /^amount must be/, true],
      ['a negative amount', (a) => usageRecord(a, { amount: -0.01 }), /^amount must be/, true],
      ['an amount as a string', (a) => usageRecord(a, { amount: '0.75' }), /^amount must be/, true],
      ['no currency', (a) => usageRecord(a, { currency: undefined }), /^currency must be/, true],
      ['a lower-case currency', (a) => usageRecord(a, { currency: 'eur' }), /^currency must be/, true],
      ['a four-letter currency', (a) => usageRecord(a, { currency: 'EURO' }), /^currency must be/, true],
      ['a numeric currency', (a) => usageRecord(a, { currency: 978 }), /^currency must be/, true],
      ['a description of 501 characters', (a) => usageRecord(a, { description: 'd'.repeat(501) }), /^description must be/, true],
      ['a numeric description', (a) => usageRecord(a, { description: 5 }), /^description must be/, true],
    ];

    it.each(cases)('%s → rejected with its reason (NDJSON and JSON)', async (_label, make, reason, namesId) => {
      const acct = await newBillingAccount(t);
      const bad = make(acct);
      const badText = typeof bad === 'string' && bad.startsWith('{') ? bad : JSON.stringify(bad);
      const good = usageRecord(acct);
      const expected = (id: unknown) => ({
        received: 2,
        accepted: 1,
        duplicates: 0,
        rejected: [{ index: 0, ...(namesId ? { id } : {}), reason: expect.stringMatching(reason) }],
      });
      const badId = (JSON.parse(badText) as { id?: unknown } | null)?.id;

      const viaNdjson = intakeResult(await postNdjson(t, `${badText}\n${JSON.stringify(good)}\n`));
      expect(viaNdjson).toEqual(expected(badId));
      const viaJson = intakeResult(await postJson(t, `[${badText}, ${JSON.stringify(usageRecord(acct))}]`));
      expect(viaJson).toEqual(expected(badId));
      expect(await usageCount(t, acct)).toBe(2);
    });

    it('an NDJSON line that is not JSON → rejected, the next lines still read', async () => {
      const good = usageRecord(account);
      const res = intakeResult(await postNdjson(t, `{"id": "broken", \n${JSON.stringify(good)}\nnot json at all\n`));
      expect(res).toEqual({
        received: 3,
        accepted: 1,
        duplicates: 0,
        rejected: [
          { index: 0, reason: 'the line is not valid JSON' },
          { index: 2, reason: 'the line is not valid JSON' },
        ],
      });
    });

    it('an NDJSON record with a __proto__ attribute → rejected as unknown (in JSON bodies the whole body is refused)', async () => {
      const acct = await newBillingAccount(t);
      const line = `{"__proto__": {"x": 1}, "id": "p1", "billingAccountId": "${acct}"}`;
      expect(intakeResult(await postNdjson(t, `${line}\n`))).toEqual({ received: 1, accepted: 0, duplicates: 0, rejected: [{ index: 0, id: 'p1', reason: "'__proto__' is not an attribute of a usage record" }] });
      expectTmfError(await postJson(t, `[${line}]`), 400);
    });

    it('a NUL in a string: the NDJSON record is rejected with its reason; a JSON body is refused whole (400, as everywhere)', async () => {
      const acct = await newBillingAccount(t);
      const records = [usageRecord(acct, { id: 'a\u0000b' }), usageRecord(acct, { id: 'nul-desc', description: 'x\u0000' }), usageRecord(acct, { id: 'fine' })];
      expect(intakeResult(await postNdjson(t, ndjson(records)))).toEqual({
        received: 3,
        accepted: 1,
        duplicates: 0,
        rejected: [
          { index: 0, id: 'a\u0000b', reason: expect.stringMatching(/^id must be/) },
          { index: 1, id: 'nul-desc', reason: expect.stringMatching(/^description must be/) },
        ],
      });
      expectTmfError(await postJson(t, records), 400);
      expect(await usageCount(t, acct)).toBe(1);
    });

    it('a record may omit productId and description; an optional attribute present is checked', async () => {
      const acct = await newBillingAccount(t);
      const res = intakeResult(await postJson(t, [usageRecord(acct), usageRecord(acct, { description: 'Roaming data, Spain' })]));
      expect(res).toEqual({ received: 2, accepted: 2, duplicates: 0, rejected: [] });
    });
  });

  describe('checks against billing accounts and products', () => {
    it('unknown billing account, other currency, product not on the account → rejected with reason and id; the rest stored', async () => {
      const acct = await newBillingAccount(t);
      const prod = await newProduct(t, acct);
      const records = [
        usageRecord(acct, { id: 'ok-1' }),
        usageRecord(UNKNOWN_ACCOUNT, { id: 'unknown-account' }),
        usageRecord(acct, { id: 'in-usd', currency: 'USD' }),
        usageRecord(acct, { id: 'foreign-product', productId: otherProduct }),
        usageRecord(acct, { id: 'unknown-product', productId: UNKNOWN_PRODUCT }),
        usageRecord(acct, { id: 'ok-product', productId: prod }),
        usageRecord(usdAccount, { id: 'usd-in-eur', currency: 'EUR' }),
        usageRecord(usdAccount, { id: 'usd-ok', currency: 'USD' }),
        usageRecord(acct, { id: 'xyz', currency: 'XYZ' }),
      ];
      const res = intakeResult(await postNdjson(t, ndjson(records)));
      expect(res).toEqual({
        received: 9,
        accepted: 3,
        duplicates: 0,
        rejected: [
          { index: 1, id: 'unknown-account', reason: `billing account '${UNKNOWN_ACCOUNT}' does not exist` },
          { index: 2, id: 'in-usd', reason: `billing account '${acct}' is billed in EUR, not USD` },
          { index: 3, id: 'foreign-product', reason: `product '${otherProduct}' is not billed on billing account '${acct}'` },
          { index: 4, id: 'unknown-product', reason: `product '${UNKNOWN_PRODUCT}' is not billed on billing account '${acct}'` },
          { index: 6, id: 'usd-in-eur', reason: `billing account '${usdAccount}' is billed in USD, not EUR` },
          { index: 8, id: 'xyz', reason: `billing account '${acct}' is billed in EUR, not XYZ` },
        ],
      });
      expect((await storedUsage(t, acct)).map((r) => [r.usage_id, r.product_id])).toEqual([
        ['ok-1', null],
        ['ok-product', prod],
      ]);
      expect((await storedUsage(t, usdAccount)).map((r) => [r.usage_id, r.currency])).toEqual([['usd-ok', 'USD']]);
      expect(await usageCount(t, UNKNOWN_ACCOUNT)).toBe(0);
    });

    it('upper-case UUIDs name the same account and product', async () => {
      const res = intakeResult(await postJson(t, [usageRecord(account.toUpperCase(), { id: 'upper', productId: product.toUpperCase() })]));
      expect(res).toEqual({ received: 1, accepted: 1, duplicates: 0, rejected: [] });
      const row = (await storedUsage(t, account)).find((r) => r.usage_id === 'upper');
      expect(row).toMatchObject({ billing_account_id: account, product_id: product });
    });

    it('rejections are sorted by index whether found while reading or against the database', async () => {
      const records: unknown[] = [];
      for (let i = 0; i < 1500; i += 1) {
        if (i % 500 === 7) records.push(usageRecord(UNKNOWN_ACCOUNT, { id: `db-${i}` }));
        else if (i % 500 === 300) records.push(usageRecord(account, { id: `neg-${i}`, amount: -1 }));
        else records.push(usageRecord(account, { id: `sorted-${i}` }));
      }
      const res = intakeResult(await postNdjson(t, ndjson(records)));
      expect(res.accepted).toBe(1494);
      expect(res.rejected.map((r) => [r.index, r.id])).toEqual([
        [7, 'db-7'],
        [300, 'neg-300'],
        [507, 'db-507'],
        [800, 'neg-800'],
        [1007, 'db-1007'],
        [1300, 'neg-1300'],
      ]);
    });
  });

  describe('storage', () => {
    it('numbers are stored exactly as numeric, the usage date as its UTC instant, every attribute kept', async () => {
      const acct = await newBillingAccount(t);
      const prod = await newProduct(t, acct);
      const records = [
        usageRecord(acct, { id: 'a', quantity: 0.1, amount: 0.3, usageDate: '2026-11-01T12:30:00+02:00', productId: prod, description: 'Grüße €', usageType: 'voice', unit: 'min' }),
        usageRecord(acct, { id: 'b', quantity: 0.30000000000000004, amount: 1234567.891, usageDate: '2026-10-31T23:59:59.123-05:00' }),
        usageRecord(acct, { id: 'c', quantity: 1e-7, amount: 0, usageDate: '2026-11-01 08:00:00z' }),
        usageRecord(acct, { id: 'd', quantity: 123456789012345e-1, amount: 999999999999999 / 1000 }),
      ];
      expect(intakeResult(await postNdjson(t, ndjson(records)))).toEqual({ received: 4, accepted: 4, duplicates: 0, rejected: [] });
      const rows = await storedUsage(t, acct);
      expect(rows.map((r) => ({ ...r, usage_date: r.usage_date.toISOString() }))).toEqual([
        {
          usage_id: 'a',
          billing_account_id: acct,
          product_id: prod,
          usage_date: '2026-11-01T10:30:00.000Z',
          usage_type: 'voice',
          quantity: '0.1',
          unit: 'min',
          amount: '0.3',
          currency: 'EUR',
          description: 'Grüße €',
        },
        expect.objectContaining({ usage_id: 'b', usage_date: '2026-11-01T04:59:59.123Z', quantity: '0.30000000000000004', amount: '1234567.891', product_id: null, description: null }),
        expect.objectContaining({ usage_id: 'c', usage_date: '2026-11-01T08:00:00.000Z', quantity: '0.0000001', amount: '0' }),
        expect.objectContaining({ usage_id: 'd', quantity: '12345678901234.5', amount: '999999999999.999' }),
      ]);
    });

    it('a resent batch counts as duplicates and stores nothing twice; the same id twice in one batch too', async () => {
      const acct = await newBillingAccount(t);
      const records = [usageRecord(acct, { id: 'r1' }), usageRecord(acct, { id: 'r2' }), usageRecord(acct, { id: 'r3' })];
      expect(intakeResult(await postNdjson(t, ndjson(records)))).toEqual({ received: 3, accepted: 3, duplicates: 0, rejected: [] });
      expect(intakeResult(await postNdjson(t, ndjson(records)))).toEqual({ received: 3, accepted: 0, duplicates: 3, rejected: [] });
      // the JSON form meets the same uniqueness; a changed amount does not make it a new record
      expect(intakeResult(await postJson(t, { usage: [{ ...records[0], amount: 99 }, usageRecord(acct, { id: 'r4' })] }))).toEqual({ received: 2, accepted: 1, duplicates: 1, rejected: [] });
      const within = [usageRecord(acct, { id: 'w1' }), usageRecord(acct, { id: 'w1', amount: 5 }), usageRecord(acct, { id: 'w2' }), usageRecord(acct, { id: 'w1' })];
      expect(intakeResult(await postNdjson(t, ndjson(within)))).toEqual({ received: 4, accepted: 2, duplicates: 2, rejected: [] });
      const rows = await storedUsage(t, acct);
      expect(rows.map((r) => r.usage_id)).toEqual(['r1', 'r2', 'r3', 'r4', 'w1', 'w2']);
      expect(rows.find((r) => r.usage_id === 'r1')?.amount).toBe('0.75');
      expect(rows.find((r) => r.usage_id === 'w1')?.amount).toBe('0.75');
    });

    it('the same usage id on two billing accounts is two records', async () => {
      const a = await newBillingAccount(t);
      const b = await newBillingAccount(t);
      const res = intakeResult(await postJson(t, [usageRecord(a, { id: 'shared' }), usageRecord(b, { id: 'shared' })]));
      expect(res).toEqual({ received: 2, accepted: 2, duplicates: 0, rejected: [] });
    });
  });

  describe('JSON bodies', () => {
    it('a list of records', async () => {
      const acct = await newBillingAccount(t);
      const res = intakeResult(await postJson(t, [usageRecord(acct), usageRecord(acct, { amount: -1 }), usageRecord(acct)]));
      expect(res).toEqual({ received: 3, accepted: 2, duplicates: 0, rejected: [{ index: 1, id: expect.any(String), reason: expect.stringMatching(/^amount/) }] });
      expect(await usageCount(t, acct)).toBe(2);
    });

    it('{ "usage": [ … ] }', async () => {
      const acct = await newBillingAccount(t);
      const res = intakeResult(await postJson(t, { usage: [usageRecord(acct), usageRecord(acct)] }));
      expect(res).toEqual({ received: 2, accepted: 2, duplicates: 0, rejected: [] });
      expect(await usageCount(t, acct)).toBe(2);
    });

    it('empty lists are accepted as nothing to do', async () => {
      expect(intakeResult(await postJson(t, []))).toEqual({ received: 0, accepted: 0, duplicates: 0, rejected: [] });
      expect(intakeResult(await postJson(t, { usage: [] }))).toEqual({ received: 0, accepted: 0, duplicates: 0, rejected: [] });
      expect(intakeResult(await postNdjson(t, ''))).toEqual({ received: 0, accepted: 0, duplicates: 0, rejected: [] });
    });

    it.each<[string, string]>([
      ['an empty object', '{}'],
      ['usage an object', '{"usage": {"id": "x"}}'],
      ['usage a string', '{"usage": "x"}'],
      ['usage null', '{"usage": null}'],
      ['records instead of usage', '{"records": []}'],
      ['a string', '"usage"'],
      ['a number', '42'],
      ['true', 'true'],
      ['null', 'null'],
    ])('%s → 400 TMF Error, nothing stored', async (_label, body) => {
      const before = await usageCount(t);
      const res = await postJson(t, body);
      expectTmfError(res, 400);
      expect(res.body.code).toBe('invalidBody');
      expect(await usageCount(t)).toBe(before);
    });

    it('malformed JSON, an empty JSON body, a body over 1 MB → 400/400/413 TMF Errors', async () => {
      expectTmfError(await postJson(t, `[${JSON.stringify(usageRecord(account))}`), 400);
      expectTmfError(await postJson(t, '{usage: []}'), 400);
      expectTmfError(await postJson(t, ''), 400);
      const big = Array.from({ length: 5000 }, () => usageRecord(account, { description: 'x'.repeat(200) }));
      const before = await usageCount(t);
      expectTmfError(await postJson(t, big), 413);
      expect(await usageCount(t)).toBe(before);
    });

    it('more than 10,000 records in JSON → 413 tooManyRecords, nothing stored', async () => {
      const acct = await newBillingAccount(t);
      const valid = Array.from({ length: 10 }, () => usageRecord(acct));
      const body = `[${valid.map((r) => JSON.stringify(r)).join(',')},${Array.from({ length: 9991 }, () => '{}').join(',')}]`;
      const res = await postJson(t, body);
      expectTmfError(res, 413);
      expect(res.body.code).toBe('tooManyRecords');
      expect(await usageCount(t, acct)).toBe(0);
    });
  });

  describe('media types and bad input', () => {
    it('unsupported content types → 415 TMF Error', async () => {
      const body = ndjson([usageRecord(account)]);
      for (const type of ['text/plain', 'text/csv', 'application/xml', 'application/octet-stream']) {
        const res = await postNdjson(t, body, type);
        expect({ type, status: res.status }).toEqual({ type, status: 415 });
        expectTmfError(res, 415);
      }
    });

    it('application/x-ndjson with parameters, in any case, is NDJSON', async () => {
      const acct = await newBillingAccount(t);
      expect(intakeResult(await postNdjson(t, ndjson([usageRecord(acct)]), 'application/x-ndjson; charset=utf-8'))).toMatchObject({ accepted: 1 });
      expect(intakeResult(await postNdjson(t, ndjson([usageRecord(acct)]), 'Application/X-NDJSON'))).toMatchObject({ accepted: 1 });
      expect(await usageCount(t, acct)).toBe(2);
    });

    // src bug: isDateTime accepts these, toUtcInstant turns them into '0000-…' / '+010000-…', which PostgreSQL
    // refuses inside the insert: the whole batch fails with 500 instead of this record being rejected
    it.each([
      ['year 0000', '0000-01-01T00:00:00Z'],
      ['year 0001 whose UTC instant falls in year 0', '0001-01-01T00:30:00+01:00'],
      ['year 9999 whose UTC instant falls in year 10000', '9999-12-31T23:59:59-23:59'],
    ])('a usageDate in %s is stored or rejected with its reason, never a 5xx (NDJSON and JSON)', async (_label, usageDate) => {
      const acct = await newBillingAccount(t);
      const records = [usageRecord(acct, { id: 'edge', usageDate }), usageRecord(acct, { id: 'ordinary' })];
      for (const res of [await postNdjson(t, ndjson(records)), await postJson(t, records)]) {
        const result = intakeResult(res);
        expect(result.rejected).toEqual(result.accepted + result.duplicates === 2 ? [] : [{ index: 0, id: 'edge', reason: expect.stringMatching(/^usageDate/) }]);
      }
      expect((await storedUsage(t, acct)).map((r) => r.usage_id)).toContain('ordinary');
    });

    it('bad input is never a 5xx', async () => {
      const acct = account;
      const records: unknown[] = [
        usageRecord(acct, { usageDate: '2026-12-31T23:59:60Z' }),
        usageRecord(acct, { usageDate: '2026-11-01T10:00:00.123456789Z' }),
        usageRecord(acct, { quantity: 5e-324 }),
        usageRecord(acct, { amount: 999999999999999 }),
        usageRecord(acct, { description: '\ud800 lone surrogate' }),
        usageRecord(acct, { id: '\ud83d' }),
        usageRecord(acct, { id: '🙂'.repeat(100) }),
        usageRecord(acct, { billingAccountId: '00000000-0000-0000-0000-000000000000' }),
        usageRecord(acct, { productId: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' }),
        usageRecord(acct, { constructor: { prototype: {} } }),
        { toString: 1, valueOf: 2 },
        '['.repeat(5000) + ']'.repeat(5000),
        '{"id": "deep", "description": ' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}',
      ];
      const failures: string[] = [];
      for (const [i, r] of records.entries()) {
        const text = typeof r === 'string' ? r : JSON.stringify(r);
        for (const [form, res] of [
          ['ndjson', await postNdjson(t, `${text}\n`)],
          ['json', await postJson(t, `[${text}]`)],
        ] as const) {
          if (res.status >= 500) failures.push(`#${i} ${form} ${text.slice(0, 80)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
      expect(failures).toEqual([]);
      await expectAllClientErrors(t, [
        { name: 'NUL in JSON text', method: 'POST', path: USAGE_PATH, body: '[{"id": "a\u0000"}]' },
        { name: 'deeply nested JSON', method: 'POST', path: USAGE_PATH, body: '['.repeat(100000) + ']'.repeat(100000) },
        { name: '__proto__ in JSON', method: 'POST', path: USAGE_PATH, body: '{"__proto__": {"usage": []}}' },
        { name: 'multipart', method: 'POST', path: USAGE_PATH, body: '--x\r\n\r\n--x--', contentType: 'multipart/form-data; boundary=x', expect: 415 },
      ]);
      // raw bytes that are not UTF-8, and an NDJSON line that is a bare JSON scalar
      const odd = await postNdjson(t, Buffer.concat([Buffer.from('{"id": "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}\n12\n"x"\n')]), NDJSON);
      expect(odd.status).toBe(200);
      expect((odd.body as { rejected: unknown[] }).rejected).toHaveLength(3);
    });
  });
});
