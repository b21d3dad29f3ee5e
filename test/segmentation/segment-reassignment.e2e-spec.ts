// Reassignment on quote acceptance, end to end with a worker: accepting a quote for a "Cloud" offering gives a
// customer without products the `cloud` product family, and a BullMQ job puts it in the segment of cloud owners
// within seconds — the ledger entry says the trigger was the quote acceptance and why; the customer's
// `marketSegment` follows. Quotes that are not accepted, or accepted again, change nothing.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QUEUES, segmentCustomerJobId } from '../../src/jobs/queues';
import { createResource, minimalBody } from '../support/catalog-factories';
import { Doc, getCustomer } from '../support/customer-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { addOf, createQuote, Customer, customerWithAccounts, launchedOffering, moveQuote, partyOf, patchQuote, productsOf, quoteIn } from '../quote/quote-helpers';
import { eventually, insertSegment, ledgerOf, retireAllSegments, SCHEMA_LOCATION, segmentRef } from './customer-segment-factories';

const CLOUD_RULE = { feature: 'productFamilies', op: 'eq', value: 'cloud' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('segment reassignment on quote acceptance', () => {
  let t: TestApp;
  let cloudOwners: string;
  let cloudOffering: Doc;
  let otherOffering: Doc;

  beforeAll(async () => {
    t = await startTestApp();
    await t.startWorker();
    await retireAllSegments(t);
    // the family `cloud` is the key of a TMF620 category named "Cloud" that the offering is in
    const cloud = await createResource(t, 'category', minimalBody('category', { name: 'Cloud', lifecycleStatus: 'Launched' }));
    cloudOffering = await launchedOffering(t, 30, { category: [{ id: cloud.id, name: 'Cloud' }] });
    otherOffering = await launchedOffering(t, 10);
    cloudOwners = await insertSegment(t, 'Cloud owners (test)', CLOUD_RULE, 'needsBased');
  });
  afterAll(() => t.close());

  const fetchCustomer = async (id: string) => (await getCustomer(t, id).expect(200)).body as Doc;
  /** Waits until every segment job of the queue has ended (none waiting, delayed or active). */
  const jobsSettled = async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.segmentCustomer));
    await eventually(() => queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized'), (c) => Object.values(c).every((n) => n === 0), 'segment jobs settle');
    return queue;
  };

  it('accepting a quote for a cloud offering puts a customer without products in the segment within seconds', async () => {
    const customer: Customer = await customerWithAccounts(t);
    await jobsSettled(); // the create's own job: no products, no segment
    expect(await productsOf(t, customer.id)).toEqual([]);
    expect((await fetchCustomer(customer.id)).marketSegment).toBeUndefined();

    const started = Date.now();
    const accepted = await quoteIn(t, 'accepted', { relatedParty: [partyOf(customer.id)], quoteItem: [addOf(cloudOffering.id)] });
    const after = await eventually(() => fetchCustomer(customer.id), (c) => c.marketSegment !== undefined, 'the customer enters Cloud owners');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(after.marketSegment).toEqual([segmentRef(cloudOwners, 'Cloud owners (test)')]);
    expect(after['@schemaLocation']).toBe(SCHEMA_LOCATION);

    const [product] = await productsOf(t, customer.id);
    expect(product).toMatchObject({ status: 'active', product_offering_id: cloudOffering.id, quote_id: accepted.id });
    expect((await t.sql.query(`SELECT family FROM customer_product WHERE id = $1`, [product.id])).rows).toEqual([{ family: 'cloud' }]);

    const stays = await ledgerOf(t, customer.id, cloudOwners);
    expect(stays).toHaveLength(1);
    expect(stays[0]).toMatchObject({ valid_to: null, segment_version: 1 });
    expect(stays[0].doc).toMatchObject({
      '@type': 'SegmentMembership',
      customer: { id: customer.id, name: customer.body.name },
      marketSegment: { id: cloudOwners, name: 'Cloud owners (test)', version: 1 },
      entry: {
        trigger: 'quoteAccepted',
        segmentVersion: 1,
        reason: { conditions: [{ held: true, value: ['cloud'] }], features: { productFamilies: ['cloud'] } },
      },
    });
    expect(stays[0].doc.entry.billRun).toBeUndefined();
    const features = await t.sql.query(`SELECT trigger, families, product_count FROM customer_feature_current WHERE customer_id = $1`, [customer.id]);
    expect(features.rows).toEqual([{ trigger: 'quoteAccepted', families: ['cloud'], product_count: 1 }]);
  });

  it('one job per accepted quote: accepting it again is a no-op; the ledger keeps one entry', async () => {
    const customer = await customerWithAccounts(t);
    await jobsSettled();
    const accepted = await quoteIn(t, 'accepted', { relatedParty: [partyOf(customer.id)], quoteItem: [addOf(cloudOffering.id)] });
    await eventually(() => fetchCustomer(customer.id), (c) => c.marketSegment !== undefined, 'the customer enters Cloud owners');
    const queue = await jobsSettled();
    const job = await queue.getJob(segmentCustomerJobId(customer.id.toLowerCase(), `quote-${accepted.id}`));
    expect(job?.data).toEqual({ customerId: customer.id.toLowerCase(), trigger: 'quoteAccepted' });
    const before = await fetchCustomer(customer.id);
    await patchQuote(t, accepted.id, { state: 'accepted' }).expect(200);
    await sleep(500);
    await jobsSettled();
    expect(await ledgerOf(t, customer.id, cloudOwners)).toHaveLength(1);
    expect(await fetchCustomer(customer.id)).toEqual(before);
  });

  it('quotes that are not accepted, or for other families, put nobody in the segment', async () => {
    const approvedOnly = await customerWithAccounts(t);
    const otherFamily = await customerWithAccounts(t);
    await jobsSettled(); // the creates' own jobs first, so the last snapshot is the acceptance's
    await quoteIn(t, 'approved', { relatedParty: [partyOf(approvedOnly.id)], quoteItem: [addOf(cloudOffering.id)] });
    const rejected = await createQuote(t, { relatedParty: [partyOf(approvedOnly.id)], quoteItem: [addOf(cloudOffering.id)] });
    await moveQuote(t, rejected.id, 'rejected');
    await quoteIn(t, 'accepted', { relatedParty: [partyOf(otherFamily.id)], quoteItem: [addOf(otherOffering.id)] });
    await sleep(500);
    await jobsSettled();
    // the acceptance was evaluated (a feature snapshot of it), and matched nothing
    const features = await t.sql.query(`SELECT trigger, families, product_count FROM customer_feature_current WHERE customer_id = $1`, [otherFamily.id]);
    expect(features.rows).toEqual([{ trigger: 'quoteAccepted', families: [], product_count: 1 }]);
    for (const c of [approvedOnly, otherFamily]) {
      expect((await fetchCustomer(c.id)).marketSegment).toBeUndefined();
      expect(await ledgerOf(t, c.id, cloudOwners)).toEqual([]);
    }
  });
});
