/**
 * The language as the language server and the editor use it: the syntax tree,
 * parsing and tokens, the workspace that checks files with their imports,
 * diagnostics, the formatter, and the checker's tables of what the language
 * knows (properties, parameters, types). Imported as `@momoflow/language`.
 */
export * from "./ast";
export * from "./diagnostic";
export * from "./line-index";
export * from "./parse";
export * from "./scope";
export * from "./workspace";
export * as tokens from "./tokens";
export { keywordTokens } from "./tokens";
export {
  formatDocument,
  formatDocumentWork,
  formatLinesWork,
  type FormatOptions,
  type LexedTokens,
  type LineFormatResult,
} from "./format/format-document";
export { type Pausable, PauseCounter, runToEnd, ITEMS_PER_PAUSE } from "./pausable";
export { parseParamText } from "./compile/param-values";
export { shortSecretProblem } from "./compile/secret-length";
export { stringText } from "./string-literal";
export { eachReference, someReference } from "./expression-references";

// What the checker knows, for completion, hover and quick fixes.
export { JS_ACTION } from "./check/action-check";
export {
  commandParameters,
  declaredParameters,
  declaredType,
  type ParameterInfo,
} from "./check/command-parameters";
export { importPathProblem, resolveImport } from "./check/import-graph";
export { ownConcurrencyMessage } from "./check/max-parallel-bound";
export {
  type DefinitionSource,
  stepDefinition,
  withoutComments,
} from "./definition/step-definition";
export { type ReadDeclaration, WorkflowReads } from "./definition/workflow-reads";
export { CalledDeclarations, type DeclaringDocument } from "./definition/called-declarations";
export { importedDocuments } from "./definition/imported-documents";
export {
  definitionDigest,
  legacyDefinitionDigest,
  stepDefinitionDigests,
} from "./definition/step-definition-digests";
export { fileStepDefinitions } from "./definition/file-step-definitions";
export { readsAValue } from "./check/param-declaration";
export {
  PROPERTY_TABLES,
  type PropertyBlock,
  type PropertySpec,
  type PropertyTable,
} from "./check/property-tables";
export { BUILTIN_FIELDS } from "./check/reference-resolution";
export { FINAL_STEP_STATUSES } from "./check/test-check";
export { TYPE_NAMES, describeType, isTypeName, type ValueType } from "./check/value-type";
export { workflowSteps } from "./check/workflow-steps";
export { declaresJsonOutput, outputFormatOf } from "./output-format";
export { fansOut, stepOutputFieldIn, type StepOutputField } from "./step-output-field";
export { CONTAINS } from "./check/condition-check";
export { CALL_SEPARATOR, workflowCallOf, workflowCalls } from "./workflow-call";
export { testStepPath, stepPathId, type TestStepPath } from "./test-step-path";
export { testStepScopes, type ScopedPathStep } from "./test-step-scope";
export { knownList, NO_KNOWN_LISTS, type ListScope } from "./known-list";
export { readWrittenPath, type WrittenRead, type WrittenValueOf } from "./written-path";
export { expressionText } from "./expression-text";
export { givesJsonOutput, type WorkflowLookup } from "./call-output";
export { INTERPOLATION_FUNCTIONS, type InterpolationFunction } from "./interpolation-functions";
export { withoutParamsRoot } from "./unfinished-reference";
