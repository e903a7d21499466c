/**
 * What a run's readers need of the runtime: the statuses, the metrics of a
 * step and its memory figure, the secret mask and how a secret param reaches
 * its step. Imported as `@momoflow/runtime`; nothing here needs Node, so the
 * metrics page's script (a browser) may import it too.
 */
export { STEP_STATUSES, StepStatus, WORKFLOW_STATUSES, WorkflowStatus } from "./status";
export { stepMemoryOf, type StepMemory, type StepMemoryKind } from "./step-memory";
export { succeededSteps } from "./success-rate";
export { callsWorkflow } from "./calling-step";
export { MASK } from "./secret-mask";
export { secretParamVariable } from "./secret-param-source";
