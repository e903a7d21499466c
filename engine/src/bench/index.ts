/**
 * The benchmark suite (momo-workflow's five categories and the language's): run it, print it, save it.
 * The report's shape is `BenchReport`, described by `schemas/bench-report.schema.json`.
 */
export { runBenchmarks, type RunBenchmarksOptions } from "./run-benchmarks";
export { formatBenchReport } from "./format-bench-report";
export {
  writeBenchReport,
  saveBenchReport,
  benchReportsDir,
  LATEST_BENCH_REPORT,
  type SavedBenchReport,
} from "./bench-report-file";
export {
  BENCH_REPORT_VERSION,
  BENCH_CATEGORY_TITLES,
  type BenchReport,
  type BenchProfileName,
  type BenchCategories,
  type BenchBaseline,
  type BenchMethods,
  type MachineInfo,
  type PerStepFigure,
  type ExecutionScalingCategory,
  type ExecutionScalingSize,
  type ScalabilityCategory,
  type ScalabilitySize,
  type RetainedMemory,
  type RollbackCategory,
  type RollbackPosition,
  type RollbackPositionName,
  type MemoryPerStepCategory,
  type MemoryPerStepSize,
  type CommandOverheadCategory,
  type CommandOperation,
  type CommandOperationId,
  type LanguageCategory,
  type LanguageDocument,
  type LanguageGoal,
  type LanguageOperation,
  type LanguageOperationId,
} from "./bench-report";
export {
  generateWorkflows,
  editAt,
  type GeneratedWorkflows,
  type GeneratedWorkflowsOptions,
  type GeneratedWorkflowsStats,
} from "./generated-workflows";
export type { MemoryMethod } from "./garbage-collection";
export {
  summarize,
  median,
  mean,
  stdev,
  percentile,
  confidenceInterval95,
  type SampleSummary,
  type ConfidenceInterval,
  type ConfidenceMethod,
} from "./statistics";
export { linearFit, type LinearFit } from "./linear-fit";
// What the language server's benchmarks share with the engine's.
export { describeMachine } from "./machine-info";
export { renderTable, type TableColumn } from "./text-table";
export { unknownReferencesFile } from "./unknown-references";
// The one LSP client: the server's and the client's tests drive the bundled server with it.
export {
  LspStdioClient,
  LspResponseError,
  uriOf,
  type ArrivedNotification,
  type ArrivedPublish,
  type CancellationLike,
  type JsonRpcConnection,
  type LspStdioClientOptions,
  type ProcessMemory,
  type RequestSignature,
} from "./lsp-stdio-client";
