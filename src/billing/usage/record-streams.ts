import { Readable } from 'node:stream';
import { badRequest } from '../../tmf/errors';

/** A record as read from a request: the parsed value, or why it could not be parsed. */
export type ReadRecord = { value: unknown } | { unreadable: string };

/** The longest NDJSON line read; a longer one is rejected without being held in memory. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * The records of an NDJSON stream (one JSON object per line, blank lines skipped), read as they arrive: only the
 * current line is held in memory, whatever the size of the batch.
 */
export async function* ndjsonRecords(stream: Readable): AsyncGenerator<ReadRecord> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  const line = function* (bytes: Buffer): Generator<ReadRecord> {
    const textLine = bytes.toString('utf8').trim();
    if (!textLine) return;
    try {
      yield { value: JSON.parse(textLine) };
    } catch {
      yield { unreadable: 'the line is not valid JSON' };
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      if (overflow || pendingBytes + (nl - start) > MAX_LINE_BYTES) yield { unreadable: `the line is longer than ${MAX_LINE_BYTES} bytes` };
      else yield* line(Buffer.concat([...pending, chunk.subarray(start, nl)]));
      pending = [];
      pendingBytes = 0;
      overflow = false;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (!overflow && pendingBytes + rest.length > MAX_LINE_BYTES) {
      overflow = true;
      pending = [];
    }
    if (!overflow) {
      pending.push(rest);
      pendingBytes += rest.length;
    }
  }
  if (overflow) yield { unreadable: `the line is longer than ${MAX_LINE_BYTES} bytes` };
  else if (pendingBytes) yield* line(Buffer.concat(pending));
}

/** The records of a JSON body: a list of records, or `{ "usage": [ … ] }`. */
export async function* jsonRecords(body: unknown): AsyncGenerator<ReadRecord> {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' ? (body as { usage?: unknown }).usage : undefined;
  if (!Array.isArray(list)) throw badRequest('invalidBody', 'the body must be a list of usage records, or an object whose `usage` is that list (or send application/x-ndjson)');
  for (const value of list) yield { value };
}
