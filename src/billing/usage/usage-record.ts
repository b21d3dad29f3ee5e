import { decimal } from '../../tmf/money';
import { isUuid } from '../../tmf/resource/document.repository';
import { isDateTime, toUtcInstant } from '../../tmf/schema/date-time';

/**
 * One rated usage record as a billing pipeline pushes it (a flat JSON object):
 * `{ id, billingAccountId, productId?, usageDate, usageType, quantity, unit, amount, currency, description? }`;
 * `amount` is the rated amount, tax excluded, in `currency`.
 */
export interface UsageRow {
  usageId: string;
  billingAccountId: string;
  productId: string | null;
  usageDate: string;
  usageType: string;
  quantity: string;
  unit: string;
  amount: string;
  currency: string;
  description: string | null;
}

const ATTRIBUTES = new Set(['id', 'billingAccountId', 'productId', 'usageDate', 'usageType', 'quantity', 'unit', 'amount', 'currency', 'description']);

const text = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max && !v.includes('\0');
const amount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e15;

/**
 * Checks one record on its own (shape, types, ranges) and returns the row to store, or why it is rejected. Hand
 * written rather than class-validator: a batch has up to 10,000 records.
 */
export function parseUsageRecord(raw: unknown): { row: UsageRow } | { reason: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { reason: 'a usage record must be a JSON object' };
  const r = raw as Record<string, unknown>;
  const unknown = Object.keys(r).find((k) => !ATTRIBUTES.has(k));
  if (unknown !== undefined) return { reason: `'${unknown}' is not an attribute of a usage record` };
  if (!text(r.id, 200)) return { reason: 'id must be a non-empty string of at most 200 characters (the pipeline’s id of the record)' };
  if (typeof r.billingAccountId !== 'string' || !isUuid(r.billingAccountId)) return { reason: 'billingAccountId must be the UUID of a billing account' };
  if (r.productId !== undefined && (typeof r.productId !== 'string' || !isUuid(r.productId))) return { reason: 'productId must be the UUID of a product' };
  if (!isDateTime(r.usageDate)) return { reason: 'usageDate must be an RFC 3339 date-time such as 2026-11-01T10:00:00Z' };
  if (!text(r.usageType, 100)) return { reason: 'usageType must be a non-empty string of at most 100 characters' };
  if (!amount(r.quantity)) return { reason: 'quantity must be a number of at least 0' };
  if (!text(r.unit, 50)) return { reason: 'unit must be a non-empty string of at most 50 characters, e.g. GB or min' };
  if (!amount(r.amount)) return { reason: 'amount must be a number of at least 0 (the rated amount, tax excluded)' };
  if (typeof r.currency !== 'string' || !/^[A-Z]{3}$/.test(r.currency)) return { reason: 'currency must be an ISO 4217 code such as EUR' };
  if (r.description !== undefined && !text(r.description, 500)) return { reason: 'description must be a string of at most 500 characters' };
  return {
    row: {
      usageId: r.id as string,
      billingAccountId: r.billingAccountId.toLowerCase(),
      productId: r.productId ? (r.productId as string).toLowerCase() : null,
      usageDate: toUtcInstant(r.usageDate),
      usageType: r.usageType as string,
      quantity: decimal(r.quantity as number).toString(),
      unit: r.unit as string,
      amount: decimal(r.amount as number).toString(),
      currency: r.currency,
      description: (r.description as string | undefined) ?? null,
    },
  };
}
