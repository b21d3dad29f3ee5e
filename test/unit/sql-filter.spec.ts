import { CUSTOMER } from '../../src/customer/customer.resource';
import { jsonPath, orderByClause, TableMapping, whereClause } from '../../src/tmf/query/sql-filter';
import { ident, SqlParams } from '../../src/tmf/query/sql-params';
import { query } from './helpers';

const mapping: TableMapping = CUSTOMER.table;
const VALID_ID = '0190f5c2-7a3b-7c4d-8e5f-0123456789ab';

/** Compiles the filters of a raw query string to SQL. */
function where(raw: string): { sql: string; values: unknown[] } {
  const params = new SqlParams();
  const sql = whereClause(query(raw).filters, mapping, params);
  return { sql, values: params.values };
}

function orderBy(raw: string): { sql: string; values: unknown[] } {
  const params = new SqlParams();
  const sql = orderByClause(query(raw).sort, mapping, params);
  return { sql, values: params.values };
}

describe('SQL filter compiler', () => {
  it('the customer resource maps id, name and status to key columns', () => {
    expect(mapping.keyColumns).toEqual({
      id: { column: 'id', type: 'uuid' },
      name: { column: 'name', type: 'text' },
      status: { column: 'status', type: 'text' },
    });
  });

  describe('jsonPath', () => {
    it('quotes every step', () => {
      expect(jsonPath(['relatedParty', 'id'])).toBe('$."relatedParty"."id"');
      expect(jsonPath(['engagedParty', '@referredType'])).toBe('$."engagedParty"."@referredType"');
      expect(jsonPath([])).toBe('$');
    });
  });

  describe('SqlParams and ident', () => {
    it('numbers placeholders and adds casts', () => {
      const p = new SqlParams();
      expect(p.add('a')).toBe('$1');
      expect(p.add(['b'], 'text[]')).toBe('$2::text[]');
      expect(p.values).toEqual(['a', ['b']]);
    });

    it('quotes safe identifiers and refuses others', () => {
      expect(ident('customer')).toBe('"customer"');
      expect(() => ident('x"; DROP TABLE customer; --')).toThrow(/unsafe/);
      expect(() => ident('Name')).toThrow(/unsafe/);
    });
  });

  describe('whereClause', () => {
    it('is TRUE without filters', () => {
      expect(where('')).toEqual({ sql: 'TRUE', values: [] });
      expect(where('limit=5&sort=name')).toEqual({ sql: 'TRUE', values: [] });
    });

    describe('key columns', () => {
      it('eq with one value', () => {
        expect(where('name=Acme')).toEqual({ sql: '"name" = $1::text', values: ['Acme'] });
      });

      it('eq with several values uses = ANY', () => {
        expect(where('status=Approved,Validated')).toEqual({ sql: '"status" = ANY($1::text[])', values: [['Approved', 'Validated']] });
      });

      it('ne is NOT IN that also keeps rows without the attribute (NULL)', () => {
        const { sql, values } = where('status.ne=Approved,Validated');
        expect(sql).toBe('("status" <> ALL($1::text[])) IS NOT FALSE');
        expect(values).toEqual([['Approved', 'Validated']]);
      });

      // Regression: PostgreSQL has no `x IS DISTINCT FROM ALL(array)` (ALL/ANY only follow a binary operator): the
      // statement fails with 'syntax error at or near "ALL"' (see sql-vs-matcher.spec.ts). A valid form keeping
      // NULL (absent) rows is e.g. `("status" <> ALL($1::text[])) IS NOT FALSE`.
      it('ne on a key column does not use the invalid `IS DISTINCT FROM ALL(...)`', () => {
        expect(where('status.ne=Approved').sql).not.toMatch(/IS DISTINCT FROM ALL/);
        expect(where(`id.ne=${VALID_ID}`).sql).not.toMatch(/IS DISTINCT FROM ALL/);
      });

      it.each([
        ['name.gt=M', '>'],
        ['name.gte=M', '>='],
        ['name.lt=M', '<'],
        ['name.lte=M', '<='],
        ['name>M', '>'],
        ['name>=M', '>='],
        ['name<M', '<'],
        ['name<=M', '<='],
      ])('%s compiles to the column operator %s', (raw, op) => {
        expect(where(raw)).toEqual({ sql: `("name" ${op} $1::text)`, values: ['M'] });
      });

      it('ordering with several values ORs them', () => {
        expect(where('name.gt=M,A')).toEqual({ sql: '("name" > $1::text OR "name" > $2::text)', values: ['M', 'A'] });
      });

      it('regex uses ~ ANY', () => {
        expect(where('name.regex=^Ac,me$')).toEqual({ sql: '"name" ~ ANY($1::text[])', values: [['^Ac', 'me$']] });
      });

      it('id filters use the uuid column', () => {
        expect(where(`id=${VALID_ID}`)).toEqual({ sql: '"id" = $1::uuid', values: [VALID_ID] });
        expect(where(`id=${VALID_ID.toUpperCase()}`).sql).toBe('"id" = $1::uuid');
      });

      it('invalid uuids in an id filter: eq gives FALSE, ne gives TRUE, and nothing is bound', () => {
        expect(where('id=not-a-uuid')).toEqual({ sql: 'FALSE', values: [] });
        expect(where('id=1,2,3')).toEqual({ sql: 'FALSE', values: [] });
        expect(where('id.ne=not-a-uuid')).toEqual({ sql: 'TRUE', values: [] });
      });

      it('invalid uuids are dropped from a list that has valid ones', () => {
        expect(where(`id=bad,${VALID_ID}`)).toEqual({ sql: '"id" = $1::uuid', values: [VALID_ID] });
        const ne = where(`id.ne=bad,${VALID_ID}`);
        expect(ne.values).toEqual([[VALID_ID]]);
        expect(ne.sql).toBe('("id" <> ALL($1::uuid[])) IS NOT FALSE');
      });

      it('a regex on the id matches its text form', () => {
        expect(where('id.regex=^0190')).toEqual({ sql: '"id"::text ~ ANY($1::text[])', values: [['^0190']] });
      });

      it('a nested path named like a key column is not compiled to the column', () => {
        expect(where('relatedParty.name=Bob').sql).toBe('doc @@ $1::jsonpath');
      });
    });

    describe('document conditions (jsonpath)', () => {
      it('nested paths compile to doc @@ $n::jsonpath with the value inside the bound jsonpath', () => {
        expect(where('relatedParty.id=42')).toEqual({ sql: 'doc @@ $1::jsonpath', values: ['$."relatedParty"."id" == "42"'] });
      });

      it('a path through an array (lax mode walks into it)', () => {
        expect(where('characteristic.name=industry')).toEqual({
          sql: 'doc @@ $1::jsonpath',
          values: ['$."characteristic"."name" == "industry"'],
        });
      });

      it('a comma list ORs the comparisons in one jsonpath', () => {
        expect(where('relatedParty.role=Manager,Owner').values).toEqual(['$."relatedParty"."role" == "Manager" || $."relatedParty"."role" == "Owner"']);
      });

      it.each([
        ['creditProfile.creditScore.gt=600', '$."creditProfile"."creditScore" > 600'],
        ['creditProfile.creditScore.gte=600', '$."creditProfile"."creditScore" >= 600'],
        ['creditProfile.creditScore.lt=600', '$."creditProfile"."creditScore" < 600'],
        ['creditProfile.creditScore.lte=600', '$."creditProfile"."creditScore" <= 600'],
        ['creditProfile.creditScore>600', '$."creditProfile"."creditScore" > 600'],
        ['creditProfile.creditScore<=600', '$."creditProfile"."creditScore" <= 600'],
        ['creditProfile.creditScore.eq=-1.5', '$."creditProfile"."creditScore" == -1.5'],
      ])('%s -> %s (numbers unquoted)', (raw, path) => {
        expect(where(raw)).toEqual({ sql: 'doc @@ $1::jsonpath', values: [path] });
      });

      it('booleans are unquoted', () => {
        expect(where('contactMedium.preferred=true').values).toEqual(['$."contactMedium"."preferred" == true']);
      });

      it('date-times are compared as their UTC instants', () => {
        expect(where('validFor.startDateTime.gte=2024-01-01T01:00:00%2B01:00').values).toEqual([
          '$."validFor"."startDateTime" >= "2024-01-01T00:00:00.000Z"',
        ]);
      });

      it('ne negates with IS NOT TRUE (absent attributes and type mismatches match)', () => {
        expect(where('relatedParty.id.ne=42,43')).toEqual({
          sql: '(doc @@ $1::jsonpath) IS NOT TRUE',
          values: ['$."relatedParty"."id" == "42" || $."relatedParty"."id" == "43"'],
        });
      });

      it('regex uses like_regex', () => {
        expect(where('relatedParty.name.regex=^B,b$').values).toEqual(['$."relatedParty"."name" like_regex "^B" || $."relatedParty"."name" like_regex "b$"']);
      });

      it('an untyped attribute compares "5" as the string and as the number, "true" as the string and the boolean', () => {
        expect(where('characteristic.value=5').values).toEqual(['$."characteristic"."value" == "5" || $."characteristic"."value" == 5']);
        expect(where('characteristic.value=true').values).toEqual(['$."characteristic"."value" == "true" || $."characteristic"."value" == true']);
        expect(where('characteristic.value=x').values).toEqual(['$."characteristic"."value" == "x"']);
      });

      it('ordering on an untyped attribute uses the number for numeric text', () => {
        expect(where('characteristic.value.gt=5').values).toEqual(['$."characteristic"."value" > 5']);
        expect(where('characteristic.value.gt=abc').values).toEqual(['$."characteristic"."value" > "abc"']);
      });

      it('a typed string attribute does not get number alternatives', () => {
        expect(where('relatedParty.id=5').values).toEqual(['$."relatedParty"."id" == "5"']);
      });
    });

    it('several conditions are ANDed with one parameter each', () => {
      expect(where('status=Approved&relatedParty.id=42&creditProfile.creditScore.gt=600')).toEqual({
        sql: '"status" = $1::text AND doc @@ $2::jsonpath AND doc @@ $3::jsonpath',
        values: ['Approved', '$."relatedParty"."id" == "42"', '$."creditProfile"."creditScore" > 600'],
      });
    });

    it('continues numbering after parameters already added', () => {
      const params = new SqlParams();
      params.add('before');
      expect(whereClause(query('name=x').filters, mapping, params)).toBe('"name" = $2::text');
    });

    describe('injection safety: values are bound, never part of the SQL text', () => {
      const nasty = [
        "x'; DROP TABLE customer; --",
        '$1',
        '"; DELETE FROM customer; --',
        "' OR 1=1 --",
        '" || $."name" like_regex ".*',
        '\\"\nnewline',
      ];
      const templates = [
        'name=%s',
        'name.ne=%s',
        'name.gt=%s',
        'name.regex=%s',
        'status=a,%s',
        'id=%s',
        'id.regex=%s',
        'relatedParty.id=%s',
        'relatedParty.id.ne=%s',
        'characteristic.value=%s',
        'characteristic.value.lt=%s',
        'relatedParty.name.regex=%s',
      ];
      const cases = templates.flatMap((t) => nasty.map((v) => [t, v] as const));

      it.each(cases)('%s with %j', (template, value) => {
        const { sql, values } = where(template.replace('%s', encodeURIComponent(value)));
        // the SQL text is exactly the one a harmless value gives
        expect(sql).toBe(where(template.replace('%s', 'plain')).sql);
        // ... made of identifiers, operators and placeholders only
        if (value !== '$1') expect(sql).not.toContain(value);
        expect(sql).not.toMatch(/DROP|DELETE|OR 1=1|'/);
        expect(sql).toMatch(/^[\w\s"$:@()[\]=~<>!,.]*$/);
        const placeholders = sql.match(/\$\d+/g) ?? [];
        expect(placeholders).toEqual(values.map((_, i) => `$${i + 1}`));
        // the value is in the parameters: as itself, in an array, or as a quoted jsonpath literal
        // (an id filter with a non-uuid binds nothing: see the uuid tests)
        const bound = values.flat().map(String);
        if (!template.startsWith('id=')) expect(bound.some((b) => b === value || b.includes(JSON.stringify(value)))).toBe(true);
      });

      it('a value cannot break out of the jsonpath string literal', () => {
        const value = '" || $."status" == "x';
        const { values } = where(`relatedParty.id=${encodeURIComponent(value)}`);
        expect(values).toEqual([`$."relatedParty"."id" == ${JSON.stringify(value)}`]);
        expect(values[0]).toBe('$."relatedParty"."id" == "\\" || $.\\"status\\" == \\"x"');
      });
    });
  });

  describe('orderByClause', () => {
    it('without sort keys orders by id only', () => {
      expect(orderBy('')).toEqual({ sql: '"id" ASC', values: [] });
    });

    it('key columns sort on the column, other paths on the first jsonpath match; the id always comes last', () => {
      expect(orderBy('sort=-creditProfile.creditScore,name')).toEqual({
        sql: 'jsonb_path_query_first(doc, $1::jsonpath) DESC NULLS LAST, "name" ASC NULLS LAST, "id" ASC',
        values: ['$."creditProfile"."creditScore"'],
      });
    });

    it('sorting on the id still ends with the id tie-breaker', () => {
      const { sql } = orderBy('sort=-id');
      expect(sql).toBe('"id" DESC NULLS LAST, "id" ASC');
      expect(sql.endsWith('"id" ASC')).toBe(true);
    });

    it('numbers its parameters after the WHERE parameters', () => {
      const params = new SqlParams();
      const q = query('relatedParty.id=42&sort=validFor.startDateTime');
      expect(whereClause(q.filters, mapping, params)).toBe('doc @@ $1::jsonpath');
      expect(orderByClause(q.sort, mapping, params)).toBe('jsonb_path_query_first(doc, $2::jsonpath) ASC NULLS LAST, "id" ASC');
      expect(params.values).toEqual(['$."relatedParty"."id" == "42"', '$."validFor"."startDateTime"']);
    });
  });
});
