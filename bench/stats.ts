export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

/** Nearest-rank percentiles of a sample. */
export function percentile(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

export function median(samples: readonly number[]): number {
  return percentile(samples).p50;
}
