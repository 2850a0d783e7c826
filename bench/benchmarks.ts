/** The registry of benchmarks; each lives in bench/<id>.bench.ts. */
import type { Benchmark } from './harness';
import { catalogBench } from './catalog.bench';
import { intakeBench } from './intake.bench';
import { signingBench } from './signing.bench';
import { syncBench } from './sync.bench';
import { resultsBench } from './results';
import { approvalBench } from './approval.bench';

export const benchmarks: Benchmark[] = [catalogBench, intakeBench, signingBench, syncBench, resultsBench, approvalBench];
