/**
 * Testing and benchmarks (port of momo-workflow's 03_testing_and_benchmarks.py):
 * a fixture and assertions around a performance scenario and a failure
 * scenario, then a small benchmark run with its baseline ratios.
 *
 * Run: npm run example:testing
 */
import {
  createFailureTestScenario,
  createPerformanceTestScenario,
  formatBenchReport,
  runBenchmarks,
  WorkflowEngine,
  WorkflowTestCase,
  type BenchReport,
} from "momoflow";

/** What the example checked and measured. */
export interface TestingExampleOutcome {
  assertionsPassed: number;
  report: BenchReport;
}

/** Runs both scenarios with assertions, then the benchmark suite (`tiny` by default, `quick` from the command line). */
export async function main(
  profile: "tiny" | "quick" = "tiny",
  workDir: string = process.cwd(),
): Promise<TestingExampleOutcome> {
  const engine = new WorkflowEngine();
  let assertionsPassed = 0;

  const performance = createPerformanceTestScenario(10, 5);
  try {
    const result = await engine.executeWorkflow(performance.definition, performance.context);
    const check = new WorkflowTestCase(performance.fixture);
    check.assertWorkflowSuccess(result);
    check.assertPerformanceBounds(result, { maxDurationMs: 5_000 });
    assertionsPassed += 2;
    console.log(
      `performance scenario: ${result.status} in ${result.metrics.durationMs.toFixed(1)} ms`,
    );
  } finally {
    performance.fixture.cleanup();
  }

  const failure = createFailureTestScenario(2, 5, true);
  try {
    const result = await engine.executeWorkflow(failure.definition, failure.context);
    const check = new WorkflowTestCase(failure.fixture);
    check.assertWorkflowFailure(result, failure.failingStepId);
    check.assertStepRollback(result, "step_1");
    check.assertStepRollback(result, "step_2");
    assertionsPassed += 3;
    console.log(
      `failure scenario: ${result.status}; undone in order: ${result.rolledBackSteps.join(" → ")}`,
    );
  } finally {
    failure.fixture.cleanup();
  }

  const report = await runBenchmarks({ profile, workDir, onProgress: (line) => console.log(line) });
  console.log(formatBenchReport(report));
  return { assertionsPassed, report };
}

if (require.main === module) void main(process.argv.includes("--quick") ? "quick" : "tiny");
