import { decimal, minorUnits, roundMoney, toMoney } from '../../src/tmf/money';

describe('money', () => {
  it('adds exactly where binary floating point does not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(decimal(0.1).plus(0.2).toString()).toBe('0.3');
    expect(decimal('19.99').times(3).toString()).toBe('59.97');
  });

  it('rounds half-up to the minor unit of the currency', () => {
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('jpy')).toBe(0);
    expect(minorUnits('KWD')).toBe(3);
    expect(roundMoney('2.345', 'EUR').toString()).toBe('2.35');
    expect(roundMoney('-2.345', 'EUR').toString()).toBe('-2.35');
    expect(roundMoney('1234.5', 'JPY').toString()).toBe('1235');
    expect(roundMoney('1.23456', 'KWD').toString()).toBe('1.235');
  });

  it('leaves the API as a JSON number with the currency code', () => {
    expect(toMoney(decimal('10').div(3), 'eur')).toEqual({ unit: 'EUR', value: 3.33 });
    expect(JSON.stringify(toMoney('1.005', 'USD'))).toBe('{"unit":"USD","value":1.01}');
  });
});
