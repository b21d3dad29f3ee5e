// Usage intake over NDJSON: line framing (CRLF, blank lines, no final newline), lines split across TCP segments,
// the 64 KB line limit, the 10,000-record limit (one transaction: nothing stored over it) and full-size batches.
import { expectTmfError } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { bytePieces, intakeResult, MAX_LINE_BYTES, ndjson, newBillingAccount, postInPieces, postNdjson, storedUsage, usageCount, usageRecord } from './usage-helpers';

const TOO_LONG = `the line is longer than ${MAX_LINE_BYTES} bytes`;

/** A valid record whose JSON text is exactly `bytes` long (padded with insignificant whitespace). */
function paddedLine(record: Record<string, unknown>, bytes: number): string {
  const text = JSON.stringify(record);
  const pad = bytes - Buffer.byteLength(text);
  if (pad < 0) throw new Error('record longer than the padding target');
  return `${text.slice(0, -1)}${' '.repeat(pad)}}`;
}

describe('usage intake: NDJSON streams', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
  });
  afterAll(() => t.close());

  describe('line framing', () => {
    it('CRLF line endings, blank and whitespace-only lines, a final line without newline', async () => {
      const acct = await newBillingAccount(t);
      const [a, b, c] = [usageRecord(acct, { id: 'a' }), usageRecord(acct, { id: 'b', amount: -1 }), usageRecord(acct, { id: 'c' })];
      const body = `\r\n${JSON.stringify(a)}\r\n\r\n   \r\n\t\n${JSON.stringify(b)}\r\n\n${JSON.stringify(c)}`;
      const res = intakeResult(await postNdjson(t, body));
      // blank lines are not records: indexes count records only
      expect(res).toEqual({ received: 3, accepted: 2, duplicates: 0, rejected: [{ index: 1, id: 'b', reason: expect.stringMatching(/^amount/) }] });
      expect((await storedUsage(t, acct)).map((r) => r.usage_id)).toEqual(['a', 'c']);
    });

    it('only blank lines → nothing received', async () => {
      expect(intakeResult(await postNdjson(t, '\n\r\n  \n'))).toEqual({ received: 0, accepted: 0, duplicates: 0, rejected: [] });
    });

    it('a final line without newline that is not JSON is rejected', async () => {
      const acct = await newBillingAccount(t);
      const res = intakeResult(await postNdjson(t, `${JSON.stringify(usageRecord(acct))}\n{"id": "cut`));
      expect(res).toEqual({ received: 2, accepted: 1, duplicates: 0, rejected: [{ index: 1, reason: 'the line is not valid JSON' }] });
    });
  });

  describe('lines split across TCP segments', () => {
    it('records split mid-line, mid-CRLF and mid-UTF-8 character are read whole', async () => {
      const acct = await newBillingAccount(t);
      const records = [
        usageRecord(acct, { id: 'split-1', description: 'Grüße aus Köln €€€ 🙂' }),
        usageRecord(acct, { id: 'split-2', quantity: 0.1 }),
        usageRecord(acct, { id: 'split-3', description: '日本語の説明' }),
      ];
      const body = ndjson(records, '\r\n');
      // 7-byte pieces cut lines, the CR/LF pair and multi-byte characters apart
      const res = await postInPieces(t, bytePieces(body, 7), undefined, 1);
      expect(intakeResult(res)).toEqual({ received: 3, accepted: 3, duplicates: 0, rejected: [] });
      const rows = await storedUsage(t, acct);
      expect(rows.map((r) => [r.usage_id, r.description, r.quantity])).toEqual([
        ['split-1', 'Grüße aus Köln €€€ 🙂', '1.5'],
        ['split-2', null, '0.1'],
        ['split-3', '日本語の説明', '1.5'],
      ]);
    });

    it('a newline arriving as its own segment, and a final line without newline in pieces', async () => {
      const acct = await newBillingAccount(t);
      const [a, b] = [JSON.stringify(usageRecord(acct, { id: 'p-a' })), JSON.stringify(usageRecord(acct, { id: 'p-b' }))];
      const pieces = [a.slice(0, 10), a.slice(10), '\r', '\n', '\n', b.slice(0, 30), b.slice(30)];
      expect(intakeResult(await postInPieces(t, pieces))).toEqual({ received: 2, accepted: 2, duplicates: 0, rejected: [] });
    });

    it('a body written one record per segment is read as it arrives', async () => {
      const acct = await newBillingAccount(t);
      const pieces = Array.from({ length: 20 }, (_, i) => `${JSON.stringify(usageRecord(acct, { id: `seg-${String(i).padStart(2, '0')}` }))}\n`);
      expect(intakeResult(await postInPieces(t, pieces, undefined, 2))).toEqual({ received: 20, accepted: 20, duplicates: 0, rejected: [] });
      expect(await usageCount(t, acct)).toBe(20);
    });
  });

  describe('the 64 KB line limit', () => {
    it('a 65 KB line (valid JSON otherwise) is rejected while the others are stored (one request body)', async () => {
      const acct = await newBillingAccount(t);
      const long = paddedLine(usageRecord(acct, { id: 'long' }), 65 * 1024);
      const body = ndjson([usageRecord(acct, { id: 'before' }), long, usageRecord(acct, { id: 'after' })]);
      const res = intakeResult(await postNdjson(t, body));
      expect(res).toEqual({ received: 3, accepted: 2, duplicates: 0, rejected: [{ index: 1, reason: TOO_LONG }] });
      expect((await storedUsage(t, acct)).map((r) => r.usage_id)).toEqual(['after', 'before']);
    });

    it('a 65 KB line written in two segments (40 KB, then the rest with its newline) is rejected', async () => {
      const acct = await newBillingAccount(t);
      const long = paddedLine(usageRecord(acct, { id: 'long2' }), 65 * 1024);
      const pieces = [`${JSON.stringify(usageRecord(acct, { id: 'before' }))}\n${long.slice(0, 40 * 1024)}`, `${long.slice(40 * 1024)}\n${JSON.stringify(usageRecord(acct, { id: 'after' }))}\n`];
      const res = await postInPieces(t, pieces, undefined, 50);
      expect(intakeResult(res)).toEqual({ received: 3, accepted: 2, duplicates: 0, rejected: [{ index: 1, reason: TOO_LONG }] });
      expect((await storedUsage(t, acct)).map((r) => r.usage_id)).toEqual(['after', 'before']);
    });

    it('a 1 MB line (and a 200 KB final line without newline) is rejected, the lines around it stored', async () => {
      const acct = await newBillingAccount(t);
      const body = `${JSON.stringify(usageRecord(acct, { id: 'before' }))}\n${'x'.repeat(1024 * 1024)}\n${JSON.stringify(usageRecord(acct, { id: 'after' }))}\n${'y'.repeat(200 * 1024)}`;
      const res = intakeResult(await postNdjson(t, body));
      expect(res).toEqual({
        received: 4,
        accepted: 2,
        duplicates: 0,
        rejected: [
          { index: 1, reason: TOO_LONG },
          { index: 3, reason: TOO_LONG },
        ],
      });
      expect(await usageCount(t, acct)).toBe(2);
    });

    it('a line of exactly 64 KB is read', async () => {
      const acct = await newBillingAccount(t);
      const line = paddedLine(usageRecord(acct, { id: 'exact' }), MAX_LINE_BYTES);
      const res = await postInPieces(t, [line.slice(0, 30000), `${line.slice(30000)}\n`], undefined, 30);
      expect(intakeResult(res)).toEqual({ received: 1, accepted: 1, duplicates: 0, rejected: [] });
    });
  });

  describe('batch size', () => {
    const batch = (acct: string, n: number) => Array.from({ length: n }, (_, i) => usageRecord(acct, { id: `big-${i}`, quantity: (i % 100) / 10, amount: i / 100 }));

    it('10,000 records are accepted in one request; resent, all are duplicates', async () => {
      const acct = await newBillingAccount(t);
      const body = ndjson(batch(acct, 10_000));
      expect(intakeResult(await postNdjson(t, body))).toEqual({ received: 10_000, accepted: 10_000, duplicates: 0, rejected: [] });
      expect(await usageCount(t, acct)).toBe(10_000);
      const { rows } = await t.sql.query<{ quantity: string; amount: string }>(`SELECT quantity, amount FROM usage_record WHERE billing_account_id = $1 AND usage_id = 'big-9999'`, [acct]);
      expect(rows).toEqual([{ quantity: '9.9', amount: '99.99' }]);
      expect(intakeResult(await postNdjson(t, body))).toEqual({ received: 10_000, accepted: 0, duplicates: 10_000, rejected: [] });
      expect(await usageCount(t, acct)).toBe(10_000);
    });

    it('10,001 records → 413 tooManyRecords and the table is unchanged', async () => {
      const acct = await newBillingAccount(t);
      const before = await usageCount(t);
      const res = await postNdjson(t, ndjson(batch(acct, 10_001)));
      expectTmfError(res, 413);
      expect(res.body.code).toBe('tooManyRecords');
      expect(await usageCount(t)).toBe(before);
      expect(await usageCount(t, acct)).toBe(0);
    });

    it('10,001 records counting rejected ones → 413 as well; 10,000 plus blank lines is fine', async () => {
      const acct = await newBillingAccount(t);
      const records: unknown[] = batch(acct, 10_000);
      records[5] = 'not json';
      const withBlank = `${ndjson(records)}\n\r\n\n`;
      expect(intakeResult(await postNdjson(t, withBlank))).toMatchObject({ received: 10_000, accepted: 9_999, rejected: [{ index: 5 }] });
      const over = await postNdjson(t, `${ndjson(records)}{}\n`);
      expectTmfError(over, 413);
      expect(await usageCount(t, acct)).toBe(9_999);
    });

    it('10,001 records streamed in pieces → 413, nothing stored', async () => {
      const acct = await newBillingAccount(t);
      const body = ndjson(batch(acct, 10_001));
      const res = await postInPieces(t, bytePieces(body, 256 * 1024), undefined, 5);
      expectTmfError(res, 413);
      expect(await usageCount(t, acct)).toBe(0);
    });
  });
});
