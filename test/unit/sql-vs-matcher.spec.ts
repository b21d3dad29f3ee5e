// Cross-check: the SQL compiler and the in-memory matcher must give the same answer on the same documents.
// Runs the generated WHERE / ORDER BY against the suite's throwaway PostgreSQL, in a TEMP table of a
// connection of its own (nothing persistent is created).
import { Client } from 'pg';
import { CUSTOMER } from '../../src/customer/customer.resource';
import { matches } from '../../src/tmf/query/matcher';
import { orderByClause, whereClause } from '../../src/tmf/query/sql-filter';
import { SqlParams } from '../../src/tmf/query/sql-params';
import { adminUrl } from '../support/databases';
import { query } from './helpers';

type Doc = Record<string, unknown>;
const ID = (n: number) => `0190f5c2-7a3b-7c4d-8e5f-${String(n).padStart(12, '0')}`;

/** Stored customers: `doc` without id (as the repository stores it), date-times already UTC instants. */
const rows: { id: string; doc: Doc }[] = [
  {
    id: ID(1),
    doc: {
      name: 'Acme',
      status: 'Approved',
      engagedParty: { id: 'org-1', '@referredType': 'Organization' },
      relatedParty: [
        { id: '42', role: 'AccountManager', '@referredType': 'Individual' },
        { id: '43', role: 'Owner', '@referredType': 'Individual' },
      ],
      characteristic: [
        { name: 'industry', value: 'telecom' },
        { name: 'numberOfEmployees', value: 5 },
      ],
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { city: 'Paris' } },
        { mediumType: 'phone', preferred: false, characteristic: {} },
      ],
      creditProfile: [{ creditProfileDate: '2024-01-15T00:00:00.000Z', creditScore: 720, validFor: {} }],
      validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2025-01-01T00:00:00.000Z' },
    },
  },
  {
    id: ID(2),
    doc: { name: 'Bare', engagedParty: { id: 'p-2', '@referredType': 'Individual' } },
  },
  {
    id: ID(3),
    doc: {
      name: 'Contoso',
      status: 'Validated',
      engagedParty: { id: 'org-3', '@referredType': 'Organization' },
      relatedParty: [{ id: '44', role: 'Owner', '@referredType': 'Individual' }],
      characteristic: [
        { name: 'numberOfEmployees', value: '7' },
        { name: 'listed', value: true },
      ],
      contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { city: 'Lyon' } }],
      creditProfile: [{ creditProfileDate: '2024-02-01T00:00:00.000Z', creditScore: 640, validFor: {} }],
      validFor: { startDateTime: '2023-06-01T00:00:00.000Z' },
    },
  },
  {
    id: ID(4),
    doc: {
      name: 'acme lowercase',
      status: 'Approved',
      engagedParty: { id: 'org-4', '@referredType': 'Organization' },
      characteristic: [
        { name: 'numberOfEmployees', value: 1200 },
        { name: 'listed', value: 'true' },
      ],
      creditProfile: [{ creditProfileDate: '2024-03-01T00:00:00.000Z', validFor: {} }],
    },
  },
];

const QUERIES = [
  'name=Acme',
  'name=Acme,Bare',
  'name.ne=Acme',
  'name.gt=B',
  'name.gte=Acme',
  'name.lt=B',
  'name<=Bare',
  'name.regex=^A',
  'status=Approved',
  'status=Approved,Validated',
  'status.ne=Approved', // Bare has no status: it matches
  'status.ne=Approved,Validated',
  'status.gt=B',
  `id=${ID(1)}`,
  `id=${ID(1)},${ID(3)}`,
  `id.ne=${ID(1)}`,
  `id.ne=${ID(1)},${ID(2)}`,
  `id.ne=bad,${ID(2)}`,
  'id=not-a-uuid',
  'id.ne=not-a-uuid',
  'id.regex=3$',
  'relatedParty.id=42',
  'relatedParty.id=42,44',
  'relatedParty.id.ne=42',
  'relatedParty.role=Owner',
  'relatedParty.role.regex=^Acc',
  'characteristic.name=industry',
  'characteristic.value=5',
  'characteristic.value=7',
  'characteristic.value=true',
  'characteristic.value.ne=5',
  'characteristic.value.regex=^tele',
  'characteristic.value.gt=6',
  'characteristic.value.lt=100',
  'characteristic.value.gt=5.0',
  'characteristic.value=5.0',
  'characteristic.value.gt=1000',
  'characteristic.value.gte=6',
  'contactMedium.preferred=true',
  'contactMedium.preferred=false',
  'contactMedium.preferred.ne=false',
  'contactMedium.characteristic.city=Paris,Lyon',
  'creditProfile.creditScore.gt=700',
  'creditProfile.creditScore.lte=700',
  'creditProfile.creditScore.ne=720',
  'creditProfile.creditProfileDate.gte=2024-02-01T01:00:00%2B01:00',
  'validFor.startDateTime.gte=2024-01-01T01:00:00%2B01:00',
  'validFor.startDateTime.ne=2024-01-01T00:00:00Z',
  'validFor.endDateTime.lt=2026-01-01T00:00:00Z',
  'engagedParty.@referredType=Organization',
  'status=Approved&relatedParty.id=42',
  'status.ne=Validated&characteristic.name.ne=industry',
];


describe('SQL compiler and matcher agree (PostgreSQL)', () => {
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: adminUrl() });
    await db.connect();
    await db.query('CREATE TEMP TABLE customer (id uuid PRIMARY KEY, name text NOT NULL, status text, doc jsonb NOT NULL)');
    for (const r of rows) {
      await db.query('INSERT INTO customer (id, name, status, doc) VALUES ($1, $2, $3, $4)', [r.id, r.doc.name, r.doc.status ?? null, r.doc]);
    }
  });

  afterAll(async () => {
    await db?.end();
  });

  async function sqlIds(raw: string): Promise<string[]> {
    const q = query(raw);
    const params = new SqlParams();
    const where = whereClause(q.filters, CUSTOMER.table, params);
    const order = orderByClause(q.sort, CUSTOMER.table, params);
    const { rows: found } = await db.query<{ id: string }>(`SELECT id FROM customer WHERE ${where} ORDER BY ${order}`, params.values);
    return found.map((r) => r.id);
  }

  const matcherIds = (raw: string) =>
    rows
      .filter((r) => matches({ id: r.id, ...r.doc }, query(raw).filters))
      .map((r) => r.id)
      .sort();

  it('the sample data gives both outcomes for most queries (the cross-check is not vacuous)', () => {
    const counts = QUERIES.map((q) => matcherIds(q).length);
    expect(counts.filter((n) => n > 0 && n < rows.length).length).toBeGreaterThan(QUERIES.length / 2);
  });

  it.each(QUERIES.map((q) => [q, q]))('%s', async (_title, raw) => {
    expect(await sqlIds(raw)).toEqual(matcherIds(raw));
  });

  it('the generated ORDER BY runs and breaks ties by id', async () => {
    expect(await sqlIds('sort=status')).toEqual([ID(1), ID(4), ID(3), ID(2)]); // Approved x2 by id, Validated, NULL last
    expect(await sqlIds('sort=-creditProfile.creditScore')).toEqual([ID(1), ID(3), ID(2), ID(4)]); // no score: NULLS LAST, by id
    expect(await sqlIds('sort=-name')).toEqual([ID(4), ID(3), ID(2), ID(1)]);
  });

  it('SQL-looking values are only data', async () => {
    for (const v of ["x'; DROP TABLE customer; --", '$1', '" || $."name" like_regex ".*']) {
      const e = encodeURIComponent(v);
      expect(await sqlIds(`name=${e}&relatedParty.id=${e}&characteristic.value=${e}`)).toEqual([]);
      expect(await sqlIds(`relatedParty.id.ne=${e}&characteristic.value.ne=${e}`)).toHaveLength(rows.length);
    }
    expect((await db.query('SELECT count(*)::int AS n FROM customer')).rows[0].n).toBe(rows.length);
  });
});
