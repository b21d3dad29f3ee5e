// The NDJSON reader of usage intake on its own: chunk boundaries anywhere, CRLF, blank lines, and the 64 KB line
// limit whatever the chunking.
import { Readable } from 'node:stream';
import { jsonRecords, MAX_LINE_BYTES, ndjsonRecords, ReadRecord } from '../../src/billing/usage/record-streams';

const TOO_LONG = { unreadable: `the line is longer than ${MAX_LINE_BYTES} bytes` };

/** The records read, long values shortened so that a failure diff stays readable. */
async function read(chunks: (string | Buffer)[]): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for await (const r of ndjsonRecords(Readable.from(chunks.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(c, 'utf8')))))) {
    const text = 'value' in r ? JSON.stringify(r.value) : '';
    out.push(text.length > 100 ? { value: `<JSON of ${text.length} characters>` } : r);
  }
  return out;
}

/** Every way of cutting `text` into two chunks, plus one byte per chunk. */
function chunkings(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[][] = [[bytes]];
  for (let i = 1; i < bytes.length; i += 1) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push([...bytes].map((b) => Buffer.from([b])));
  return out;
}

/** A JSON object text exactly `bytes` long. */
const lineOf = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`;

describe('ndjsonRecords', () => {
  it('reads the same records however the bytes are chunked (CRLF, blank lines, multi-byte characters, no final newline)', async () => {
    const text = '{"a":1}\r\n\r\n  \n{"b":"Grüße 🙂"}\n[1]\n{"c":';
    const expected = [{ value: { a: 1 } }, { value: { b: 'Grüße 🙂' } }, { value: [1] }, { unreadable: 'the line is not valid JSON' }];
    for (const chunks of chunkings(text)) expect(await read(chunks)).toEqual(expected);
  });

  it('an empty stream and blank lines only yield nothing', async () => {
    expect(await read([])).toEqual([]);
    expect(await read(['\n', '\r\n', '   '])).toEqual([]);
  });

  it('a line of exactly 64 KB is read, in one chunk or split', async () => {
    const line = lineOf(MAX_LINE_BYTES);
    expect(Buffer.byteLength(line)).toBe(MAX_LINE_BYTES);
    for (const chunks of [[`${line}\n`], [line.slice(0, 1000), `${line.slice(1000)}\n`], [line, '\n'], [line]]) {
      expect((await read(chunks)).map((r) => 'value' in r)).toEqual([true]);
    }
  });

  it.each<[string, (line: string) => string[]]>([
    ['in one chunk with its newline', (l) => [`{"n":0}\n${l}\n{"n":2}\n`]],
    ['split in two, the newline in the second chunk', (l) => [`{"n":0}\n${l.slice(0, 40 * 1024)}`, `${l.slice(40 * 1024)}\n{"n":2}\n`]],
    ['split after 64 KB, the newline in the second chunk', (l) => [`{"n":0}\n${l.slice(0, MAX_LINE_BYTES)}`, `${l.slice(MAX_LINE_BYTES)}\n{"n":2}\n`]],
    ['in 1 KB chunks', (l) => Array.from({ length: Math.ceil((l.length + 18) / 1024) }, (_, i) => `{"n":0}\n${l}\n{"n":2}\n`.slice(i * 1024, (i + 1) * 1024))],
    ['as the final line without newline, in one chunk', (l) => [`{"n":0}\n{"n":2}\n${l}`]],
  ])('a line of 64 KB + 1 byte is rejected %s', async (_label, chunk) => {
    const line = lineOf(MAX_LINE_BYTES + 1);
    const records = await read(chunk(line));
    expect(records.filter((r) => 'unreadable' in r)).toEqual([TOO_LONG]);
    expect(records.filter((r) => 'value' in r)).toEqual([{ value: { n: 0 } }, { value: { n: 2 } }]);
  });

  it('a 65 KB line is rejected', async () => {
    const line = lineOf(65 * 1024);
    expect(await read([line.slice(0, 40 * 1024), `${line.slice(40 * 1024)}\n`])).toEqual([TOO_LONG]);
  });

  it('a 1 MB line is rejected whatever the chunking (the tail of a chunk goes over the limit)', async () => {
    const line = lineOf(1024 * 1024);
    expect(await read([`${line}\n{"n":1}`])).toEqual([TOO_LONG, { value: { n: 1 } }]);
    expect(await read([line.slice(0, 500_000), `${line.slice(500_000)}\n{"n":1}`])).toEqual([TOO_LONG, { value: { n: 1 } }]);
  });
});

describe('jsonRecords', () => {
  const all = async (body: unknown) => {
    const out: ReadRecord[] = [];
    for await (const r of jsonRecords(body)) out.push(r);
    return out;
  };

  it('reads a list and { usage: [...] }', async () => {
    expect(await all([1, { a: 2 }])).toEqual([{ value: 1 }, { value: { a: 2 } }]);
    expect(await all({ usage: [{ a: 1 }] })).toEqual([{ value: { a: 1 } }]);
  });

  it.each([[{}], [{ usage: {} }], [null], ['x'], [5], [undefined]])('refuses %p with a 400', async (body) => {
    await expect(all(body)).rejects.toMatchObject({ status: 400, code: 'invalidBody' });
  });
});
