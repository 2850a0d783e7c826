/**
 * The benchmark harness. A benchmark measures its figure AND a baseline in the same
 * run, on the same machine, so what we report is a ratio that survives a slow or busy
 * machine. Never put timed assertions in tests; put the figure here.
 */
export interface Figure {
  /** What was measured, e.g. "GET /v1/catalog p50". */
  name: string;
  value: number;
  unit: string;
  /** The same-run baseline it is compared with. */
  baseline: { name: string; value: number; unit: string };
  /** Extra facts worth printing (sizes, counts, memory). */
  notes?: string;
}

export interface Benchmark {
  /** Short id used on the command line: `npm run bench -- catalog`. */
  id: string;
  title: string;
  run(): Promise<Figure[]>;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** Time an async function n times (after warm-up), returning milliseconds per call. */
export async function sample(n: number, fn: () => Promise<unknown>, warmup = Math.min(20, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export function formatFigure(f: Figure): string {
  const ratio = f.baseline.value === 0 ? NaN : f.value / f.baseline.value;
  const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
  return (
    `  ${f.name}: ${num(f.value)} ${f.unit}` +
    `  | baseline ${f.baseline.name}: ${num(f.baseline.value)} ${f.baseline.unit}` +
    `  | ratio ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}x` +
    (f.notes ? `  (${f.notes})` : '')
  );
}
