// Learned segments on a real PostgreSQL: usage-mix snapshots of planted customer groups written straight into
// customer_feature for fake bill runs, then refitted. The first refit publishes one active learned segment per
// group; later refits keep their ids (bumping the version only of a segment whose centroid moved), retire the
// segment of a group that vanished and add one for a group that appeared.
import { randomUUID } from 'node:crypto';
import { Database } from '../../src/database/database.service';
import { mulberry32 } from '../../src/segmentation/learned/kmeans';
import { LearnedRefitSummary, LearnedSegmentService } from '../../src/segmentation/learned/learned-segment.service';
import { startTestApp, TestApp } from '../support/test-app';

type Mix = Record<string, number>;
const GROUPS: Record<string, Mix> = {
  mobileFleet: { mobile: 0.8, iot: 0.05, cloud: 0.1, voice: 0.05 },
  iotHeavy: { mobile: 0.1, iot: 0.8, cloud: 0.05, voice: 0.05 },
  cloudFirst: { mobile: 0.1, iot: 0.05, cloud: 0.75, voice: 0.1 },
  voiceFixed: { mobile: 0.1, iot: 0.0, cloud: 0.1, voice: 0.8 },
};
const PER_GROUP = 15;

let t: TestApp;
let service: LearnedSegmentService;
/** A stable customer id per group and index, so every run describes the same customers. */
const customerId = (group: string, i: number) => `${(Object.keys(GROUPS).indexOf(group) + 1).toString(16).padStart(8, '0')}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;

/** Writes the snapshot of a fake bill run: PER_GROUP customers per group, their mix jittered by ±0.05 (seeded). */
async function snapshot(groups: Record<string, Mix>, seed = 1, perGroup = PER_GROUP): Promise<string> {
  const runId = randomUUID();
  const random = mulberry32(seed);
  const ids: string[] = [];
  const shares: string[] = [];
  for (const [group, mix] of Object.entries(groups)) {
    for (let i = 0; i < perGroup; i++) {
      const noisy = Object.entries(mix).map(([f, s]) => [f, Math.max(0, s + (random() - 0.5) * 0.1)] as const);
      const total = noisy.reduce((a, [, s]) => a + s, 0);
      ids.push(customerId(group, i));
      shares.push(JSON.stringify(Object.fromEntries(noisy.filter(([, s]) => s > 0).map(([f, s]) => [f, Math.round((s / total) * 10000) / 10000]))));
    }
  }
  await t.sql.query(
    `INSERT INTO customer_feature (id, customer_id, bill_run_id, trigger, as_of, product_count, families, overdue_bills, usage_volume, usage_share)
     SELECT gen_random_uuid(), c, $1, 'billRun', now(), 1, '{}', 0, '{}', s::jsonb FROM unnest($2::uuid[], $3::text[]) AS x(c, s)`,
    [runId, ids, shares],
  );
  // a customer without usage in the run is not clustered
  await t.sql.query(
    `INSERT INTO customer_feature (id, customer_id, bill_run_id, trigger, as_of, product_count, families, overdue_bills, usage_volume, usage_share)
     VALUES (gen_random_uuid(), gen_random_uuid(), $1, 'billRun', now(), 0, '{}', 0, '{}', '{}')`,
    [runId],
  );
  return runId;
}

interface SegmentRow {
  id: string;
  name: string;
  kind: string;
  status: string;
  version: number;
  doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const learned = async (): Promise<SegmentRow[]> =>
  (await t.sql.query<SegmentRow>(`SELECT id, name, kind, status, version, doc FROM market_segment WHERE kind = 'learned' ORDER BY created_at, id`)).rows;

/** The active learned segment whose centroid is dominated by `family`. */
const segmentOf = (rows: SegmentRow[], family: string) =>
  rows.find((r) => r.status === 'active' && r.doc.learned.dominantFeatures[0].feature === `usageShare.${family}`);

const refit = (runId: string, at = new Date()) => service.refitNow(runId, at);

beforeAll(async () => {
  t = await startTestApp();
  // the module registers the service; until it does, build it on the app's Database
  try {
    service = t.app.get(LearnedSegmentService, { strict: false });
  } catch {
    service = new LearnedSegmentService(t.app.get(Database, { strict: false }));
  }
});

afterAll(async () => {
  await t?.close();
});

describe('learned segments', () => {
  let first: LearnedRefitSummary;
  let byFamily: Record<string, string>;

  it('does nothing with fewer than 20 customers with usage', async () => {
    const runId = await snapshot({ mobileFleet: GROUPS.mobileFleet, iotHeavy: GROUPS.iotHeavy }, 1, 9);
    expect(await refit(runId)).toBeNull();
    expect(await learned()).toEqual([]);
  });

  it('the first refit publishes one active learned segment per planted group', async () => {
    const runId = await snapshot(GROUPS);
    const at = new Date('2026-11-01T00:00:00.000Z');
    first = (await refit(runId, at))!;
    expect(first.k).toBe(4);
    expect(first.silhouette).toBeGreaterThan(0.7);
    expect(first.segments.map((s) => [s.size, s.version, s.created])).toEqual(Array(4).fill([PER_GROUP, 1, true]));
    expect(first.retired).toEqual([]);

    const rows = await learned();
    expect(rows).toHaveLength(4);
    byFamily = Object.fromEntries(['mobile', 'iot', 'cloud', 'voice'].map((f) => [f, segmentOf(rows, f)!.id]));
    expect(new Set(Object.values(byFamily)).size).toBe(4);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(first.segments.map((s) => s.id)));

    const mobile = rows.find((r) => r.id === byFamily.mobile)!;
    expect(mobile).toMatchObject({ name: 'Learned: mostly mobile usage', kind: 'learned', status: 'active', version: 1 });
    expect(mobile.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // uuid v7
    expect(mobile.doc).toEqual({
      '@type': 'MarketSegment',
      name: 'Learned: mostly mobile usage',
      description: expect.stringMatching(/^Customers whose usage is on average 8\d% mobile, against 2\d% mobile across all customers\.$/),
      kind: 'learned',
      status: 'active',
      version: 1,
      lastUpdate: '2026-11-01T00:00:00.000Z',
      learned: {
        centroid: { cloud: expect.any(Number), iot: expect.any(Number), mobile: expect.any(Number), voice: expect.any(Number) },
        dominantFeatures: [{ feature: 'usageShare.mobile', value: mobile.doc.learned.centroid.mobile, populationMean: expect.any(Number) }],
        fittedAt: '2026-11-01T00:00:00.000Z',
        billRun: { id: runId },
        k: 4,
        silhouette: expect.any(Number),
        size: PER_GROUP,
      },
    });
    expect(mobile.doc.learned.centroid.mobile).toBeCloseTo(0.8, 1);
    // the key columns mirror the document
    for (const r of rows) expect([r.name, r.kind, r.status, r.version]).toEqual([r.doc.name, r.doc.kind, r.doc.status, r.doc.version]);
  });

  it('the same snapshot again changes no centroid and no version', async () => {
    const before = await learned();
    const summary = (await refit(await snapshot(GROUPS)))!;
    const after = await learned();
    expect(after.map((r) => [r.id, r.version, r.doc.learned.centroid])).toEqual(before.map((r) => [r.id, r.version, r.doc.learned.centroid]));
    expect(summary.segments.every((s) => !s.created && s.version === 1)).toBe(true);
  });

  it('a refit on perturbed data keeps the ids; only the segment whose centroid moved gets a new version', async () => {
    const shifted = { ...GROUPS, mobileFleet: { mobile: 0.65, iot: 0.1, cloud: 0.2, voice: 0.05 } };
    const summary = (await refit(await snapshot(shifted)))!;
    expect(summary.k).toBe(4);
    expect(new Set(summary.segments.map((s) => s.id))).toEqual(new Set(Object.values(byFamily)));
    const rows = await learned();
    expect(rows.map((r) => [r.id, r.status])).toEqual(rows.map((r) => [r.id, 'active']));
    const versions = Object.fromEntries(Object.entries(byFamily).map(([f, id]) => [f, rows.find((r) => r.id === id)!]));
    expect(Object.fromEntries(Object.entries(versions).map(([f, r]) => [f, [r.version, r.doc.version]]))).toEqual({
      mobile: [2, 2],
      iot: [1, 1],
      cloud: [1, 1],
      voice: [1, 1],
    });
    expect(versions.mobile.doc.learned.centroid.mobile).toBeCloseTo(0.65, 1);
  });

  it('a vanished group retires its segment; the others keep their ids', async () => {
    const { iotHeavy: _gone, ...three } = GROUPS;
    const at = new Date('2026-12-01T00:00:00.000Z');
    const summary = (await refit(await snapshot(three, 2), at))!;
    expect(summary.k).toBe(3);
    expect(summary.retired).toEqual([byFamily.iot]);
    expect(new Set(summary.segments.map((s) => s.id))).toEqual(new Set([byFamily.mobile, byFamily.cloud, byFamily.voice]));
    const rows = await learned();
    const iot = rows.find((r) => r.id === byFamily.iot)!;
    expect([iot.status, iot.doc.status, iot.doc.lastUpdate, iot.version]).toEqual(['retired', 'retired', '2026-12-01T00:00:00.000Z', 1]);
    expect(rows.filter((r) => r.status === 'active').map((r) => r.id).sort()).toEqual([byFamily.mobile, byFamily.cloud, byFamily.voice].sort());
  });

  it('a new group gets a new segment, and a vanished one does not come back under its old id', async () => {
    const groups = { ...GROUPS, securityFirst: { mobile: 0.05, iot: 0.05, cloud: 0.1, voice: 0.0, security: 0.8 } };
    const summary = (await refit(await snapshot(groups, 3)))!;
    expect(summary.k).toBe(5);
    const rows = await learned();
    const active = rows.filter((r) => r.status === 'active');
    expect(active).toHaveLength(5);
    const created = summary.segments.filter((s) => s.created).map((s) => s.id);
    expect(created).toHaveLength(2); // the returning iot group and the security group
    expect(created).not.toContain(byFamily.iot);
    expect(segmentOf(rows, 'security')!.name).toBe('Learned: mostly security usage');
    expect(rows.find((r) => r.id === byFamily.iot)!.status).toBe('retired');
  });
});
