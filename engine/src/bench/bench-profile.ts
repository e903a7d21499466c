import type { BatchPlan } from "./batch-timing";
import type { BenchProfileName } from "./bench-report";

/** One size of a category, run this many times. */
export interface SizedRepetitions {
  steps: number;
  repetitions: number;
}

/** Every size and repetition count of a suite run. */
export interface BenchProfile {
  name: BenchProfileName;
  baseline: BatchPlan;
  /** Untimed runs before any measurement (journal on and off), so the JIT has settled. */
  warmup: SizedRepetitions;
  executionScaling: { sizes: number[]; repetitions: number };
  scalability: SizedRepetitions[];
  rollback: SizedRepetitions;
  memory: { sizes: number[]; sampleEvery: number };
  /** Runs per memory figure when no full GC can be forced (the median is kept). */
  memorySamples: number;
  commands: BatchPlan;
}

/** About a minute here: momo-workflow's sizes, up to 100,000 steps. */
const FULL: BenchProfile = {
  name: "full",
  baseline: { samples: 50, batchSize: 10_000 },
  warmup: { steps: 5_000, repetitions: 3 },
  executionScaling: { sizes: [1, 10, 100, 1_000], repetitions: 20 },
  scalability: [
    { steps: 1_000, repetitions: 20 },
    { steps: 10_000, repetitions: 15 },
    { steps: 100_000, repetitions: 7 },
  ],
  rollback: { steps: 10_000, repetitions: 10 },
  memory: { sizes: [1_000, 10_000, 100_000], sampleEvery: 100 },
  memorySamples: 3,
  commands: { samples: 40, batchSize: 5_000 },
};

/** About 10 s here (under 20 s): up to 10,000 steps. */
const QUICK: BenchProfile = {
  name: "quick",
  baseline: { samples: 30, batchSize: 10_000 },
  warmup: { steps: 2_000, repetitions: 3 },
  executionScaling: { sizes: [1, 10, 100, 1_000], repetitions: 15 },
  scalability: [
    { steps: 1_000, repetitions: 20 },
    { steps: 10_000, repetitions: 10 },
  ],
  rollback: { steps: 1_000, repetitions: 15 },
  memory: { sizes: [1_000, 10_000], sampleEvery: 100 },
  memorySamples: 3,
  commands: { samples: 30, batchSize: 2_000 },
};

/** A second or so: for the suite's own tests only; its figures mean little. */
const TINY: BenchProfile = {
  name: "tiny",
  baseline: { samples: 5, batchSize: 200 },
  warmup: { steps: 50, repetitions: 1 },
  executionScaling: { sizes: [1, 5, 20], repetitions: 3 },
  scalability: [
    { steps: 50, repetitions: 2 },
    { steps: 200, repetitions: 2 },
  ],
  rollback: { steps: 20, repetitions: 2 },
  memory: { sizes: [50, 200], sampleEvery: 10 },
  memorySamples: 2,
  commands: { samples: 5, batchSize: 50 },
};

/** The sizes of a named profile. */
export function benchProfile(name: BenchProfileName): BenchProfile {
  switch (name) {
    case "full":
      return FULL;
    case "quick":
      return QUICK;
    case "tiny":
      return TINY;
  }
}
