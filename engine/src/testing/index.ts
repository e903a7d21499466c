/**
 * momoflow's test kit (momo-workflow's `testing` module): isolated fixtures,
 * result assertions, configurable steps, ready-made scenarios and a mock command.
 */
export {
  MockCommand,
  type MockCommandCall,
  type MockCommandOptions,
  type MockCommandRollback,
} from "./mock-command";
export { peakConcurrency } from "./peak-concurrency";
export {
  createFailureTestScenario,
  createPerformanceTestScenario,
  type FailureTestScenario,
  type ScenarioOptions,
  type TestScenario,
} from "./test-scenarios";
export {
  TestWorkflowStep,
  type TestStepExecution,
  type TestStepRollback,
  type TestStepRollbackData,
  type TestWorkflowStepOptions,
} from "./test-workflow-step";
export { WorkflowAssertionError } from "./workflow-assertion-error";
export { WorkflowTestCase, type PerformanceBounds } from "./workflow-test-case";
export {
  FIXTURE_DIR_PREFIX,
  WorkflowTestFixture,
  type FixtureContextOptions,
} from "./workflow-test-fixture";
