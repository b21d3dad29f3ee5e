// Bad input to the TMF648 quote API is never a 5xx: wrong types, unknown attributes, bodies that are not objects,
// bad ids, JSON Patch on what the server owns, invalid filters — each a 4xx TMF Error that changes nothing.
import { BadRequest, expectAllClientErrors } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { addOf, createQuote, Doc, JSON_PATCH, launchedOffering, MERGE_PATCH, partyOf, QUOTE_PATH, quoteFor, quoteIn, snapshot, UNKNOWN_ID, customerWithAccounts } from './quote-helpers';

describe('TMF648 quote: bad input', () => {
  let t: TestApp;
  let valid: Doc;
  let open: Doc;
  let approved: Doc;
  let offeringId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const customer = await customerWithAccounts(t);
    offeringId = (await launchedOffering(t)).id;
    valid = quoteFor(customer.id, [offeringId]);
    open = await createQuote(t, valid);
    approved = await quoteIn(t, 'approved', valid);
  });
  afterAll(() => t.close());

  /** Fires the requests and checks each is a 4xx TMF Error (or the status given), and that nothing changed. */
  async function expectRefusedWithoutChange(requests: BadRequest[]) {
    const before = await snapshot(t);
    await expectAllClientErrors(t, requests);
    expect(await snapshot(t)).toEqual(before);
  }

  const withItem = (item: unknown) => ({ ...valid, quoteItem: [item] });

  it('refuses create bodies that are not quotes, or not JSON objects', async () => {
    const post = (name: string, body: unknown, extra: Partial<BadRequest> = {}): BadRequest => ({ name, method: 'POST', path: QUOTE_PATH, body, expect: 400, ...extra });
    await expectRefusedWithoutChange([
      post('an array', []),
      post('an array holding a quote', [valid]),
      post('a JSON string', '"quote"'),
      post('a number', '42'),
      post('null', 'null'),
      post('true', 'true'),
      post('malformed JSON', '{"quoteItem": ['),
      post('an empty body', ''),
      post('text/plain', 'quoteItem', { contentType: 'text/plain', expect: 415 }),
      post('an unknown attribute', { ...valid, colour: 'red' }),
      post('an unknown attribute in an item', withItem(addOf(offeringId, { colour: 'red' }))),
      post('an unknown attribute in an item offering', withItem({ action: 'add', productOffering: { id: offeringId, colour: 'red' } })),
      post('__proto__', `{"__proto__": {"x": 1}, "quoteItem": [{"action": "add", "productOffering": {"id": "${offeringId}"}}], "relatedParty": ${JSON.stringify(valid.relatedParty)}}`),
      post('constructor', { ...valid, constructor: { prototype: { x: 1 } } }),
      post('quoteItem a string', { ...valid, quoteItem: 'item' }),
      post('quoteItem an object', { ...valid, quoteItem: addOf(offeringId) }),
      post('an item that is a number', withItem(1)),
      post('an item that is null', withItem(null)),
      post('an item that is an array', withItem([addOf(offeringId)])),
      post('action a number', withItem({ action: 5, productOffering: { id: offeringId } })),
      post('item id a number', withItem(addOf(offeringId, { id: 1 }))),
      post('quantity a string', withItem(addOf(offeringId, { quantity: '3' }))),
      post('quantity 0', withItem(addOf(offeringId, { quantity: 0 }))),
      post('quantity negative', withItem(addOf(offeringId, { quantity: -2 }))),
      post('quantity a fraction', withItem(addOf(offeringId, { quantity: 1.5 }))),
      post('quantity beyond JSON numbers', `{"quoteItem": [{"action": "add", "quantity": 1e400, "productOffering": {"id": "${offeringId}"}}], "relatedParty": ${JSON.stringify(valid.relatedParty)}}`),
      post('productOffering a string', withItem({ action: 'add', productOffering: offeringId })),
      post('productOffering.id a number', withItem({ action: 'add', productOffering: { id: 7 } })),
      post('product a string', withItem({ action: 'modify', product: 'p-1' })),
      post('product.id a number', withItem({ action: 'delete', product: { id: 7 } })),
      post('quoteItemPrice a string', withItem(addOf(offeringId, { quoteItemPrice: 'free' }))),
      post('nested quoteItem an object', withItem(addOf(offeringId, { quoteItem: addOf(offeringId) }))),
      post('relatedParty a string', { ...valid, relatedParty: 'me' }),
      post('relatedParty an object', { ...valid, relatedParty: partyOf(UNKNOWN_ID) }),
      post('relatedParty holding a number', { ...valid, relatedParty: [1] }),
      post('a customer party without id', { ...valid, relatedParty: [{ role: 'customer' }] }),
      post('a customer party with an empty id', { ...valid, relatedParty: [{ id: '', role: 'customer' }] }),
      post('a customer id that is a number', { ...valid, relatedParty: [{ id: 42, role: 'customer' }] }),
      post('a role that is a number', { ...valid, relatedParty: [{ id: UNKNOWN_ID, role: 1 }] }),
      post('billingAccount a string', { ...valid, billingAccount: 'acct' }),
      post('billingAccount without id', { ...valid, billingAccount: [{ name: 'main' }] }),
      post('billingAccount id a number', { ...valid, billingAccount: [{ id: 5 }] }),
      post('an item billing account that is an array', withItem(addOf(offeringId, { product: { billingAccount: [{ id: UNKNOWN_ID }] } }))),
      post('validFor a string', { ...valid, validFor: 'next month' }),
      post('validFor.endDateTime not a date-time', { ...valid, validFor: { endDateTime: 'tomorrow' } }),
      post('validFor.endDateTime a number', { ...valid, validFor: { endDateTime: 1893456000000 } }),
      post('expectedFulfillmentStartDate not a date-time', { ...valid, expectedFulfillmentStartDate: '2030-13-45' }),
      post('state an unknown value', { ...valid, state: 'done' }),
      post('state a number', { ...valid, state: 3 }),
      post('instantSyncQuote a string', { ...valid, instantSyncQuote: 'yes' }),
      post('version a number', { ...valid, version: 2 }),
      post('note without id and text', { ...valid, note: [{ author: 'me' }] }),
      post('note a string', { ...valid, note: 'call me' }),
      post('@type a sub-class without @baseType', { ...valid, '@type': 'SpecialQuote' }),
    ]);
  });

  it('refuses patches that are not patches, or that break the quote', async () => {
    const patch = (name: string, body: unknown, contentType = MERGE_PATCH, expect = 400, id = open.id as string): BadRequest => ({ name, method: 'PATCH', path: `${QUOTE_PATH}/${id}`, body, contentType, expect });
    await expectRefusedWithoutChange([
      patch('a merge patch that is an array', [{ state: 'pending' }]),
      patch('a merge patch that is a string', '"pending"'),
      patch('a merge patch that is a number', '7'),
      patch('a merge patch that is null', 'null'),
      patch('malformed JSON', '{"state": '),
      patch('text/plain', 'state=pending', 'text/plain', 415),
      patch('a JSON Patch that is an object', { op: 'replace', path: '/state', value: 'pending' }, JSON_PATCH),
      patch('a JSON Patch with an unknown op', [{ op: 'frobnicate', path: '/state', value: 'pending' }], JSON_PATCH),
      patch('a JSON Patch without path', [{ op: 'replace', value: 'pending' }], JSON_PATCH),
      patch('a JSON Patch on a missing parent', [{ op: 'replace', path: '/nope/deep', value: 1 }], JSON_PATCH),
      patch('a JSON Patch replacing the whole document by an array', [{ op: 'replace', path: '', value: [] }], JSON_PATCH),
      patch('a JSON Patch on __proto__', [{ op: 'add', path: '/__proto__/polluted', value: 1 }], JSON_PATCH),
      patch('a JSON Patch on constructor', [{ op: 'add', path: '/constructor/prototype/polluted', value: 1 }], JSON_PATCH),
      patch('a JSON Patch removing id', [{ op: 'remove', path: '/id' }], JSON_PATCH),
      patch('a JSON Patch replacing href', [{ op: 'replace', path: '/href', value: 'http://elsewhere/quote/1' }], JSON_PATCH),
      patch('a JSON Patch replacing quoteTotalPrice', [{ op: 'replace', path: '/quoteTotalPrice', value: [] }], JSON_PATCH),
      patch('a JSON Patch copying state over version', [{ op: 'copy', from: '/state', path: '/version' }], JSON_PATCH),
      patch('a JSON Patch moving quoteDate away', [{ op: 'move', from: '/quoteDate', path: '/description' }], JSON_PATCH),
      patch('a failing JSON Patch test', [{ op: 'test', path: '/state', value: 'approved' }, { op: 'replace', path: '/state', value: 'pending' }], JSON_PATCH, 409),
      patch('a JSON Patch removing quoteItem', [{ op: 'remove', path: '/quoteItem' }], JSON_PATCH),
      patch('a JSON Patch emptying quoteItem', [{ op: 'replace', path: '/quoteItem', value: [] }], JSON_PATCH),
      patch('a JSON Patch adding an item that is a string', [{ op: 'add', path: '/quoteItem/-', value: 'item' }], JSON_PATCH),
      patch('a merge patch removing quoteItem', { quoteItem: null }),
      patch('a merge patch emptying quoteItem', { quoteItem: [] }),
      patch('a merge patch with an item without action', { quoteItem: [{ id: '1', productOffering: { id: offeringId } }] }),
      patch('a merge patch removing relatedParty', { relatedParty: null }),
      patch('a merge patch with an unknown attribute', { colour: 'red' }),
      patch('a merge patch of id', { id: UNKNOWN_ID }),
      patch('a merge patch of href', { href: 'http://elsewhere/quote/1' }),
      patch('a merge patch with state a number', { state: 2 }),
      patch('a merge patch with validFor a string', { validFor: 'soon' }),
      patch('a merge patch with quantity a string', { quoteItem: [addOf(offeringId, { id: '1', quantity: 'two' })] }),
      patch('a merge patch of a quote in approved changing its items', { quoteItem: [addOf(offeringId, { quantity: 2 })] }, MERGE_PATCH, 400, approved.id),
      patch('an unknown quote', { description: 'x' }, MERGE_PATCH, 404, UNKNOWN_ID),
      patch('an id that is not a UUID', { description: 'x' }, MERGE_PATCH, 404, 'not-a-uuid'),
      patch('an id with a path in it', { description: 'x' }, MERGE_PATCH, 404, '..%2F..%2Fhub'),
    ]);
  });

  it('refuses bad ids, fields and filters on GET and DELETE', async () => {
    const get = (name: string, path: string, expect = 400): BadRequest => ({ name, method: 'GET', path, expect });
    await expectRefusedWithoutChange([
      get('an unknown quote', `${QUOTE_PATH}/${UNKNOWN_ID}`, 404),
      get('an id that is not a UUID', `${QUOTE_PATH}/not-a-uuid`, 404),
      get('a UUID too long', `${QUOTE_PATH}/${UNKNOWN_ID}0`, 404),
      get('fields naming no attribute', `${QUOTE_PATH}/${open.id}?fields=shoeSize`),
      get('a filter on no attribute', `${QUOTE_PATH}?shoeSize=42`),
      get('a filter below a string attribute', `${QUOTE_PATH}?state.name=x`),
      get('a filter with an unknown operator', `${QUOTE_PATH}?state.like=app`),
      get('a date filter that is no date', `${QUOTE_PATH}?quoteDate.gt=yesterday`),
      get('a number filter that is no number', `${QUOTE_PATH}?quoteItem.quantity=two`),
      get('a boolean filter that is no boolean', `${QUOTE_PATH}?instantSyncQuote=maybe`),
      get('a regular expression that does not compile', `${QUOTE_PATH}?description.regex=(`),
      get('a sort on no attribute', `${QUOTE_PATH}?sort=shoeSize`),
      get('a negative limit', `${QUOTE_PATH}?limit=-1`),
      get('a limit that is no number', `${QUOTE_PATH}?limit=ten`),
      get('a limit over the maximum', `${QUOTE_PATH}?limit=100000`),
      get('a negative offset', `${QUOTE_PATH}?offset=-3`),
      get('list fields naming no attribute', `${QUOTE_PATH}?fields=state,shoeSize`),
      { name: 'DELETE an unknown quote', method: 'DELETE', path: `${QUOTE_PATH}/${UNKNOWN_ID}`, expect: 404 },
      { name: 'DELETE an id that is not a UUID', method: 'DELETE', path: `${QUOTE_PATH}/not-a-uuid`, expect: 404 },
    ]);
  });
});
