// TMF630 list and retrieve on TMF648 quotes: filters on state, the customer and the quoted offerings, attribute
// selection, paging headers.
import { parseLink } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { Customer, customerWithAccounts, Doc, getQuote, launchedOffering, listQuotes, quoteFor, quoteIn, QUOTE_URL } from './quote-helpers';

describe('TMF648 quote: list and retrieve', () => {
  let t: TestApp;
  let a: Customer;
  let b: Customer;
  let x: Doc;
  let y: Doc;
  const q: Record<string, Doc> = {};
  const ids = (res: { body: unknown }) => (res.body as Doc[]).map((r) => r.id as string).sort();
  const idsOf = (...names: string[]) => names.map((n) => q[n].id as string).sort();

  beforeAll(async () => {
    t = await startTestApp();
    a = await customerWithAccounts(t);
    b = await customerWithAccounts(t);
    x = await launchedOffering(t, 10);
    y = await launchedOffering(t, 20);
    q.aX = await quoteIn(t, 'inProgress', quoteFor(a.id, [x.id]));
    q.aY = await quoteIn(t, 'approved', quoteFor(a.id, [y.id]));
    q.bX = await quoteIn(t, 'pending', quoteFor(b.id, [x.id]));
    q.bXY = await quoteIn(t, 'approved', quoteFor(b.id, [x.id, y.id]));
    q.aXcancelled = await quoteIn(t, 'cancelled', quoteFor(a.id, [x.id]));
  });
  afterAll(() => t.close());

  it('lists every quote as GET returns it, with X-Total-Count and X-Result-Count', async () => {
    const res = await listQuotes(t).expect(200);
    expect(ids(res)).toEqual(idsOf('aX', 'aY', 'bX', 'bXY', 'aXcancelled'));
    expect(res.headers['x-total-count']).toBe('5');
    expect(res.headers['x-result-count']).toBe('5');
    const listed = (res.body as Doc[]).find((r) => r.id === q.bXY.id);
    expect(listed).toEqual((await getQuote(t, q.bXY.id).expect(200)).body);
  });

  it.each([
    ['state=approved', ['aY', 'bXY']],
    ['state=approved,pending', ['aY', 'bX', 'bXY']],
    ['state.ne=cancelled', ['aX', 'aY', 'bX', 'bXY']],
    ['state=accepted', []],
    ['relatedParty.id=A', ['aX', 'aY', 'aXcancelled']],
    ['quoteItem.productOffering.id=Y', ['aY', 'bXY']],
    ['quoteItem.productOffering.id=X&relatedParty.id=B', ['bX', 'bXY']],
    ['quoteItem.productOffering.id=Y&state=approved&relatedParty.id=B', ['bXY']],
  ])('filters %s', async (query, expected) => {
    const real = query.replace('=A', `=${a.id}`).replace('=B', `=${b.id}`).replace('=X', `=${x.id}`).replace('=Y', `=${y.id}`);
    const res = await listQuotes(t, real).expect(200);
    expect(ids(res)).toEqual(idsOf(...expected));
    expect(res.headers['x-total-count']).toBe(String(expected.length));
  });

  it('returns only the selected attributes (and id, href, @type) with fields, in lists and on retrieve', async () => {
    const res = await listQuotes(t, 'fields=state,version&state=pending').expect(200);
    expect(res.body).toEqual([{ id: q.bX.id, href: `${QUOTE_URL}/${q.bX.id}`, '@type': 'Quote', state: 'pending', version: '2' }]);
    const one = await getQuote(t, q.aY.id, 'fields=quoteTotalPrice').expect(200);
    expect(one.body).toEqual({ id: q.aY.id, href: q.aY.href, '@type': 'Quote', quoteTotalPrice: q.aY.quoteTotalPrice });
  });

  it('pages with offset and limit: headers and Link', async () => {
    const first = await listQuotes(t, 'sort=quoteDate&limit=2').expect(200);
    expect(first.body).toHaveLength(2);
    expect([first.headers['x-total-count'], first.headers['x-result-count']]).toEqual(['5', '2']);
    const links = parseLink(first.headers.link);
    expect([links.next.offset, links.next.limit]).toEqual([2, 2]);
    expect([links.last.offset, links.last.limit]).toEqual([4, 2]);
    const last = await listQuotes(t, 'sort=quoteDate&limit=2&offset=4').expect(200);
    expect([last.headers['x-total-count'], last.headers['x-result-count']]).toEqual(['5', '1']);
    expect(parseLink(last.headers.link).next).toBeUndefined();
    const all = [...(first.body as Doc[]), ...((await listQuotes(t, 'sort=quoteDate&limit=2&offset=2').expect(200)).body as Doc[]), ...(last.body as Doc[])];
    expect(all.map((r) => r.id)).toEqual(['aX', 'aY', 'bX', 'bXY', 'aXcancelled'].map((n) => q[n].id));
  });
});
