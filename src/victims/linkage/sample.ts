/** Seeded random numbers (mulberry32), so training and the synthetic data are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random record pairs for estimating u, as chunks like blocking's. When every pair fits in
 * the budget they are all enumerated instead, so small inputs get exact u values.
 */
export async function randomPairs(
  size: number,
  source: Uint8Array | null,
  budget: number,
  seed: number,
  chunkPairs: number,
  onChunk: (pairs: Uint32Array) => Promise<void> | void,
): Promise<number> {
  let buffer = new Uint32Array(chunkPairs * 2);
  let filled = 0;
  let emitted = 0;
  // Only a full buffer awaits, so the loops below stay synchronous pair by pair.
  const flush = async () => {
    await onChunk(buffer);
    buffer = new Uint32Array(chunkPairs * 2);
    filled = 0;
  };
  const all = (size * (size - 1)) / 2;
  if (all <= budget) {
    for (let i = 0; i < size; i++)
      for (let j = i + 1; j < size; j++) {
        if (source && source[i] === source[j]) continue;
        buffer[filled++] = i;
        buffer[filled++] = j;
        emitted++;
        if (filled === buffer.length) await flush();
      }
  } else {
    const random = seededRandom(seed);
    let attempts = 0;
    while (emitted < budget && attempts < budget * 20) {
      attempts++;
      const i = Math.floor(random() * size);
      const j = Math.floor(random() * size);
      if (i === j || (source && source[i] === source[j])) continue;
      buffer[filled++] = Math.min(i, j);
      buffer[filled++] = Math.max(i, j);
      emitted++;
      if (filled === buffer.length) await flush();
    }
  }
  if (filled > 0) await onChunk(buffer.slice(0, filled));
  return emitted;
}
