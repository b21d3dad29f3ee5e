// What a learned cluster stands for, in words an account manager reads: the product families whose share of the
// cluster's usage is highest (and above the population's), e.g. "Learned: mostly mobile and iot usage".

export interface DominantFeature {
  /** The feature it reads: `usageShare.<family>`. */
  feature: string;
  /** The centroid's share of that family (0–1). */
  value: number;
  /** The mean share of that family over the whole fitted population. */
  populationMean: number;
}

export interface ClusterDescription {
  name: string;
  description: string;
  dominantFeatures: DominantFeature[];
}

/** At most this many families name a cluster. */
const MAX_DOMINANT = 3;
/** A family below this share of the cluster's usage does not characterise it, even when above the mean. */
const MIN_SHARE = 0.15;
/** Once the named families cover this much of the usage, the rest adds nothing to the name. */
const COVERED = 0.8;

const percent = (x: number) => `${Math.round(x * 100)}%`;

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * Describes a centroid (family → share) against the population mean share of each family. Dominant families: by
 * centroid share, highest first, those above the population mean and at least 15% of the usage, until 80% of the
 * usage is covered or three are named; the top family always, so every cluster has a name.
 */
export function describeCluster(centroid: Record<string, number>, populationMean: Record<string, number>): ClusterDescription {
  const families = Object.keys(centroid).sort((a, b) => centroid[b] - centroid[a] || a.localeCompare(b));
  const dominant: string[] = [];
  let covered = 0;
  for (const family of families) {
    if (dominant.length >= MAX_DOMINANT || covered >= COVERED) break;
    const share = centroid[family];
    const aboveMean = share > (populationMean[family] ?? 0);
    if (dominant.length === 0 || (aboveMean && share >= MIN_SHARE)) {
      dominant.push(family);
      covered += share;
    }
  }
  if (!dominant.length) {
    return { name: 'Learned: no usage', description: 'Customers without usage in the period.', dominantFeatures: [] };
  }
  const dominantFeatures = dominant.map((family) => ({
    feature: `usageShare.${family}`,
    value: round(centroid[family]),
    populationMean: round(populationMean[family] ?? 0),
  }));
  const shares = dominant.map((f) => `${percent(centroid[f])} ${f}`);
  const means = dominant.map((f) => `${percent(populationMean[f] ?? 0)} ${f}`);
  return {
    name: `Learned: mostly ${list(dominant)} usage`,
    description: `Customers whose usage is on average ${list(shares)}, against ${list(means)} across all customers.`,
    dominantFeatures,
  };
}

/** Shares as stored in documents: 4 decimals. */
export function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
