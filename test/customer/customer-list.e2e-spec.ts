// TMF629 customer list: TMF630 filtering (every operator, nested and array paths, typed values), sorting,
// attribute selection, paging headers and the Link header — on a small known data set.
import {
  CUSTOMER_URL,
  createCustomer,
  Doc,
  expectTmfError,
  listCustomers,
  namesOf,
  parseLink,
  pathOf,
  rawRequest,
} from '../support/customer-helpers';
import { customerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import request from 'supertest';

const ACME = 'Acme Corp';
const BETA = 'Beta Ltd';
const COBALT = 'Cobalt Inc';
const DELTA = 'Delta Group';
const ECHO = 'Echo Partners';
const ALL = [ACME, BETA, COBALT, DELTA, ECHO];

const party = (id: string, type = 'Organization') => ({ id, '@referredType': type });

const DATA: Record<string, Record<string, unknown>> = {
  [ACME]: customerBody({
    name: ACME,
    status: 'Approved',
    engagedParty: { ...party('org-acme'), name: 'Acme' },
    relatedParty: [{ id: 'emp-1', role: 'accountManager', '@referredType': 'Individual' }],
    characteristic: [
      { name: 'industry', value: 'manufacturing' },
      { name: 'numberOfEmployees', value: 120 },
    ],
    contactMedium: [{ mediumType: 'postalAddress', preferred: true, characteristic: { city: 'Springfield', street1: '1 Main St' } }],
    creditProfile: [{ creditProfileDate: '2024-01-05T00:00:00Z', creditScore: 780, validFor: { startDateTime: '2024-01-05T00:00:00Z' } }],
    validFor: { startDateTime: '2024-01-01T00:00:00Z' },
  }),
  [BETA]: customerBody({
    name: BETA,
    status: 'Approved',
    engagedParty: party('org-beta'),
    relatedParty: [{ id: 'emp-2', role: 'technicalContact', '@referredType': 'Individual' }],
    characteristic: [{ name: 'industry', value: 'retail' }],
    contactMedium: [{ mediumType: 'email', preferred: false, characteristic: { city: 'Shelbyville', emailAddress: 'info@beta.example' } }],
    creditProfile: [{ creditProfileDate: '2024-02-01T00:00:00Z', creditScore: 650, validFor: { startDateTime: '2024-02-01T00:00:00Z' } }],
    validFor: { startDateTime: '2024-06-01T00:00:00Z' },
  }),
  [COBALT]: customerBody({
    name: COBALT,
    status: 'Initialized',
    engagedParty: party('org-cobalt'),
    relatedParty: [
      { id: 'emp-3', role: 'accountManager', '@referredType': 'Individual' },
      { id: 'emp-1', role: 'sponsor', '@referredType': 'Individual' },
    ],
    characteristic: [{ name: 'industry', value: 'manufacturing' }],
    contactMedium: [{ mediumType: 'telephone', preferred: true, characteristic: { phoneNumber: '+1 555 0199', city: 'Capital City' } }],
    creditProfile: [{ creditProfileDate: '2024-03-01T00:00:00Z', creditScore: 90, validFor: { startDateTime: '2024-03-01T00:00:00Z' } }],
    // 2023-03-15T10:00:00Z
    validFor: { startDateTime: '2023-03-15T12:00:00+02:00' },
  }),
  [DELTA]: customerBody({
    name: DELTA,
    engagedParty: party('org-delta', 'Individual'),
    creditProfile: [{ creditProfileDate: '2024-04-01T00:00:00Z', creditScore: 1000, validFor: { startDateTime: '2024-04-01T00:00:00Z' } }],
  }),
  [ECHO]: customerBody({
    name: ECHO,
    status: 'Validated',
    engagedParty: party('org-echo'),
    contactMedium: [{ mediumType: 'postalAddress', preferred: false, characteristic: { city: 'Springfield', street1: '9 Elm St' } }],
    validFor: { startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2025-12-31T00:00:00Z' },
  }),
};

describe('TMF629 customer: list', () => {
  let t: TestApp;
  const byName: Record<string, Doc> = {};

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    for (const name of ALL) byName[name] = await createCustomer(t, DATA[name]);
  });
  afterAll(() => t.close());

  /** The query (sorted by name) answers 200 with exactly these customers, and headers that agree. */
  async function expectMatches(query: string, expected: string[]): Promise<void> {
    const res = await listCustomers(t, `${query}&sort=name`);
    expect({ query, status: res.status, names: res.status === 200 ? namesOf(res) : res.body }).toEqual({ query, status: 200, names: [...expected].sort() });
    expect(res.headers['x-total-count']).toBe(String(expected.length));
    expect(res.headers['x-result-count']).toBe(String(expected.length));
  }

  describe('paging', () => {
    it('answers 200 with every customer, X-Total-Count and X-Result-Count', async () => {
      const res = await listCustomers(t).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toHaveLength(5);
      expect(namesOf(res).sort()).toEqual(ALL);
      expect(res.headers['x-total-count']).toBe('5');
      expect(res.headers['x-result-count']).toBe('5');
      // the list items are the full resources
      expect(res.body.find((c: Doc) => c.id === byName[ACME].id)).toEqual(byName[ACME]);
    });

    it('a middle page: counts and a Link header with self, first, prev, next and last', async () => {
      const res = await listCustomers(t, 'sort=name&offset=2&limit=2').expect(200);
      expect(namesOf(res)).toEqual([COBALT, DELTA]);
      expect(res.headers['x-total-count']).toBe('5');
      expect(res.headers['x-result-count']).toBe('2');
      const links = parseLink(res.headers.link);
      expect(Object.keys(links).sort()).toEqual(['first', 'last', 'next', 'prev', 'self']);
      const at = (rel: string) => [links[rel].offset, links[rel].limit];
      expect({ self: at('self'), first: at('first'), prev: at('prev'), next: at('next'), last: at('last') }).toEqual({
        self: [2, 2],
        first: [0, 2],
        prev: [0, 2],
        next: [4, 2],
        last: [4, 2],
      });
      for (const link of Object.values(links)) {
        expect(link.url.startsWith(`${CUSTOMER_URL}?`)).toBe(true);
        expect(link.params.get('sort')).toBe('name');
      }
      // the links lead to the pages they name
      expect(namesOf(await request(t.server).get(pathOf(links.next.url)).expect(200))).toEqual([ECHO]);
      expect(namesOf(await request(t.server).get(pathOf(links.prev.url)).expect(200))).toEqual([ACME, BETA]);
      expect(namesOf(await request(t.server).get(pathOf(links.last.url)).expect(200))).toEqual([ECHO]);
      expect(namesOf(await request(t.server).get(pathOf(links.self.url)).expect(200))).toEqual([COBALT, DELTA]);
    });

    it('the first page has next but no prev; the last page has prev but no next', async () => {
      const first = parseLink((await listCustomers(t, 'sort=name&limit=2').expect(200)).headers.link);
      expect(first.prev).toBeUndefined();
      expect([first.self.offset, first.next.offset, first.last.offset]).toEqual([0, 2, 4]);
      const last = parseLink((await listCustomers(t, 'sort=name&offset=4&limit=2').expect(200)).headers.link);
      expect(last.next).toBeUndefined();
      expect([last.self.offset, last.prev.offset, last.first.offset, last.last.offset]).toEqual([4, 2, 0, 4]);
    });

    it('links keep the filters (an OR list stays an OR list) and paging follows them', async () => {
      const res = await listCustomers(t, 'status=Approved,Validated&sort=name&limit=1').expect(200);
      expect(res.headers['x-total-count']).toBe('3');
      expect(namesOf(res)).toEqual([ACME]);
      const links = parseLink(res.headers.link);
      expect(links.next.url).toContain('status=Approved,Validated');
      expect(links.last.offset).toBe(2);
      expect(namesOf(await request(t.server).get(pathOf(links.next.url)).expect(200))).toEqual([BETA]);
      expect(namesOf(await request(t.server).get(pathOf(links.last.url)).expect(200))).toEqual([ECHO]);
    });

    it('an offset beyond the end gives an empty page with the right X-Total-Count', async () => {
      const res = await listCustomers(t, 'offset=50').expect(200);
      expect(res.body).toEqual([]);
      expect(res.headers['x-total-count']).toBe('5');
      expect(res.headers['x-result-count']).toBe('0');
    });

    it('limit=0 gives no items but the total', async () => {
      const res = await listCustomers(t, 'limit=0').expect(200);
      expect(res.body).toEqual([]);
      expect(res.headers['x-total-count']).toBe('5');
      expect(res.headers['x-result-count']).toBe('0');
      const filtered = await listCustomers(t, 'status=Approved&limit=0').expect(200);
      expect(filtered.headers['x-total-count']).toBe('2');
    });

    it('accepts limit up to 1000 and rejects 1001 with 400', async () => {
      const res = await listCustomers(t, 'limit=1000').expect(200);
      expect(res.body).toHaveLength(5);
      expectTmfError(await listCustomers(t, 'limit=1001'), 400);
    });

    it('a long but valid query (100 filter values) still gets a response HTTP clients can read', async () => {
      // 100 values is the documented maximum per filter; the Link header repeats the query in each of its links
      const values = Array.from({ length: 100 }, (_, i) => `org-not-a-real-party-${String(i).padStart(16, '0')}`).join(',');
      const query = `engagedParty.id.ne=${values}&sort=name&offset=1&limit=1`;
      const outcome = await listCustomers(t, query).then(
        (res) => ({ status: res.status, names: namesOf(res) }),
        (e: Error) => ({ error: e.message }),
      );
      expect(outcome).toEqual({ status: 200, names: [BETA] });
    });
  });

  describe('filtering operators', () => {
    it.each<[string, string, string[]]>([
      // a top-level attribute (name)
      ['name.eq=', `name.eq=${encodeURIComponent(ACME)}`, [ACME]],
      ['name=', `name=${encodeURIComponent(ACME)}`, [ACME]],
      ['name.ne=', `name.ne=${encodeURIComponent(ACME)}`, [BETA, COBALT, DELTA, ECHO]],
      ['name.gt=', `name.gt=${encodeURIComponent(COBALT)}`, [DELTA, ECHO]],
      ['name>', `name>${encodeURIComponent(COBALT)}`, [DELTA, ECHO]],
      ['name.gte=', `name.gte=${encodeURIComponent(COBALT)}`, [COBALT, DELTA, ECHO]],
      ['name>=', `name>=${encodeURIComponent(COBALT)}`, [COBALT, DELTA, ECHO]],
      ['name.lt=', `name.lt=${encodeURIComponent(BETA)}`, [ACME]],
      ['name<', `name<${encodeURIComponent(BETA)}`, [ACME]],
      ['name.lte=', `name.lte=${encodeURIComponent(BETA)}`, [ACME, BETA]],
      ['name<=', `name<=${encodeURIComponent(BETA)}`, [ACME, BETA]],
      ['name.regex=', `name.regex=${encodeURIComponent('^(Acme|Echo) ')}`, [ACME, ECHO]],
      // an attribute inside an object (engagedParty.id)
      ['engagedParty.id.eq=', 'engagedParty.id.eq=org-beta', [BETA]],
      ['engagedParty.id=', 'engagedParty.id=org-beta', [BETA]],
      ['engagedParty.id.ne=', 'engagedParty.id.ne=org-beta', [ACME, COBALT, DELTA, ECHO]],
      ['engagedParty.id.gt=', 'engagedParty.id.gt=org-cobalt', [DELTA, ECHO]],
      ['engagedParty.id>', 'engagedParty.id>org-cobalt', [DELTA, ECHO]],
      ['engagedParty.id.gte=', 'engagedParty.id.gte=org-cobalt', [COBALT, DELTA, ECHO]],
      ['engagedParty.id>=', 'engagedParty.id>=org-cobalt', [COBALT, DELTA, ECHO]],
      ['engagedParty.id.lt=', 'engagedParty.id.lt=org-beta', [ACME]],
      ['engagedParty.id<', 'engagedParty.id<org-beta', [ACME]],
      ['engagedParty.id.lte=', 'engagedParty.id.lte=org-beta', [ACME, BETA]],
      ['engagedParty.id<=', 'engagedParty.id<=org-beta', [ACME, BETA]],
      ['engagedParty.id.regex=', 'engagedParty.id.regex=^org-(acme|echo)$', [ACME, ECHO]],
    ])('%s', async (_label, query, expected) => {
      await expectMatches(query, expected);
    });

    it('supertest percent-encodes > and < (so the tests above send %3E / %3C); the raw characters work too', async () => {
      const viaSupertest = await listCustomers(t, `name>=${encodeURIComponent(COBALT)}`).expect(200);
      expect((viaSupertest as unknown as { req: { path: string } }).req.path).toContain('name%3E=');
      const cases: [string, string[]][] = [
        [`name>Cobalt%20Inc`, [DELTA, ECHO]],
        [`name>=Cobalt%20Inc`, [COBALT, DELTA, ECHO]],
        [`name<Beta%20Ltd`, [ACME]],
        [`name<=Beta%20Ltd`, [ACME, BETA]],
        // the whole operator percent-encoded
        [`name%3E%3DCobalt%20Inc`, [COBALT, DELTA, ECHO]],
        [`name%3CBeta%20Ltd`, [ACME]],
        [`creditProfile.creditScore>=700`, [ACME, DELTA]],
        [`creditProfile.creditScore<100`, [COBALT]],
      ];
      for (const [query, expected] of cases) {
        const res = await rawRequest(t, 'GET', `/tmf-api/customerManagement/v4/customer?${query}&sort=name`);
        expect({ query, status: res.status, names: res.status === 200 ? namesOf(res) : res.body }).toEqual({ query, status: 200, names: expected });
      }
    });

    it('a comma-separated list is an OR', async () => {
      await expectMatches('status=Approved,Validated', [ACME, BETA, ECHO]);
      await expectMatches('engagedParty.id=org-beta,org-echo', [BETA, ECHO]);
      await expectMatches('creditProfile.creditScore=90,1000', [COBALT, DELTA]);
      await expectMatches('relatedParty.id=emp-2,emp-3', [BETA, COBALT]);
    });

    it('several parameters are ANDed (also on the same attribute)', async () => {
      await expectMatches('status=Approved&characteristic.value=manufacturing', [ACME]);
      await expectMatches('contactMedium.characteristic.city=Springfield&status=Validated', [ECHO]);
      await expectMatches('name.gte=B&name.lt=D', [BETA, COBALT]);
      await expectMatches('status=Approved&engagedParty.id=org-echo', []);
    });

    it('nested paths', async () => {
      await expectMatches('engagedParty.id=org-cobalt', [COBALT]);
      await expectMatches('engagedParty.@referredType=Individual', [DELTA]);
      await expectMatches('engagedParty.name=Acme', [ACME]);
    });

    it('paths into arrays match when any element matches', async () => {
      await expectMatches('relatedParty.id=emp-1', [ACME, COBALT]);
      await expectMatches('relatedParty.role=technicalContact', [BETA]);
      await expectMatches('characteristic.name=industry', [ACME, BETA, COBALT]);
      await expectMatches('characteristic.value=manufacturing', [ACME, COBALT]);
      await expectMatches('contactMedium.characteristic.city=Springfield', [ACME, ECHO]);
      await expectMatches(`contactMedium.characteristic.city=${encodeURIComponent('Capital City')}`, [COBALT]);
      await expectMatches('contactMedium.mediumType=postalAddress', [ACME, ECHO]);
    });

    it('numbers compare as numbers', async () => {
      await expectMatches('creditProfile.creditScore.gte=700', [ACME, DELTA]);
      await expectMatches('creditProfile.creditScore>=700', [ACME, DELTA]);
      // 90 < 650 numerically, though '90' > '650' as text
      await expectMatches('creditProfile.creditScore.gt=100', [ACME, BETA, DELTA]);
      await expectMatches('creditProfile.creditScore.lt=650', [COBALT]);
      await expectMatches('creditProfile.creditScore=650', [BETA]);
      await expectMatches('creditProfile.creditScore.lte=780', [ACME, BETA, COBALT]);
      // an untyped characteristic value stored as a number
      await expectMatches('characteristic.value=120', [ACME]);
    });

    it('booleans', async () => {
      await expectMatches('contactMedium.preferred=true', [ACME, COBALT]);
      await expectMatches('contactMedium.preferred=false', [BETA, ECHO]);
    });

    it('date-times compare as instants, whatever the offset of the query value', async () => {
      // 2024-01-01T01:00:00+01:00 is Acme's start, 2024-01-01T00:00:00Z (the '+' percent-encoded here)
      await expectMatches(`validFor.startDateTime.gte=${encodeURIComponent('2024-01-01T01:00:00+01:00')}`, [ACME, BETA, ECHO]);
      await expectMatches(`validFor.startDateTime.gt=${encodeURIComponent('2024-01-01T01:00:00+01:00')}`, [BETA, ECHO]);
      await expectMatches(`validFor.startDateTime>=${encodeURIComponent('2024-01-01T01:00:00+01:00')}`, [ACME, BETA, ECHO]);
      // as written, with a raw '+' (which form decoding would turn into a space)
      await expectMatches('validFor.startDateTime.gte=2024-01-01T01:00:00+01:00', [ACME, BETA, ECHO]);
      const raw = await rawRequest(t, 'GET', '/tmf-api/customerManagement/v4/customer?validFor.startDateTime.gte=2024-01-01T01:00:00+01:00&sort=name');
      expect({ status: raw.status, names: raw.status === 200 ? namesOf(raw) : raw.body }).toEqual({ status: 200, names: [ACME, BETA, ECHO] });
      await expectMatches('validFor.startDateTime.lte=2023-12-31T19:00:00-05:00', [ACME, COBALT]);
      await expectMatches('validFor.startDateTime.lt=2024-01-01T00:00:00.001Z', [ACME, COBALT]);
      // Cobalt was created with 2023-03-15T12:00:00+02:00
      await expectMatches('validFor.startDateTime=2023-03-15T10:00:00Z', [COBALT]);
      await expectMatches(`validFor.startDateTime=${encodeURIComponent('2023-03-15T12:00:00+02:00')}`, [COBALT]);
      await expectMatches('validFor.startDateTime=2023-03-15T10:00:00.000Z', [COBALT]);
      await expectMatches('creditProfile.creditProfileDate.lt=2024-02-15T00:00:00Z', [ACME, BETA]);
    });

    it('filters on id', async () => {
      await expectMatches(`id=${byName[BETA].id}`, [BETA]);
      await expectMatches(`id=${byName[BETA].id},${byName[ECHO].id}`, [BETA, ECHO]);
      await expectMatches('id=0190f3a0-0000-7000-8000-000000000000', []);
      await expectMatches('id=not-a-uuid', []);
    });

    it('filters on href', async () => {
      await expectMatches(`href=${encodeURIComponent(byName[DELTA].href)}`, [DELTA]);
    });

    it('status.ne includes customers without a status', async () => {
      await expectMatches('status.ne=Approved', [COBALT, DELTA, ECHO]);
      await expectMatches('status.ne=Approved,Initialized', [DELTA, ECHO]);
    });

    it('ne on a nested attribute includes customers without it', async () => {
      // Echo has no credit profile
      await expectMatches('creditProfile.creditScore.ne=780', [BETA, COBALT, DELTA, ECHO]);
      await expectMatches('engagedParty.name.ne=Acme', [BETA, COBALT, DELTA, ECHO]);
    });
  });

  describe('sorting', () => {
    const sorted = async (query: string) => namesOf(await listCustomers(t, query).expect(200));

    it('sort=name and sort=-name', async () => {
      expect(await sorted('sort=name')).toEqual(ALL);
      expect(await sorted('sort=-name')).toEqual([...ALL].reverse());
    });

    it('several keys: sort=status,-name and sort=-status,name', async () => {
      const withStatus = 'status=Approved,Initialized,Validated';
      expect(await sorted(`${withStatus}&sort=status,-name`)).toEqual([BETA, ACME, COBALT, ECHO]);
      expect(await sorted(`${withStatus}&sort=-status,name`)).toEqual([ECHO, COBALT, ACME, BETA]);
    });

    it('on a nested attribute, numbers in numeric order', async () => {
      expect(await sorted('creditProfile.creditScore.gte=0&sort=creditProfile.creditScore')).toEqual([COBALT, BETA, ACME, DELTA]);
      expect(await sorted('creditProfile.creditScore.gte=0&sort=-creditProfile.creditScore')).toEqual([DELTA, ACME, BETA, COBALT]);
      expect(await sorted('sort=-engagedParty.id')).toEqual([ECHO, DELTA, COBALT, BETA, ACME]);
      expect(await sorted('validFor.startDateTime.gte=2000-01-01T00:00:00Z&sort=validFor.startDateTime')).toEqual([COBALT, ACME, BETA, ECHO]);
    });

    it('pages of a sorted list are stable and together give the whole list once', async () => {
      const whole = (await listCustomers(t, 'sort=status').expect(200)).body.map((c: Doc) => c.id);
      expect(whole).toHaveLength(5);
      const paged: string[] = [];
      for (let offset = 0; offset < 5; offset += 2) {
        const page = (await listCustomers(t, `sort=status&offset=${offset}&limit=2`).expect(200)).body.map((c: Doc) => c.id);
        const again = (await listCustomers(t, `sort=status&offset=${offset}&limit=2`).expect(200)).body.map((c: Doc) => c.id);
        expect(again).toEqual(page);
        paged.push(...page);
      }
      expect(paged).toEqual(whole);
      expect(new Set(paged).size).toBe(5);
    });
  });

  describe('fields', () => {
    it('fields on a list keeps id, href, @type and the named attributes only', async () => {
      const res = await listCustomers(t, 'fields=name,status&sort=name').expect(200);
      expect(res.body).toEqual(
        ALL.map((name) => {
          const c = byName[name];
          return { id: c.id, href: c.href, '@type': 'Customer', name, ...(c.status ? { status: c.status } : {}) };
        }),
      );
      expect(res.body[3]).not.toHaveProperty('status');
    });

    it('nested fields on a list, combined with a filter', async () => {
      const res = await listCustomers(t, 'fields=engagedParty.id,relatedParty.role&relatedParty.id=emp-1&sort=name').expect(200);
      expect(res.body).toEqual([
        { id: byName[ACME].id, href: byName[ACME].href, '@type': 'Customer', engagedParty: { id: 'org-acme' }, relatedParty: [{ role: 'accountManager' }] },
        { id: byName[COBALT].id, href: byName[COBALT].href, '@type': 'Customer', engagedParty: { id: 'org-cobalt' }, relatedParty: [{ role: 'accountManager' }, { role: 'sponsor' }] },
      ]);
    });

    it('400 for an unknown attribute in fields', async () => {
      expectTmfError(await listCustomers(t, 'fields=name,shoeSize'), 400);
    });
  });
});
