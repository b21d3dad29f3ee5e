// Prices are the server's: a quoteItemPrice sent by the client is replaced by the price computed from the catalog,
// and a note (id pricing-<itemId>, author pricing) says so; a client-sent quoteTotalPrice is recomputed as well.
import { Doc } from '../support/customer-helpers';
import { addItem, createPricedOffering, createQuoteCustomer, getQuote, oneTimePriceBody, postQuote, quoteBody, recurringPriceBody } from '../support/quote-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { expectedPrice, expectQuoteSchema, pricesOf, pricingNotes } from './pricing-helpers';

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** What a client might send as the price of an item: 1 EUR a month, tax-free. */
const clientPrice = () => [
  {
    name: 'Our own price',
    priceType: 'recurring',
    recurringChargePeriod: 'month',
    price: { taxRate: 0, dutyFreeAmount: { unit: 'EUR', value: 1 }, taxIncludedAmount: { unit: 'EUR', value: 1 } },
  },
];

describe('TMF648 quote pricing: client-sent prices are recomputed', () => {
  let t: TestApp;
  let customer: Doc;
  let offering: Doc;
  beforeAll(async () => {
    t = await startTestApp();
    customer = await createQuoteCustomer(t);
    ({ offering } = await createPricedOffering(t, [recurringPriceBody(24.99), oneTimePriceBody(99)]));
  });
  afterAll(() => t.close());

  async function created(body: Doc): Promise<Doc> {
    const res = await postQuote(t, body);
    expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
    expectQuoteSchema(res.body, 'POST answer');
    const got = await getQuote(t, res.body.id).expect(200);
    expectQuoteSchema(got.body, 'GET answer');
    expect(got.body).toEqual(res.body);
    return got.body as Doc;
  }

  it('a client price is replaced by the catalog price, with a pricing note', async () => {
    const quote = await created(quoteBody(customer, [addItem(offering.id, { id: '1', quantity: 2, quoteItemPrice: clientPrice() })]));
    expect(pricesOf(quote).map((p) => p.price)).toEqual([expectedPrice(49.98), expectedPrice(198)]);
    expect(pricesOf(quote).some((p) => p.name === 'Our own price')).toBe(false);
    const notes = pricingNotes(quote);
    expect(notes).toEqual([{ id: 'pricing-1', author: 'pricing', date: expect.stringMatching(ISO_UTC_MS), text: expect.stringContaining('1'), '@type': 'Note' }]);
    expect(notes[0].date).toBe(quote.quoteDate);
  });

  it('only the items whose sent price differs get a note, nested items included', async () => {
    const quote = await created(
      quoteBody(customer, [
        addItem(offering.id, { id: '1' }),
        addItem(offering.id, { id: '2', quoteItemPrice: clientPrice(), quoteItem: [addItem(offering.id, { id: '2.1', quoteItemPrice: [] })] }),
      ]),
    );
    expect(pricingNotes(quote).map((n) => n.id)).toEqual(['pricing-2', 'pricing-2.1']);
    for (const id of ['1', '2', '2.1']) expect(pricesOf(quote, id).map((p) => p.price.dutyFreeAmount.value)).toEqual([24.99, 99]);
  });

  it('a client that sends exactly the computed prices gets no note', async () => {
    const first = await created(quoteBody(customer, [addItem(offering.id, { id: '1', quantity: 3 })]));
    expect(first).not.toHaveProperty('note');
    const again = await created(quoteBody(customer, [addItem(offering.id, { id: '1', quantity: 3, quoteItemPrice: pricesOf(first) })]));
    expect(pricesOf(again)).toEqual(pricesOf(first));
    expect(again).not.toHaveProperty('note');
  });

  it("the client's own notes are kept next to the pricing note", async () => {
    const own = { id: 'n1', author: 'Jane', text: 'Customer asked for a discount', '@type': 'Note' };
    const quote = await created(quoteBody(customer, [addItem(offering.id, { id: '1', quoteItemPrice: clientPrice() })], { note: [own] }));
    expect(quote.note).toEqual([own, expect.objectContaining({ id: 'pricing-1', author: 'pricing' })]);
  });

  it('a client-sent quoteTotalPrice is replaced by the computed totals', async () => {
    const total = [{ name: 'Total', priceType: 'recurring', recurringChargePeriod: 'month', price: { dutyFreeAmount: { unit: 'EUR', value: 0.01 } } }];
    const quote = await created(quoteBody(customer, [addItem(offering.id)], { quoteTotalPrice: total }));
    expect(quote.quoteTotalPrice.map((p: Doc) => [p.name, p.price.dutyFreeAmount.value])).toEqual([
      ['Total recurring per month', 24.99],
      ['Total oneTime', 99],
    ]);
  });

  it('an instantSyncQuote with client prices is approved with the catalog prices', async () => {
    const quote = await created(quoteBody(customer, [addItem(offering.id, { id: '1', quoteItemPrice: clientPrice() })], { instantSyncQuote: true }));
    expect(quote.state).toBe('approved');
    expect(pricesOf(quote).map((p) => p.price.dutyFreeAmount.value)).toEqual([24.99, 99]);
    expect(pricingNotes(quote).map((n) => n.id)).toEqual(['pricing-1']);
  });
});
