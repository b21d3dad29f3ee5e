import { FilterCondition } from '../../src/tmf/query/filter';
import { matches } from '../../src/tmf/query/matcher';
import { parseFilters } from '../../src/tmf/query/query-parser';
import { customerTree } from './helpers';

const filters = (raw: string): FilterCondition[] => parseFilters(raw, customerTree);
const match = (doc: unknown, raw: string) => matches(doc, filters(raw));

/** Sample customers as stored (date-times already UTC instants). */
const acme = {
  id: '0190f5c2-7a3b-7c4d-8e5f-0123456789ab',
  name: 'Acme',
  status: 'Approved',
  '@type': 'Customer',
  engagedParty: { id: 'org-1', '@referredType': 'Organization', name: 'Acme Holding' },
  relatedParty: [
    { id: '42', role: 'AccountManager', name: 'Bob', '@referredType': 'Individual' },
    { id: '43', role: 'Owner', name: 'Alice', '@referredType': 'Individual' },
  ],
  characteristic: [
    { name: 'industry', value: 'telecom' },
    { name: 'numberOfEmployees', value: 250 },
    { name: 'listed', value: true },
    { name: 'code', value: '007' },
  ],
  contactMedium: [
    { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'a@acme.test', city: 'Paris' } },
    { mediumType: 'phone', preferred: false, characteristic: { phoneNumber: '+33 1' } },
  ],
  creditProfile: [{ creditProfileDate: '2024-01-15T00:00:00.000Z', creditScore: 720, validFor: { startDateTime: '2024-01-01T00:00:00.000Z' } }],
  validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2025-01-01T00:00:00.000Z' },
};

const bare = { id: '0190f5c2-7a3b-7c4d-8e5f-0000000000bb', name: 'Bare', engagedParty: { id: 'p-2', '@referredType': 'Individual' } };

describe('matches (in-memory filter evaluation)', () => {
  it('no conditions match everything', () => {
    expect(matches(acme, [])).toBe(true);
    expect(matches({}, [])).toBe(true);
  });

  describe('eq and ne on top-level attributes', () => {
    it('eq', () => {
      expect(match(acme, 'name=Acme')).toBe(true);
      expect(match(acme, 'name=acme')).toBe(false);
      expect(match(acme, 'status=Approved')).toBe(true);
    });

    it('a comma list is OR', () => {
      expect(match(acme, 'status=Initialized,Approved')).toBe(true);
      expect(match(acme, 'status=Initialized,Validated')).toBe(false);
    });

    it('ne: none of the values', () => {
      expect(match(acme, 'status.ne=Initialized')).toBe(true);
      expect(match(acme, 'status.ne=Initialized,Approved')).toBe(false);
    });

    it('ne is true when the attribute is absent, eq is false', () => {
      expect(match(bare, 'status.ne=Approved')).toBe(true);
      expect(match(bare, 'status=Approved')).toBe(false);
      expect(match(bare, 'relatedParty.id.ne=42')).toBe(true);
      expect(match(bare, 'relatedParty.id=42')).toBe(false);
    });
  });

  describe('ordering', () => {
    it.each([
      ['name.gt=A', true],
      ['name.gt=Acme', false],
      ['name.gte=Acme', true],
      ['name.lt=B', true],
      ['name.lt=Acme', false],
      ['name.lte=Acme', true],
      ['name>Z', false],
      ['name<=Acme', true],
      ['name>=B', false],
    ])('strings: %s -> %s', (raw, expected) => {
      expect(match(acme, raw)).toBe(expected);
    });

    it('a comma list of ordering values is OR', () => {
      expect(match(acme, 'name.gt=Z,A')).toBe(true);
      expect(match(acme, 'name.gt=Z,Y')).toBe(false);
    });

    it.each([
      ['creditProfile.creditScore.gt=700', true],
      ['creditProfile.creditScore.gt=720', false],
      ['creditProfile.creditScore.gte=720', true],
      ['creditProfile.creditScore.lt=1000', true], // numerically, not as text ("720" > "1000")
      ['creditProfile.creditScore.lte=719', false],
      ['creditProfile.creditScore=720', true],
      ['creditProfile.creditScore=720.0', true],
      ['creditProfile.creditScore.ne=720', false],
    ])('numbers: %s -> %s', (raw, expected) => {
      expect(match(acme, raw)).toBe(expected);
    });

    it.each([
      ['validFor.startDateTime.gte=2024-01-01T01:00:00%2B01:00', true], // = 2024-01-01T00:00:00.000Z
      ['validFor.startDateTime.gt=2024-01-01T01:00:00%2B01:00', false],
      ['validFor.startDateTime=2023-12-31T19:00:00-05:00', true],
      ['validFor.endDateTime<2024-12-31T23:59:59Z', false],
      ['validFor.endDateTime<=2025-01-01T00:00:00Z', true],
    ])('date-times as instants: %s -> %s', (raw, expected) => {
      expect(match(acme, raw)).toBe(expected);
    });

    it('ordering never matches an absent attribute', () => {
      expect(match(bare, 'creditProfile.creditScore.gt=0')).toBe(false);
      expect(match(bare, 'status.lt=zzz')).toBe(false);
    });
  });

  describe('regex', () => {
    it('matches text', () => {
      expect(match(acme, 'name.regex=^Ac')).toBe(true);
      expect(match(acme, 'name.regex=^ac')).toBe(false);
      expect(match(acme, 'name.regex=x,me$')).toBe(true);
    });

    it('never matches a non-string value', () => {
      expect(match(acme, 'characteristic.value.regex=^250$')).toBe(false);
      expect(match(acme, 'characteristic.value.regex=^tele')).toBe(true);
    });
  });

  describe('nested paths and arrays', () => {
    it('a nested object', () => {
      expect(match(acme, 'engagedParty.id=org-1')).toBe(true);
      expect(match(acme, 'engagedParty.@referredType=Individual')).toBe(false);
    });

    it('any element of an array may match (relatedParty.id=42)', () => {
      expect(match(acme, 'relatedParty.id=42')).toBe(true);
      expect(match(acme, 'relatedParty.id=43')).toBe(true);
      expect(match(acme, 'relatedParty.id=44')).toBe(false);
      expect(match(acme, 'characteristic.name=industry')).toBe(true);
    });

    it('ne through an array: no element has the value', () => {
      expect(match(acme, 'relatedParty.id.ne=44')).toBe(true);
      expect(match(acme, 'relatedParty.id.ne=42')).toBe(false);
    });

    it('conditions on the same array are independent (not the same element)', () => {
      // TMF630 / jsonpath lax semantics: each condition may be satisfied by a different element
      expect(match(acme, 'relatedParty.id=42&relatedParty.role=Owner')).toBe(true);
    });

    it('object inside an array inside the document', () => {
      expect(match(acme, 'contactMedium.characteristic.city=Paris')).toBe(true);
      expect(match(acme, 'contactMedium.characteristic.city=Lyon')).toBe(false);
      expect(match(acme, 'creditProfile.validFor.startDateTime.lt=2024-06-01T00:00:00Z')).toBe(true);
    });

    it('booleans through an array', () => {
      expect(match(acme, 'contactMedium.preferred=true')).toBe(true);
      expect(match(acme, 'contactMedium.preferred=false')).toBe(true); // the phone is not preferred
      expect(match(acme, 'contactMedium.preferred.ne=true')).toBe(false);
      expect(match({ ...acme, contactMedium: [{ mediumType: 'email', preferred: true }] }, 'contactMedium.preferred=false')).toBe(false);
    });

    it('an array value at the end of the path is walked into', () => {
      const doc = { ...acme, characteristic: [{ name: 'tags', value: ['gold', 'b2b'] }] };
      expect(match(doc, 'characteristic.value=b2b')).toBe(true);
      expect(match(doc, 'characteristic.value.ne=gold')).toBe(false);
    });

    it('steps through null and scalars find nothing', () => {
      expect(match({ ...acme, validFor: null }, 'validFor.startDateTime.ne=2024-01-01T00:00:00Z')).toBe(true);
      expect(match({ ...acme, validFor: 'x' }, 'validFor.startDateTime=2024-01-01T00:00:00Z')).toBe(false);
    });
  });

  describe('untyped values (characteristic.value): numbers vs strings', () => {
    it('"250" in the query matches the number 250', () => {
      expect(match(acme, 'characteristic.value=250')).toBe(true);
    });

    it('"007" matches the string "007"; "7x" does not match the number 7', () => {
      expect(match(acme, 'characteristic.value=007')).toBe(true);
      expect(match({ characteristic: [{ name: 'code', value: 7 }] }, 'characteristic.value=7x')).toBe(false);
    });

    it('"true" matches the boolean true and the string "true"', () => {
      expect(match(acme, 'characteristic.value=true')).toBe(true);
      expect(match({ characteristic: [{ name: 'x', value: 'true' }] }, 'characteristic.value=true')).toBe(true);
      expect(match(acme, 'characteristic.value=false')).toBe(false);
    });

    it('ordering against a number compares numerically', () => {
      const doc = { characteristic: [{ name: 'numberOfEmployees', value: 250 }] };
      expect(match(doc, 'characteristic.value.gt=100')).toBe(true);
      expect(match(doc, 'characteristic.value.gt=1000')).toBe(false);
      expect(match(doc, 'characteristic.value.lt=1000')).toBe(true); // 250 < 1000, although "250" > "1000"
      expect(match(doc, 'characteristic.value.gte=250.0')).toBe(true);
    });

    it('ordering with non-numeric text compares strings only', () => {
      expect(match(acme, 'characteristic.value.gt=tel')).toBe(true);
      expect(match({ characteristic: [{ name: 'n', value: 250 }] }, 'characteristic.value.gt=abc')).toBe(false);
    });

    // Regression: SQL compiles `characteristic.value=5.0` to `== "5.0" || == 5`, which matches the stored number 5;
    // the matcher compares String(5) === "5.0" and says no.
    it('"250.0" and "0250" match the number 250, as in SQL', () => {
      expect(match(acme, 'characteristic.value=250.0')).toBe(true);
      expect(match(acme, 'characteristic.value=0250')).toBe(true);
      expect(match(acme, 'characteristic.value.ne=250.0')).toBe(false);
    });

    // Regression: SQL compiles `characteristic.value.gt=5` to `$.value > 5` (number only), so the string "7" does not
    // match there (a string/number comparison is unknown in jsonpath); the matcher compares "7" > "5" as text.
    it('ordering with numeric text does not match string values, as in SQL', () => {
      expect(match({ characteristic: [{ name: 'n', value: '7' }] }, 'characteristic.value.gt=5')).toBe(false);
      expect(match({ characteristic: [{ name: 'n', value: 'telecom' }] }, 'characteristic.value.gt=1000')).toBe(false);
    });
  });

  describe('several conditions', () => {
    it('are ANDed', () => {
      expect(match(acme, 'status=Approved&relatedParty.id=42&creditProfile.creditScore.gt=700')).toBe(true);
      expect(match(acme, 'status=Approved&relatedParty.id=42&creditProfile.creditScore.gt=800')).toBe(false);
      expect(match(acme, 'status=Initialized&relatedParty.id=42')).toBe(false);
    });

    it('a range on one attribute', () => {
      expect(match(acme, 'creditProfile.creditScore.gte=700&creditProfile.creditScore.lt=800')).toBe(true);
      expect(match(acme, 'creditProfile.creditScore.gte=700&creditProfile.creditScore.lt=720')).toBe(false);
    });
  });

  it('does not modify the document', () => {
    const doc = structuredClone(acme);
    match(doc, 'relatedParty.id=42&characteristic.value.gt=1&name.regex=A');
    expect(doc).toEqual(acme);
  });
});
