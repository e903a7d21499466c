import type { BatchPlan } from "./batch-timing";
import type { BenchProfileName } from "./bench-report";
import type { UnknownReferencesPlan } from "./unknown-references";

/** One size of a category, run this many times. */
export interface SizedRepetitions {
  steps: number;
  repetitions: number;
}

/** Category 6: the generated document's size and how many calls each operation gets. */
export interface LanguagePlan {
  /** Workflows × steps per workflow in the main file (about ten lines per step), and test blocks. */
  workflows: number;
  stepsPerWorkflow: number;
  tests: number;
  /** Calls made and thrown away before each operation's samples, so the JIT has settled. */
  warmup: number;
  /** Samples per operation: one call each (one batch for the cached re-check). */
  samples: number;
  /** Calls per sample of the cached re-check, too fast to time one by one. */
  recheckBatchSize: number;
  /** The file of misspelt step ids ("did you mean" for each). */
  unknownReferences: UnknownReferencesPlan;
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
  language: LanguagePlan;
  /** Fresh processes timed for the first run, of the engine and of its floor each (first-run-processes.ts). */
  firstRunProcesses: number;
}

/** About 10,000 lines, 1,000 steps: the size of the goal of ≤ 50 ms for parse + check. */
const GOAL_DOCUMENT = { workflows: 5, stepsPerWorkflow: 200, tests: 6 };

/** About a minute here: momo-workflow's sizes, up to 100,000 steps. */
const FULL: BenchProfile = {
  name: "full",
  firstRunProcesses: 7,
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
  language: {
    ...GOAL_DOCUMENT,
    warmup: 10,
    samples: 30,
    recheckBatchSize: 1_000,
    unknownReferences: {
      sizes: [2_000, 8_000, 20_000],
      samples: 5,
      keystroke: { references: 4_000, rounds: 20, warmup: 3 },
    },
  },
};

/** About 10 s here (under 20 s): up to 10,000 steps. */
const QUICK: BenchProfile = {
  name: "quick",
  firstRunProcesses: 3,
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
  // The same document as full (the goal is stated for it), fewer samples.
  language: {
    ...GOAL_DOCUMENT,
    warmup: 5,
    samples: 10,
    recheckBatchSize: 500,
    unknownReferences: {
      sizes: [2_000, 8_000, 20_000],
      samples: 3,
      keystroke: { references: 4_000, rounds: 10, warmup: 3 },
    },
  },
};

/** A second or so: for the suite's own tests only; its figures mean little. */
const TINY: BenchProfile = {
  name: "tiny",
  firstRunProcesses: 1,
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
  language: {
    workflows: 2,
    stepsPerWorkflow: 14,
    tests: 2,
    warmup: 2,
    samples: 3,
    recheckBatchSize: 20,
    unknownReferences: {
      sizes: [100, 200],
      samples: 2,
      keystroke: { references: 200, rounds: 2, warmup: 1 },
    },
  },
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
