import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { Database } from '../../database/database.service';
import { describeCluster, round } from './cluster-description';
import { euclidean, fitUsageClusters, matchClusters } from './kmeans';
import { LearnedSegmentDoc, LearnedSegmentRepository, LearnedSegmentRow } from './learned-segment.repository';

/** Fixed, so the same snapshot always gives the same segments. */
export const LEARNED_SEED = 42;
/** Fewer customers with usage than this: no clustering worth publishing, the segments stay as they are. */
export const LEARNED_MIN_CUSTOMERS = 20;
/** A centroid that moved less than this (Euclidean, in shares) is the same version of the segment. */
export const CENTROID_EPSILON = 0.01;
/** A new centroid farther than this from every previous one is a new need, not an old segment that drifted. */
export const MATCH_MAX_DISTANCE = 0.3;

export interface LearnedRefitSummary {
  k: number;
  silhouette: number;
  /** The active learned segments after the refit, largest first. */
  segments: { id: string; name: string; size: number; version: number; created: boolean }[];
  /** Learned segments no cluster matched any more. */
  retired: string[];
}

/**
 * Learned needs-based segments: k-means over the usage mix (share of usage per product family) of a bill run's
 * customers, k chosen by silhouette, each cluster published as a `learned` market segment described by its
 * dominant families. A refit matches the new clusters to the active learned segments' centroids so a segment keeps
 * its id across cycles. Memberships are not written here: the evaluator assigns customers to the nearest centroid.
 */
@Injectable()
export class LearnedSegmentService {
  private readonly repository = new LearnedSegmentRepository();

  constructor(private readonly db: Database) {}

  /** `refit` in a transaction of its own. */
  refitNow(billRunId: string, at: Date = new Date()): Promise<LearnedRefitSummary | null> {
    return this.db.transaction((client) => this.refit(client, billRunId, at));
  }

  /**
   * Refits the learned segments on the run's feature snapshot, in the caller's transaction (serialised with any
   * other refit). Returns null, changing nothing, when fewer than 20 customers have usage.
   */
  async refit(client: PoolClient, billRunId: string, at: Date): Promise<LearnedRefitSummary | null> {
    await this.repository.lock(client);
    const rows = await this.repository.usageShares(client, billRunId);
    if (rows.length < LEARNED_MIN_CUSTOMERS) return null;

    const families = [...new Set(rows.flatMap((r) => Object.keys(r.usageShare)))].sort();
    const vectors = rows.map((r) => normalised(families.map((f) => Number(r.usageShare[f] ?? 0))));
    const fit = fitUsageClusters(vectors, { seed: LEARNED_SEED });
    const populationMean = toRecord(
      families,
      families.map((_, j) => vectors.reduce((s, v) => s + v[j], 0) / vectors.length),
    );
    const centroids = fit.centroids.map((c) => toRecord(families, c.map(round)));

    const previous = await this.repository.activeLearned(client);
    const space = [...new Set([...families, ...previous.flatMap((p) => Object.keys(p.doc.learned?.centroid ?? {}))])].sort();
    const mapping = matchClusters(
      previous.map((p) => inSpace(p.doc.learned?.centroid ?? {}, space)),
      centroids.map((c) => inSpace(c, space)),
      MATCH_MAX_DISTANCE,
    );

    // largest cluster first: the order of the summary, and who keeps a plain name when two would read the same
    const order = fit.sizes.map((size, j) => ({ size, j })).sort((a, b) => b.size - a.size || a.j - b.j);
    const names = new Map<string, number>();
    const segments: LearnedRefitSummary['segments'] = [];
    for (const { size, j } of order) {
      const match = mapping[j] >= 0 ? previous[mapping[j]] : undefined;
      const moved = !match || euclidean(inSpace(match.doc.learned?.centroid ?? {}, space), inSpace(centroids[j], space)) > CENTROID_EPSILON;
      // an unmoved segment keeps its stored centroid, so one version of a segment always means one centroid
      const centroid = moved ? centroids[j] : match!.doc.learned.centroid;
      const described = describeCluster(centroid, populationMean);
      const seen = (names.get(described.name) ?? 0) + 1;
      names.set(described.name, seen);
      const name = seen === 1 ? described.name : `${described.name} (${seen})`;
      const version = match ? match.version + (moved ? 1 : 0) : 1;
      const doc: LearnedSegmentDoc = {
        ...(match?.doc ?? {}),
        '@type': 'MarketSegment',
        name,
        description: described.description,
        kind: 'learned',
        status: 'active',
        version,
        lastUpdate: at.toISOString(),
        learned: {
          centroid,
          dominantFeatures: described.dominantFeatures,
          fittedAt: at.toISOString(),
          billRun: { id: billRunId },
          k: fit.k,
          silhouette: round(fit.silhouette),
          size,
        },
      };
      const id = match?.id ?? uuidv7();
      if (match) await this.repository.update(client, id, doc, at);
      else await this.repository.insert(client, id, doc, at);
      segments.push({ id, name, size, version, created: !match });
    }

    const kept = new Set(mapping.filter((i) => i >= 0));
    const retired = previous.filter((_, i) => !kept.has(i)).map((p: LearnedSegmentRow) => p.id);
    await this.repository.retire(client, retired, at);
    return { k: fit.k, silhouette: fit.silhouette, segments, retired };
  }
}

/** Shares summing to 1 (the snapshot's already do, up to rounding); an all-zero mix stays zero. */
function normalised(v: number[]): number[] {
  const sum = v.reduce((a, b) => a + Math.max(0, b), 0);
  return sum > 0 ? v.map((x) => Math.max(0, x) / sum) : v;
}

function toRecord(keys: string[], values: number[]): Record<string, number> {
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

/** A centroid as a vector over `space` (a family it lacks is 0). */
function inSpace(centroid: Record<string, number>, space: string[]): number[] {
  return space.map((f) => Number(centroid[f] ?? 0));
}
