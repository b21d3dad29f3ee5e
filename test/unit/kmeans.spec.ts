// K-means for the learned segments: planted Gaussian blobs are recovered, the silhouette picks the planted k, the
// same input gives the same output, and re-fitted clusters keep their identities through matchClusters.
import { describeCluster } from '../../src/segmentation/learned/cluster-description';
import { fitUsageClusters, kmeans, matchClusters, mulberry32, silhouette } from '../../src/segmentation/learned/kmeans';

/** `perBlob` points around each centre, normally distributed with standard deviation `spread` (Box–Muller). */
function blobs(centres: number[][], perBlob: number, spread: number, seed: number): { vectors: number[][]; planted: number[] } {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const vectors: number[][] = [];
  const planted: number[] = [];
  // interleaved, so that no cluster is a contiguous run of the input
  for (let i = 0; i < perBlob; i++) {
    centres.forEach((centre, b) => {
      vectors.push(centre.map((x) => x + spread * normal()));
      planted.push(b);
    });
  }
  return { vectors, planted };
}

/** Each planted group lies entirely in one cluster, and no two groups share one: the partitions are equal. */
function samePartition(labels: number[], planted: number[]): boolean {
  const toCluster = new Map<number, number>();
  const toGroup = new Map<number, number>();
  return planted.every((g, i) => {
    const c = labels[i];
    if ((toCluster.get(g) ?? c) !== c || (toGroup.get(c) ?? g) !== g) return false;
    toCluster.set(g, c);
    toGroup.set(c, g);
    return true;
  });
}

const FOUR = [
  [0.8, 0.1, 0.05, 0.05],
  [0.1, 0.8, 0.05, 0.05],
  [0.1, 0.1, 0.7, 0.1],
  [0.05, 0.05, 0.3, 0.6],
];

describe('kmeans', () => {
  it('recovers four planted blobs exactly', () => {
    const { vectors, planted } = blobs(FOUR, 100, 0.05, 1);
    const fit = kmeans(vectors, 4, { seed: 42 });
    expect(samePartition(fit.labels, planted)).toBe(true);
    expect([...fit.sizes].sort()).toEqual([100, 100, 100, 100]);
    // every centroid is near one planted centre
    for (const centroid of fit.centroids) {
      const nearest = Math.min(...FOUR.map((c) => Math.hypot(...c.map((x, j) => x - centroid[j]))));
      expect(nearest).toBeLessThan(0.02);
    }
  });

  it('keeps k clusters even when the data has fewer natural groups (no empty cluster)', () => {
    const { vectors } = blobs([[0, 0], [5, 5]], 20, 0.01, 2);
    const fit = kmeans(vectors, 5, { seed: 7 });
    expect(fit.sizes.every((s) => s > 0)).toBe(true);
    expect(fit.sizes.reduce((a, b) => a + b)).toBe(40);
  });

  it('rejects a k larger than the number of vectors', () => {
    expect(() => kmeans([[1], [2]], 3, { seed: 1 })).toThrow(/k must be between 1 and/);
  });
});

describe('silhouette', () => {
  it('is the textbook value on a small example', () => {
    // points 0, 1 | 10, 11: s(0) = (10.5 − 1) / 10.5, s(1) = (9.5 − 1) / 9.5, the other two mirror them
    const expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
    expect(silhouette([[0], [1], [10], [11]], [0, 0, 1, 1], 2)).toBeCloseTo(expected, 12);
  });

  it('is low for a split of one blob and high for well separated blobs', () => {
    const { vectors } = blobs([[0, 0]], 200, 1, 3);
    const split = kmeans(vectors, 2, { seed: 1 });
    expect(silhouette(vectors, split.labels, 2)).toBeLessThan(0.5);
    const separated = blobs(FOUR, 50, 0.03, 4);
    expect(silhouette(separated.vectors, separated.planted, 4)).toBeGreaterThan(0.8);
  });

  it('above 2000 vectors uses a deterministic sample', () => {
    const { vectors, planted } = blobs(FOUR, 700, 0.05, 5);
    const a = silhouette(vectors, planted, 4, 9);
    expect(silhouette(vectors, planted, 4, 9)).toBe(a);
    // the sample estimates the exact value of these well mixed blobs closely
    const exactOnHalf = silhouette(vectors.slice(0, 2000), planted.slice(0, 2000), 4);
    expect(Math.abs(a - exactOnHalf)).toBeLessThan(0.02);
  });
});

describe('fitUsageClusters', () => {
  it.each([2, 3, 4, 5])('chooses the planted k = %i by silhouette', (k) => {
    const { vectors, planted } = blobs(FOUR.concat([[0.25, 0.25, 0.25, 0.25]]).slice(0, k), 60, 0.04, 10 + k);
    const fit = fitUsageClusters(vectors, { seed: 42 });
    expect(fit.k).toBe(k);
    expect(samePartition(fit.labels, planted)).toBe(true);
    expect(fit.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(fit.silhouette).toBe(Math.max(...fit.candidates.map((c) => c.silhouette)));
  });

  it('is reproducible: the same input and seed give the same clusters', () => {
    const { vectors } = blobs(FOUR, 80, 0.12, 20); // overlapping blobs: the starts matter
    const a = fitUsageClusters(vectors, { seed: 42 });
    const b = fitUsageClusters(vectors.map((v) => [...v]), { seed: 42 });
    expect(b).toEqual(a);
  });

  it('fits large populations on a sample and refines on all of them', () => {
    const { vectors, planted } = blobs(FOUR, 1500, 0.05, 21);
    const fit = fitUsageClusters(vectors, { seed: 42, fitSampleSize: 1000 });
    expect(fit.k).toBe(4);
    expect(fit.labels).toHaveLength(6000);
    expect(samePartition(fit.labels, planted)).toBe(true);
  });

  it('caps k by the distinct vectors; one distinct vector is one cluster', () => {
    expect(fitUsageClusters(Array.from({ length: 30 }, () => [1, 0]), { seed: 1 })).toMatchObject({ k: 1, silhouette: 0, sizes: [30] });
    const three = [[1, 0, 0], [0, 1, 0], [0, 0, 1]].flatMap((v) => Array.from({ length: 10 }, () => v));
    expect(fitUsageClusters(three, { seed: 1 })).toMatchObject({ k: 3, silhouette: 1 });
  });
});

describe('matchClusters', () => {
  const previous = FOUR;
  const moved = (c: number[], by: number) => c.map((x, j) => x + (j % 2 ? by : -by));

  it('keeps identities when the centroids come back permuted and slightly moved', () => {
    const order = [2, 0, 3, 1];
    const next = order.map((i) => moved(previous[i], 0.03));
    expect(matchClusters(previous, next)).toEqual(order);
  });

  it('prefers the lowest total distance over greedy nearest pairs', () => {
    // greedy would give next[0] its nearest (previous 0) and leave next[1] far from previous 1
    expect(matchClusters([[0], [2]], [[1.1], [-0.5]])).toEqual([1, 0]);
  });

  it('leaves extra new clusters unmatched and matches fewer ones to their nearest', () => {
    expect(matchClusters(previous, [...previous.map((c) => moved(c, 0.01)), [0.25, 0.25, 0.25, 0.25]])).toEqual([0, 1, 2, 3, -1]);
    expect(matchClusters(previous, [moved(previous[3], 0.02), moved(previous[1], 0.02)])).toEqual([3, 1]);
    expect(matchClusters([], [[1, 2]])).toEqual([-1]);
  });

  it('does not match clusters farther apart than maxDistance', () => {
    expect(matchClusters([[1, 0], [0, 1]], [[0.05, 0.95], [0.5, 0.5]], 0.3)).toEqual([1, -1]);
  });
});

describe('describeCluster', () => {
  it('names the families well above the population mean', () => {
    const d = describeCluster({ mobile: 0.55, iot: 0.3, cloud: 0.1, voice: 0.05 }, { mobile: 0.3, iot: 0.2, cloud: 0.3, voice: 0.2 });
    expect(d.name).toBe('Learned: mostly mobile and iot usage');
    expect(d.description).toBe('Customers whose usage is on average 55% mobile and 30% iot, against 30% mobile and 20% iot across all customers.');
    expect(d.dominantFeatures).toEqual([
      { feature: 'usageShare.mobile', value: 0.55, populationMean: 0.3 },
      { feature: 'usageShare.iot', value: 0.3, populationMean: 0.2 },
    ]);
  });

  it('stops once most of the usage is covered, and skips families at or below the mean', () => {
    expect(describeCluster({ cloud: 0.85, mobile: 0.15 }, { cloud: 0.3, mobile: 0.1 }).name).toBe('Learned: mostly cloud usage');
    expect(describeCluster({ voice: 0.4, mobile: 0.35, cloud: 0.25 }, { voice: 0.2, mobile: 0.5, cloud: 0.2 }).name).toBe('Learned: mostly voice and cloud usage');
    expect(describeCluster({ a: 0.3, b: 0.3, c: 0.3, d: 0.1 }, { a: 0, b: 0, c: 0, d: 0 }).name).toBe('Learned: mostly a, b and c usage');
  });
});
