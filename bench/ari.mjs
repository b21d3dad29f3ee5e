// The adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985): 1 = the same partition (label
// names do not matter), about 0 = no better than chance, negative = worse. `node bench/ari.mjs` runs a self-check.

const choose2 = (n) => (n * (n - 1)) / 2;

/** ARI of two equally long arrays of labels (any primitive values). */
export function adjustedRandIndex(a, b) {
  if (a.length !== b.length) throw new Error(`labelings differ in length: ${a.length} and ${b.length}`);
  const n = a.length;
  const pairs = new Map();
  const rows = new Map();
  const cols = new Map();
  for (let i = 0; i < n; i++) {
    const key = JSON.stringify([a[i], b[i]]);
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const c of pairs.values()) index += choose2(c);
  let sumRows = 0;
  for (const c of rows.values()) sumRows += choose2(c);
  let sumCols = 0;
  for (const c of cols.values()) sumCols += choose2(c);
  const total = choose2(n);
  const expected = total ? (sumRows * sumCols) / total : 0;
  const max = (sumRows + sumCols) / 2;
  // both partitions trivial (all singletons, or one cluster each): identical by construction
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

function selfCheck() {
  const near = (x, y) => Math.abs(x - y) < 1e-9;
  const cases = [
    ['identical partitions', [0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2], 1],
    ['renamed labels', [0, 0, 1, 1, 2, 2], ['c', 'c', 'a', 'a', 'b', 'b'], 1],
    // scikit-learn's documented examples of adjusted_rand_score
    ['one cluster split', [0, 0, 1, 1], [0, 0, 1, 2], 0.5714285714285714],
    ['pairs broken up', [0, 0, 1, 2], [0, 0, 1, 1], 0.5714285714285714],
    ['one cluster against singletons', [0, 0, 0, 0], [0, 1, 2, 3], 0],
    ['both one cluster', [1, 1, 1], [5, 5, 5], 1],
    ['worse than chance', [0, 0, 1, 1], [0, 1, 0, 1], -0.5],
  ];
  let failed = 0;
  for (const [name, a, b, want] of cases) {
    const got = adjustedRandIndex(a, b);
    const ok = near(got, want);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${got}${ok ? '' : ` (expected ${want})`}`);
  }
  return failed;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(selfCheck() ? 1 : 0);
