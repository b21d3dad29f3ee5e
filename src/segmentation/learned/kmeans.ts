// K-means clustering of customers' usage-mix vectors, with k chosen by silhouette: the learned needs-based segments.
// Pure TypeScript without dependencies, and reproducible: every random choice comes from a seeded PRNG, so the same
// vectors in the same order with the same seed give the same clusters on every machine and every run.

/** mulberry32: a tiny seeded PRNG with a uniform output in [0, 1); enough for initialisation and sampling. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed derived from a base seed and small integers (k, restart…), so each attempt has its own stream. */
function deriveSeed(seed: number, ...parts: number[]): number {
  let h = seed >>> 0;
  for (const p of parts) h = Math.imul(h ^ (p + 0x9e3779b9), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** Vectors as one row-major Float64Array: n rows of d values (cache-friendly and allocation-free in the loops). */
interface Matrix {
  n: number;
  d: number;
  data: Float64Array;
}

function toMatrix(vectors: number[][]): Matrix {
  const n = vectors.length;
  const d = n ? vectors[0].length : 0;
  const data = new Float64Array(n * d);
  vectors.forEach((v, i) => {
    if (v.length !== d) throw new Error(`vector ${i} has ${v.length} values, the first has ${d}`);
    data.set(v, i * d);
  });
  return { n, d, data };
}

function squaredDistance(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const x = a[ai + j] - b[bi + j];
    s += x * x;
  }
  return s;
}

export function euclidean(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}

export interface KMeansOptions {
  seed: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. */
  restarts?: number;
  maxIterations?: number;
  /** Stop when no centroid moves by more than this (Euclidean). */
  tolerance?: number;
}

export interface KMeansResult {
  k: number;
  /** k centroids of d values. */
  centroids: number[][];
  /** The cluster index of every input vector. */
  labels: number[];
  sizes: number[];
  /** Sum of squared distances of the vectors to their centroids. */
  inertia: number;
}

/** k-means++: the first centroid uniform, each next one drawn with probability proportional to D(x)². */
function initPlusPlus(m: Matrix, k: number, random: () => number): Float64Array {
  const { n, d, data } = m;
  const centroids = new Float64Array(k * d);
  const first = Math.floor(random() * n);
  centroids.set(data.subarray(first * d, first * d + d), 0);
  const nearest = new Float64Array(n);
  for (let i = 0; i < n; i++) nearest[i] = squaredDistance(data, i * d, centroids, 0, d);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += nearest[i];
    let pick = n - 1;
    if (total > 0) {
      let r = random() * total;
      for (let i = 0; i < n; i++) {
        r -= nearest[i];
        if (r < 0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = Math.floor(random() * n); // every point already sits on a centroid
    }
    centroids.set(data.subarray(pick * d, pick * d + d), c * d);
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], squaredDistance(data, i * d, centroids, c * d, d));
  }
  return centroids;
}

/** Assigns every row to its nearest centroid (lowest index on ties); returns the inertia. */
function assign(m: Matrix, centroids: Float64Array, k: number, labels: Int32Array): number {
  const { n, d, data } = m;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = squaredDistance(data, i * d, centroids, c * d, d);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = c;
      }
    }
    labels[i] = best;
    inertia += bestDistance;
  }
  return inertia;
}

/** Lloyd iterations from `centroids` (updated in place) until they settle or `maxIterations`. */
function lloyd(m: Matrix, centroids: Float64Array, k: number, maxIterations: number, tolerance: number): { labels: Int32Array; inertia: number } {
  const { n, d, data } = m;
  const labels = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  let inertia = assign(m, centroids, k, labels);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      counts[c]++;
      for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j];
    }
    let moved = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // an empty cluster takes the point farthest from its centroid, so k clusters survive
        let far = 0;
        let farDistance = -1;
        for (let i = 0; i < n; i++) {
          const dist = squaredDistance(data, i * d, centroids, labels[i] * d, d);
          if (dist > farDistance) {
            farDistance = dist;
            far = i;
          }
        }
        for (let j = 0; j < d; j++) sums[c * d + j] = data[far * d + j];
        counts[c] = 1;
        labels[far] = c;
        moved = Infinity;
      }
      let shift = 0;
      for (let j = 0; j < d; j++) {
        const next = sums[c * d + j] / counts[c];
        shift += (next - centroids[c * d + j]) ** 2;
        centroids[c * d + j] = next;
      }
      moved = Math.max(moved, Math.sqrt(shift));
    }
    inertia = assign(m, centroids, k, labels);
    if (moved <= tolerance) break;
  }
  return { labels, inertia };
}

function result(m: Matrix, k: number, centroids: Float64Array, labels: Int32Array, inertia: number): KMeansResult {
  const sizes = new Array<number>(k).fill(0);
  for (const c of labels) sizes[c]++;
  const rows: number[][] = [];
  for (let c = 0; c < k; c++) rows.push(Array.from(centroids.subarray(c * m.d, c * m.d + m.d)));
  return { k, centroids: rows, labels: Array.from(labels), sizes, inertia };
}

function kmeansMatrix(m: Matrix, k: number, options: KMeansOptions): KMeansResult {
  if (k < 1 || k > m.n) throw new Error(`k must be between 1 and the number of vectors (${m.n}), got ${k}`);
  const { restarts = 4, maxIterations = 100, tolerance = 1e-6 } = options;
  let best: { centroids: Float64Array; labels: Int32Array; inertia: number } | undefined;
  for (let r = 0; r < restarts; r++) {
    const centroids = initPlusPlus(m, k, mulberry32(deriveSeed(options.seed, k, r)));
    const { labels, inertia } = lloyd(m, centroids, k, maxIterations, tolerance);
    if (!best || inertia < best.inertia) best = { centroids, labels, inertia };
  }
  return result(m, k, best!.centroids, best!.labels, best!.inertia);
}

/** K-means with k-means++ starts and several restarts (fixed seeds), keeping the lowest inertia. */
export function kmeans(vectors: number[][], k: number, options: KMeansOptions): KMeansResult {
  return kmeansMatrix(toMatrix(vectors), k, options);
}

/** `size` distinct row indexes drawn by a seeded partial Fisher–Yates shuffle, in ascending order. */
function sampleIndexes(n: number, size: number, seed: number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (size >= n) return all;
  const random = mulberry32(seed);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.subarray(0, size).sort();
}

function subMatrix(m: Matrix, rows: Int32Array): Matrix {
  const data = new Float64Array(rows.length * m.d);
  rows.forEach((r, i) => data.set(m.data.subarray(r * m.d, r * m.d + m.d), i * m.d));
  return { n: rows.length, d: m.d, data };
}

/** Exact silhouette of rows with their labels: O(n² d). */
function silhouetteExact(m: Matrix, labels: ArrayLike<number>, k: number): number {
  const { n, d, data } = m;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (sizes[own] <= 1) continue; // a singleton's silhouette is 0 by convention
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[labels[j]] += Math.sqrt(squaredDistance(data, i * d, data, j * d, d));
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    const denominator = Math.max(a, b);
    if (Number.isFinite(b) && denominator > 0) total += (b - a) / denominator;
  }
  return total / n;
}

/** Vectors beyond which the silhouette is computed on a deterministic sample (it is quadratic). */
export const SILHOUETTE_EXACT_MAX = 2000;

/**
 * Mean silhouette (−1…1, higher = tighter, better separated clusters): exact up to 2000 vectors, otherwise on a
 * seeded sample of 2000 (distances among the sampled vectors only, as scikit-learn's `sample_size`).
 */
export function silhouette(vectors: number[][], labels: number[], k: number, seed = 0): number {
  return silhouetteOf(toMatrix(vectors), labels, k, seed);
}

function silhouetteOf(m: Matrix, labels: ArrayLike<number>, k: number, seed: number): number {
  if (m.n <= SILHOUETTE_EXACT_MAX) return silhouetteExact(m, labels, k);
  const rows = sampleIndexes(m.n, SILHOUETTE_EXACT_MAX, deriveSeed(seed, 0x5111));
  return silhouetteExact(subMatrix(m, rows), Array.from(rows, (r) => labels[r]), k);
}

export interface UsageClusterOptions {
  seed: number;
  kMin?: number;
  kMax?: number;
  restarts?: number;
  /**
   * Above this many vectors, each k is fitted on a seeded sample of this size, and only the chosen k is then
   * refined by Lloyd iterations on all vectors: a 100,000-customer run costs one full fit, not kMax − kMin + 1.
   */
  fitSampleSize?: number;
}

export interface UsageClusters extends KMeansResult {
  silhouette: number;
  /** The silhouette of every k tried, for the report. */
  candidates: { k: number; silhouette: number; inertia: number }[];
}

/**
 * Clusters usage-mix vectors for k in kMin…kMax (capped by the number of distinct vectors) and keeps the k with the
 * best silhouette (the smaller k on a tie). Fewer than two distinct vectors give one cluster with silhouette 0.
 */
export function fitUsageClusters(vectors: number[][], options: UsageClusterOptions): UsageClusters {
  const { seed, kMin = 2, kMax = 8, restarts = 4, fitSampleSize = 20000 } = options;
  const all = toMatrix(vectors);
  if (all.n === 0) throw new Error('no vectors to cluster');
  const distinct = new Set(vectors.map((v) => v.join(','))).size;
  const fitOn = all.n > fitSampleSize ? subMatrix(all, sampleIndexes(all.n, fitSampleSize, deriveSeed(seed, 0xf17))) : all;
  const top = Math.min(kMax, distinct, fitOn.n - 1);
  if (top < Math.max(kMin, 2)) {
    const single = kmeansMatrix(all, 1, { seed, restarts: 1 });
    return { ...single, silhouette: 0, candidates: [{ k: 1, silhouette: 0, inertia: single.inertia }] };
  }
  let best: { fit: KMeansResult; silhouette: number } | undefined;
  const candidates: UsageClusters['candidates'] = [];
  for (let k = Math.max(kMin, 2); k <= top; k++) {
    const fit = kmeansMatrix(fitOn, k, { seed, restarts });
    const score = silhouetteOf(fitOn, fit.labels, k, seed);
    candidates.push({ k, silhouette: score, inertia: fit.inertia });
    if (!best || score > best.silhouette) best = { fit, silhouette: score };
  }
  const chosen = best!;
  if (fitOn === all) return { ...chosen.fit, silhouette: chosen.silhouette, candidates };
  // refine the sample's centroids on every vector, then score the final labels
  const centroids = new Float64Array(chosen.fit.k * all.d);
  chosen.fit.centroids.forEach((c, i) => centroids.set(c, i * all.d));
  const { labels, inertia } = lloyd(all, centroids, chosen.fit.k, 100, 1e-6);
  const final = result(all, chosen.fit.k, centroids, labels, inertia);
  return { ...final, silhouette: silhouetteOf(all, final.labels, final.k, seed), candidates };
}

/**
 * Maps each new centroid to the index of a previous centroid, by minimum total Euclidean distance over one-to-one
 * matchings: as many pairs as possible (min of both counts), and among those the cheapest. A pair farther apart than
 * `maxDistance` is never made: that new cluster is a different need, not the old one moved. Unmatched new clusters
 * map to −1. Exact (dynamic programming over subsets of the previous centroids): fine for the k ≤ 8 used here.
 */
export function matchClusters(previous: number[][], next: number[][], maxDistance = Infinity): number[] {
  const p = previous.length;
  if (p > 16) throw new Error(`matchClusters handles at most 16 previous clusters, got ${p}`);
  const cost = next.map((c) => previous.map((q) => euclidean(c, q)));
  // leaving a new cluster unmatched costs more than any allowed pair, so the number of pairs is maximised first
  const unmatched = 1 + next.length * (Number.isFinite(maxDistance) ? maxDistance : Math.max(0, ...cost.flat()));
  const states = 1 << p;
  // best[j][mask]: lowest cost for next[j…] when the previous clusters in `mask` are taken
  const best: Float64Array[] = Array.from({ length: next.length + 1 }, () => new Float64Array(states));
  const choice: Int32Array[] = Array.from({ length: next.length }, () => new Int32Array(states));
  for (let j = next.length - 1; j >= 0; j--) {
    for (let mask = 0; mask < states; mask++) {
      let value = unmatched + best[j + 1][mask];
      let pick = -1;
      for (let i = 0; i < p; i++) {
        if (mask & (1 << i) || cost[j][i] > maxDistance) continue;
        const v = cost[j][i] + best[j + 1][mask | (1 << i)];
        if (v < value - 1e-12) {
          value = v;
          pick = i;
        }
      }
      best[j][mask] = value;
      choice[j][mask] = pick;
    }
  }
  const mapping: number[] = [];
  let mask = 0;
  for (let j = 0; j < next.length; j++) {
    const i = choice[j][mask];
    mapping.push(i);
    if (i >= 0) mask |= 1 << i;
  }
  return mapping;
}
