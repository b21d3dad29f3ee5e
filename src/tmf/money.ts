import Decimal from 'decimal.js';

/** TMF Money: `value` is a JSON number (as the specs type it), `unit` an ISO 4217 currency code. */
export interface Money {
  unit: string;
  value: number;
}

// ISO 4217 currencies whose minor unit is not 2 digits; every other currency uses 2.
export const MINOR_UNITS: Record<string, number> = {
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  CLF: 4, UYW: 4,
};

export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

/** An exact decimal from a JSON number or a decimal string (never through binary floating point arithmetic). */
export function decimal(value: Decimal.Value): Decimal {
  return new Decimal(typeof value === 'number' ? value.toString() : value);
}

/** Rounds half-up (away from zero) to the currency's minor unit. */
export function roundMoney(value: Decimal.Value, currency: string): Decimal {
  return decimal(value).toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

/** Money for a response: exact arithmetic until here, then one rounding to the minor unit, then a JSON number. */
export function toMoney(value: Decimal.Value, currency: string): Money {
  return { unit: currency.toUpperCase(), value: roundMoney(value, currency).toNumber() };
}
