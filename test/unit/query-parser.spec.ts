import { DEFAULT_LIMIT, MAX_LIMIT, parseFields, parseFilters, parseListQuery } from '../../src/tmf/query/query-parser';
import { conditions, customerTree, expectInvalidQuery, expectTmfError, query } from './helpers';

describe('parseListQuery (TMF630 query string parser)', () => {
  describe('an empty query', () => {
    it('has no filters, no projection, no sort and the default page', () => {
      expect(query('')).toEqual({ filters: [], sort: [], offset: 0, limit: DEFAULT_LIMIT });
      expect(DEFAULT_LIMIT).toBe(100);
    });

    it('ignores empty parameters between separators', () => {
      expect(conditions('&&name=Acme&')).toEqual([{ path: 'name', op: 'eq', values: ['Acme'] }]);
    });
  });

  describe('filter operators, dotted syntax (attr.op=value)', () => {
    it.each([
      ['name=M', 'eq'],
      ['name.eq=M', 'eq'],
      ['name.ne=M', 'ne'],
      ['name.gt=M', 'gt'],
      ['name.gte=M', 'gte'],
      ['name.lt=M', 'lt'],
      ['name.lte=M', 'lte'],
      ['name.regex=M', 'regex'],
    ])('%s -> %s', (raw, op) => {
      expect(conditions(raw)).toEqual([{ path: 'name', op, values: ['M'] }]);
    });

    it('rejects an unknown operator (name.like=x) with 400', () => {
      const e = expectInvalidQuery('name.like=x');
      expect(e.message).toContain('.like');
    });

    it('rejects an operator written in upper case (name.GT=x)', () => {
      expectInvalidQuery('name.GT=x');
    });

    it('does not mistake a nested attribute for an operator', () => {
      // `validFor.startDateTime` is an attribute, not the operator `startDateTime` on `validFor`
      expect(conditions('validFor.startDateTime=2024-01-01T00:00:00Z')).toEqual([
        { path: 'validFor.startDateTime', op: 'eq', values: ['2024-01-01T00:00:00.000Z'] },
      ]);
    });
  });

  describe('filter operators, symbol syntax (attr>value)', () => {
    it.each([
      ['name>M', 'gt'],
      ['name>=M', 'gte'], // arrives as key `name>` and value `M`
      ['name<M', 'lt'],
      ['name<=M', 'lte'],
    ])('%s -> %s', (raw, op) => {
      expect(conditions(raw)).toEqual([{ path: 'name', op, values: ['M'] }]);
    });

    it.each([
      ['name%3EM', 'gt'],
      ['name%3E%3DM', 'gte'],
      ['name%3CM', 'lt'],
      ['name%3C%3DM', 'lte'],
      ['name%3e%3dM', 'gte'], // lower-case hex digits
      ['name%3E=M', 'gte'], // only the '>' encoded
    ])('percent-encoded operator %s -> %s', (raw, op) => {
      expect(conditions(raw)).toEqual([{ path: 'name', op, values: ['M'] }]);
    });

    it('works on nested paths too', () => {
      expect(conditions('creditProfile.creditScore>=600&creditProfile.creditScore<700')).toEqual([
        { path: 'creditProfile.creditScore', op: 'gte', values: [600] },
        { path: 'creditProfile.creditScore', op: 'lt', values: [700] },
      ]);
    });

    it('reads a symbol operator on a reserved name as a filter (and rejects it: not an attribute)', () => {
      expectInvalidQuery('limit>5');
    });
  });

  describe('values', () => {
    it('a comma list means OR (several values on one condition)', () => {
      expect(conditions('status=Approved,Validated')).toEqual([{ path: 'status', op: 'eq', values: ['Approved', 'Validated'] }]);
    });

    it('a comma list works with the symbol syntax', () => {
      expect(conditions('name>=A,M')).toEqual([{ path: 'name', op: 'gte', values: ['A', 'M'] }]);
      expect(conditions('name<Z,M')).toEqual([{ path: 'name', op: 'lt', values: ['Z', 'M'] }]);
    });

    it('an encoded comma (%2C) stays a literal comma in the value', () => {
      expect(conditions('name=Acme%2C%20Inc')).toEqual([{ path: 'name', op: 'eq', values: ['Acme, Inc'] }]);
      expect(conditions('name=a%2Cb,c')).toEqual([{ path: 'name', op: 'eq', values: ['a,b', 'c'] }]);
      expect(conditions('name.ne=a%2cb')).toEqual([{ path: 'name', op: 'ne', values: ['a,b'] }]);
      expect(conditions('name>=a%2Cb')).toEqual([{ path: 'name', op: 'gte', values: ['a,b'] }]);
    });

    // Regression: with `attr>v` / `attr<v` (no '=' in the parameter) the whole parameter is decoded before the value is
    // split on ',', so `%2C` becomes an OR separator there, unlike every other form (see RawParam in query-parser.ts).
    it('an encoded comma (%2C) stays a literal comma with the > and < syntax too', () => {
      expect(conditions('name>a%2Cb')).toEqual([{ path: 'name', op: 'gt', values: ['a,b'] }]);
      expect(conditions('name<a%2Cb')).toEqual([{ path: 'name', op: 'lt', values: ['a,b'] }]);
    });

    it('decodes percent-encoding and + (form encoding) in values', () => {
      expect(conditions('name=Acme%20Corp')).toEqual([{ path: 'name', op: 'eq', values: ['Acme Corp'] }]);
      expect(conditions('name=Acme+Corp')).toEqual([{ path: 'name', op: 'eq', values: ['Acme Corp'] }]);
      expect(conditions('name=%C3%A9t%C3%A9')).toEqual([{ path: 'name', op: 'eq', values: ['été'] }]);
      expect(conditions('name=a%3Db')).toEqual([{ path: 'name', op: 'eq', values: ['a=b'] }]);
    });

    it('keeps everything after the first = in the value', () => {
      expect(conditions('name.regex=^a=b$')).toEqual([{ path: 'name', op: 'regex', values: ['^a=b$'] }]);
    });

    it('a parameter without = filters on the empty string', () => {
      expect(conditions('name')).toEqual([{ path: 'name', op: 'eq', values: [''] }]);
      expect(conditions('name=')).toEqual([{ path: 'name', op: 'eq', values: [''] }]);
    });

    it('keeps SQL-looking values verbatim (they are data)', () => {
      expect(conditions(`name=${encodeURIComponent("x'; DROP TABLE customer; --")}`)).toEqual([
        { path: 'name', op: 'eq', values: ["x'; DROP TABLE customer; --"] },
      ]);
    });

    it('rejects bad percent-encoding in a value with 400', () => {
      expectInvalidQuery('name=%E0%A4%A');
      expectInvalidQuery('name=%ZZ');
    });

    it('rejects bad percent-encoding in a parameter name or a parameter without = with 400', () => {
      expectInvalidQuery('na%E0me=x');
      expectInvalidQuery('name%3E%E0%A4%A');
    });
  });

  describe('several parameters', () => {
    it('are ANDed: one condition each, in order', () => {
      expect(conditions('status=Approved&name.regex=^A&creditProfile.creditScore.gt=600')).toEqual([
        { path: 'status', op: 'eq', values: ['Approved'] },
        { path: 'name', op: 'regex', values: ['^A'] },
        { path: 'creditProfile.creditScore', op: 'gt', values: [600] },
      ]);
    });

    it('repeating a key gives two ANDed conditions (a range)', () => {
      expect(conditions('name.gte=A&name.lt=N')).toEqual([
        { path: 'name', op: 'gte', values: ['A'] },
        { path: 'name', op: 'lt', values: ['N'] },
      ]);
    });

    it('filters and reserved parameters mix freely', () => {
      const q = query('status=Approved&offset=20&limit=10&sort=-name&fields=name');
      expect(q.filters.map((f) => f.path)).toEqual([['status']]);
      expect(q.offset).toBe(20);
      expect(q.limit).toBe(10);
      expect(q.sort.map((s) => [s.path, s.descending])).toEqual([[['name'], true]]);
      expect(q.fields).toEqual([['name']]);
    });
  });

  describe('attribute paths', () => {
    it('nested dotted paths', () => {
      expect(conditions('engagedParty.id=42')).toEqual([{ path: 'engagedParty.id', op: 'eq', values: ['42'] }]);
      expect(conditions('engagedParty.@referredType=Organization')).toEqual([
        { path: 'engagedParty.@referredType', op: 'eq', values: ['Organization'] },
      ]);
    });

    it('paths through arrays', () => {
      expect(conditions('relatedParty.id=42')).toEqual([{ path: 'relatedParty.id', op: 'eq', values: ['42'] }]);
      expect(conditions('characteristic.name=industry')).toEqual([{ path: 'characteristic.name', op: 'eq', values: ['industry'] }]);
      expect(conditions('contactMedium.characteristic.city=Paris')).toEqual([
        { path: 'contactMedium.characteristic.city', op: 'eq', values: ['Paris'] },
      ]);
    });

    it('the condition carries the attribute node', () => {
      const [c] = query('relatedParty.role=Manager').filters;
      expect(c.attribute).toMatchObject({ name: 'role', type: 'string', isArray: false });
    });

    it('id and href of the resource are filterable', () => {
      expect(conditions('id=abc&href=x')).toEqual([
        { path: 'id', op: 'eq', values: ['abc'] },
        { path: 'href', op: 'eq', values: ['x'] },
      ]);
    });

    it('@type and the other polymorphism attributes are filterable', () => {
      expect(conditions('@type=Customer')).toEqual([{ path: '@type', op: 'eq', values: ['Customer'] }]);
    });

    it.each(['nope=1', 'relatedParty.nope=1', 'name.first=1', 'relatedParty.id.x.y=1'])('rejects unknown attribute %s with 400', (raw) => {
      expectInvalidQuery(raw);
    });

    it.each(['na me=1', 'name..x=1', '.name=1', 'name.=1', 'a"b=1', '1name=1'])('rejects the malformed name %j with 400', (raw) => {
      expectInvalidQuery(raw);
    });

    it('rejects paths deeper than 8 segments', () => {
      expectInvalidQuery('a.b.c.d.e.f.g.h.i=1');
    });

    it('rejects a filter on an object attribute with 400', () => {
      const e = expectInvalidQuery('engagedParty=x');
      expect(e.message).toContain('engagedParty.id');
      expectInvalidQuery('relatedParty=x');
      expectInvalidQuery('validFor.gt=x');
      expectInvalidQuery('validFor>x');
    });
  });

  describe('typed values', () => {
    it('integer attributes get numbers', () => {
      expect(conditions('creditProfile.creditScore=700')).toEqual([{ path: 'creditProfile.creditScore', op: 'eq', values: [700] }]);
      expect(conditions('creditProfile.creditRiskRating.lte=-2,3.5')).toEqual([
        { path: 'creditProfile.creditRiskRating', op: 'lte', values: [-2, 3.5] },
      ]);
    });

    it.each(['abc', '', ' ', '1e400', 'NaN', 'Infinity', '12abc'])('rejects the bad number %j with 400', (v) => {
      expectInvalidQuery(`creditProfile.creditScore=${encodeURIComponent(v)}`);
    });

    it('boolean attributes get booleans', () => {
      expect(conditions('contactMedium.preferred=true')).toEqual([{ path: 'contactMedium.preferred', op: 'eq', values: [true] }]);
      expect(conditions('contactMedium.preferred.ne=false')).toEqual([{ path: 'contactMedium.preferred', op: 'ne', values: [false] }]);
    });

    it.each(['yes', '1', 'TRUE', 'True', ''])('rejects the bad boolean %j with 400', (v) => {
      expectInvalidQuery(`contactMedium.preferred=${v}`);
    });

    it('string attributes keep strings, even when they look like numbers or booleans', () => {
      expect(conditions('name=42&status=true')).toEqual([
        { path: 'name', op: 'eq', values: ['42'] },
        { path: 'status', op: 'eq', values: ['true'] },
      ]);
    });

    it('untyped attributes (characteristic.value) keep the raw text', () => {
      expect(conditions('characteristic.value=5,true,x')).toEqual([{ path: 'characteristic.value', op: 'eq', values: ['5', 'true', 'x'] }]);
    });

    it('date-times are normalised to UTC instants (percent-encoded +)', () => {
      expect(conditions('validFor.startDateTime.gte=2024-01-01T01:00:00%2B01:00')).toEqual([
        { path: 'validFor.startDateTime', op: 'gte', values: ['2024-01-01T00:00:00.000Z'] },
      ]);
    });

    it('date-times are normalised to UTC instants (Z, negative offsets, fractions, comma lists)', () => {
      expect(conditions('creditProfile.creditProfileDate=2024-05-01T00:00:00Z,2024-04-30T20:30:00.5-03:30')).toEqual([
        { path: 'creditProfile.creditProfileDate', op: 'eq', values: ['2024-05-01T00:00:00.000Z', '2024-05-01T00:00:00.500Z'] },
      ]);
      expect(conditions('validFor.endDateTime<2024-01-01T00:00:00Z')).toEqual([
        { path: 'validFor.endDateTime', op: 'lt', values: ['2024-01-01T00:00:00.000Z'] },
      ]);
    });

    // A raw '+' is decoded as a space (form encoding), so the unencoded offset of the brief's example breaks.
    // Clients such as curl send `+01:00` unencoded; the brief expects it to be understood as an offset.
    it('a date-time with an unencoded + offset is normalised to its UTC instant', () => {
      expect(conditions('validFor.startDateTime.gte=2024-01-01T01:00:00+01:00')).toEqual([
        { path: 'validFor.startDateTime', op: 'gte', values: ['2024-01-01T00:00:00.000Z'] },
      ]);
    });

    it.each(['2024-01-01', '2024-01-01T00:00:00', 'yesterday', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '1714521600'])(
      'rejects the bad date-time %j with 400',
      (v) => {
        expectInvalidQuery(`validFor.startDateTime=${v}`);
      },
    );

    // Regression: isDateTime only range-checks the day (01-31), and Date.parse rolls impossible dates over, so
    // 2024-02-30 is accepted and silently becomes 2024-03-01 (a different filter than the client asked for).
    it.each(['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z'])('rejects the impossible date %j with 400', (v) => {
      expectInvalidQuery(`validFor.startDateTime=${v}`);
    });
  });

  describe('regex', () => {
    it('accepts a regex on text, untyped and date-time attributes', () => {
      expect(conditions('name.regex=^Ac(me)?$&characteristic.value.regex=^5&validFor.startDateTime.regex=^2024')).toEqual([
        { path: 'name', op: 'regex', values: ['^Ac(me)?$'] },
        { path: 'characteristic.value', op: 'regex', values: ['^5'] },
        { path: 'validFor.startDateTime', op: 'regex', values: ['^2024'] },
      ]);
    });

    it('rejects an invalid regular expression with 400', () => {
      const e = expectInvalidQuery('name.regex=(unclosed');
      expect(e.message).toContain('regular expression');
      expectInvalidQuery('name.regex=a,[b');
    });

    it('rejects a regex on a number or boolean attribute with 400', () => {
      expectInvalidQuery('creditProfile.creditScore.regex=^7');
      expectInvalidQuery('contactMedium.preferred.regex=t');
    });

    it('rejects a regex on an object attribute with 400', () => {
      expectInvalidQuery('engagedParty.regex=x');
    });
  });

  describe('limits', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`).join(',');
    const params = (n: number) => Array.from({ length: n }, (_, i) => `name.ne=v${i}`).join('&');

    it('accepts 100 values in one filter and rejects 101', () => {
      expect(query(`name=${list(100)}`).filters[0].values).toHaveLength(100);
      expectInvalidQuery(`name=${list(101)}`);
      expectInvalidQuery(`name>${list(101)}`);
    });

    it('accepts 50 conditions and rejects 51', () => {
      expect(query(params(50)).filters).toHaveLength(50);
      expectInvalidQuery(params(51));
    });
  });

  describe('offset and limit', () => {
    it('parses non-negative integers', () => {
      expect(query('offset=0&limit=0')).toMatchObject({ offset: 0, limit: 0 });
      expect(query('offset=250&limit=50')).toMatchObject({ offset: 250, limit: 50 });
      expect(query(`limit=${MAX_LIMIT}`).limit).toBe(1000);
    });

    it('a repeated parameter: the last one wins', () => {
      expect(query('limit=5&limit=7').limit).toBe(7);
    });

    it.each(['-1', '1.5', 'abc', '', '1e3', '0x10', ' 1', '1,2', '9999999999'])('rejects offset=%j with 400', (v) => {
      expectInvalidQuery(`offset=${v}`);
    });

    it.each(['-1', '2.5', 'ten', ''])('rejects limit=%j with 400', (v) => {
      expectInvalidQuery(`limit=${v}`);
    });

    it('rejects a limit over 1000 with 400', () => {
      const e = expectInvalidQuery('limit=1001');
      expect(e.message).toContain('1000');
    });

    it('rejects offset / limit without a value', () => {
      expectInvalidQuery('offset');
      expectInvalidQuery('limit');
    });
  });

  describe('fields', () => {
    it('parses a projection list of dotted paths', () => {
      expect(query('fields=name,status,relatedParty.id').fields).toEqual([['name'], ['status'], ['relatedParty', 'id']]);
    });

    it('trims spaces and ignores empty entries', () => {
      expect(query('fields=name,%20status,,').fields).toEqual([['name'], ['status']]);
    });

    it('no fields, an empty list or * mean the whole resource', () => {
      expect(query('').fields).toBeUndefined();
      expect(query('fields=').fields).toBeUndefined();
      expect(query('fields=*').fields).toBeUndefined();
      expect(query('fields=name,*').fields).toBeUndefined();
    });

    it('rejects an unknown attribute with 400', () => {
      expectInvalidQuery('fields=name,nope');
      expectInvalidQuery('fields=relatedParty.nope');
    });

    it('parseFields works on its own (for GET by id)', () => {
      expect(parseFields(customerTree, 'name,engagedParty')).toEqual([['name'], ['engagedParty']]);
      expectTmfError(() => parseFields(customerTree, 'bad name'), 400, 'invalidQuery');
    });
  });

  describe('sort', () => {
    it('parses ascending, descending (-) and explicit ascending (+ encoded) keys in order', () => {
      const q = query('sort=-creditProfile.creditScore,name,%2Bstatus');
      expect(q.sort.map((s) => ({ path: s.path.join('.'), descending: s.descending, type: s.attribute.type }))).toEqual([
        { path: 'creditProfile.creditScore', descending: true, type: 'integer' },
        { path: 'name', descending: false, type: 'string' },
        { path: 'status', descending: false, type: 'string' },
      ]);
    });

    it('rejects unknown sort attributes with 400', () => {
      expectInvalidQuery('sort=nope');
      expectInvalidQuery('sort=-nope');
    });

    it('rejects sorting on an object with 400', () => {
      expectInvalidQuery('sort=engagedParty');
      expectInvalidQuery('sort=-validFor');
    });

    it('an empty sort means no keys', () => {
      expect(query('sort=').sort).toEqual([]);
    });
  });

  describe('parseFilters', () => {
    it('returns only the conditions', () => {
      const filters = parseFilters('status=Approved&limit=5&fields=name', customerTree);
      expect(filters.map((f) => [f.path, f.op, f.values])).toEqual([[['status'], 'eq', ['Approved']]]);
    });

    it('still validates the reserved parameters and throws TmfException 400', () => {
      expectTmfError(() => parseFilters('limit=5000', customerTree), 400, 'invalidQuery');
      expectTmfError(() => parseFilters('nope=1', customerTree), 400, 'invalidQuery');
    });

    it('works against any attribute tree', () => {
      const tree = new Map([['x', { name: 'x', type: 'number' as const, isArray: false }]]);
      expect(parseFilters('x.gt=1', tree).map((f) => f.values)).toEqual([[1]]);
      expect(() => parseListQuery('name=1', tree)).toThrow(/not an attribute/);
    });
  });

  describe('error bodies', () => {
    it('are TMF Error resources with a message naming the problem', () => {
      const e = expectInvalidQuery('nope=1');
      expect(e.toBody()).toEqual({
        code: 'invalidQuery',
        reason: 'Bad Request',
        message: expect.stringContaining("'nope'"),
        status: '400',
        '@type': 'Error',
      });
    });
  });
});
