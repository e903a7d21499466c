/**
 * momoflow's engine as a library: workflows of reversible steps, run with a
 * crash-safe run record, rolled back in reverse order on failure or later
 * from the record alone.
 *
 * @packageDocumentation
 */

// Runtime
export { StepStatus, WorkflowStatus, STEP_STATUSES, WORKFLOW_STATUSES } from "./runtime/status";
export type { ExecutionMetrics, ChildMetrics } from "./runtime/metrics";
export type { StepOutcomeDetails } from "./runtime/step-outcome-details";
export { WorkflowContext, type WorkflowContextOptions } from "./runtime/context";
export {
  BaseWorkflowStep,
  type WorkflowStep,
  type StepResult,
  type StepExecution,
  type StepOptions,
  type SuccessInit,
  type UndoRecipe,
  type ResourceEstimate,
} from "./runtime/step";
export {
  WorkflowDefinition,
  type WorkflowDefinitionInit,
  type DefinitionProblem,
} from "./runtime/definition";
export { WorkflowEngine, WorkflowValidationError } from "./runtime/engine";
export type { ExecuteOptions } from "./runtime/execute-options";
export {
  FinishedStepResult,
  type WorkflowResult,
  type WorkflowResultJson,
  type StepResultJson,
} from "./runtime/result";
export { findCycles, topologicalOrder, type GraphNode } from "./runtime/graph";
export { silentLogger, createStreamLogger, type Logger, type LogFields } from "./runtime/logger";

// Run record
export {
  rollbackRun,
  RunInProgressError,
  type RollbackRunOptions,
  type RollbackReport,
  type UndoRunAgain,
} from "./runtime/rollback-run";
export { readJournal, type JournalContents, type JournalProblem } from "./record/journal-reader";
export type { StoppedLeftover } from "./record/leftover-processes";
export { readResultFile, type RunResultFile, type ResultStep } from "./record/result-file";
export { listRuns, findLatestRun, readLatestRunId, type RunSummary } from "./record/run-index";
export { runsDirOf, runRecordPaths, type RunRecordPaths } from "./record/run-paths";
export { UnreadableRecordError } from "./record/unreadable-record-error";
export { RECORD_FORMAT_VERSION, type JournalEvent } from "./record/journal-event";

// Commands
export type {
  Command,
  CommandArgs,
  CommandInvocation,
  CommandParam,
  CommandSignature,
  CommandSpec,
  ParamType,
} from "./commands/command";
export {
  CommandRegistry,
  createCommandRegistry,
  getCommandRegistry,
  type CreateRegistryOptions,
  type RegisterOptions,
} from "./commands/registry";
export { CommandArgumentError } from "./commands/command-arguments";
export {
  registerCommand,
  type RegisterCommandOptions,
  type CommandRegistrar,
} from "./commands/register-command";
export {
  FunctionCommand,
  type FunctionCommandOptions,
  type CommandFunction,
  type CommandRollbackFunction,
} from "./commands/function-command";
export { ShellCommand, type ShellCommandOptions } from "./commands/shell-command";
export { shellQuote, interpolateShell } from "./commands/shell-quote";
export { SHELL_NAMES, type ShellName } from "./commands/shell-choice";
export {
  runShell,
  ShellError,
  type ShellRunOptions,
  type ShellRunResult,
} from "./commands/shell-process";
export { CommandStep, type CommandStepOptions, type CommandAction } from "./commands/command-step";
export { StepReferenceError } from "./commands/step-argument-references";
export { undoFromRecipe } from "./commands/undo-recipe";
export { BUILTIN_COMMANDS } from "./commands/builtins/index";

// Test kit and benchmarks
export * from "./testing/index";
export * from "./bench/index";
