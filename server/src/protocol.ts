/**
 * The momoflow extensions to LSP: the custom requests the server answers
 * beyond the standard ones, with their parameters and results (as
 * rust-analyzer keeps its own in one `lsp_ext.ts`).
 *
 * Imported by both sides: the server implements it, the VS Code client sends
 * it. So nothing here imports `vscode`, Node or the engine: only
 * `vscode-languageserver-protocol`'s environment-free entry and plain data.
 * Positions are LSP's: 0-based lines, UTF-16 characters, ends exclusive.
 * Optional fields are left out when there is nothing to say (JSON has no
 * `undefined`).
 */
import {
  NotificationType,
  RequestType,
  type Range,
  type TextDocumentIdentifier,
} from "vscode-languageserver-protocol";

export type { Range, TextDocumentIdentifier };

/** Parameters of {@link DocumentOutlineRequest}. */
export interface DocumentOutlineParams {
  /**
   * The document. It need not be open: the server then reads the file from
   * disk as it is now.
   */
  textDocument: TextDocumentIdentifier;
}

/**
 * The workflows and tests of one document, in source order: what the client
 * needs to offer Run CodeLenses, ask for params, place inline metrics and
 * list tests, without reading `.momoflow` text itself.
 *
 * Built from the syntax tree alone, so a file with syntax errors still has an
 * outline of what parsed; declarations without a name yet (being typed) are
 * left out.
 */
export interface DocumentOutline {
  /** The `workflow` declarations. */
  workflows: WorkflowOutline[];
  /** The `test` blocks. */
  tests: TestOutline[];
}

/** A `workflow` declaration. */
export interface WorkflowOutline {
  /** The workflow's name (what `momoflow run --workflow` takes). */
  name: string;
  /** The name in the source (LSP's selection range: where a CodeLens goes). */
  nameRange: Range;
  /** The whole declaration, from `workflow` to `}`. */
  range: Range;
  /** The `///` doc comment above it, without the slashes. */
  doc?: string;
  /** Its `description:`, when that is a string (interpolations written as `${ref}`). */
  description?: string;
  /** Its `param`s, in source order. */
  params: ParamOutline[];
  /** Its `step`s, in source order. */
  steps: StepOutline[];
}

/** A `param` of a workflow. */
export interface ParamOutline {
  /** The param's name (what `--param NAME=VALUE` takes). */
  name: string;
  /** The name in the source. */
  nameRange: Range;
  /** The whole declaration (`param name: type = default`). */
  range: Range;
  /**
   * The declared type's name as written (`int`, `duration`, ...); undefined
   * when not written yet. Unknown names are passed on as written: the
   * checker, not the outline, says they are wrong.
   */
  type?: string;
  /** The default, when one is written. */
  default?: ParamDefault;
  /** Declared without a default: a run must be given a value. */
  required: boolean;
  /** The `///` doc comment above it, without the slashes. */
  doc?: string;
}

/** A param's default value. */
export interface ParamDefault {
  /** As written, runs of whitespace made one space (`30s`, `["a", "b"]`, `"out/${name}"`). */
  text: string;
  /**
   * The value, when the default is a literal (lists and maps of literals
   * included); undefined when it is computed at run time (a reference, an
   * interpolated string, a call).
   */
  value?: LiteralValue;
}

/** A literal value of the language, typed as written. */
export type LiteralValue =
  StringValue | NumberValue | BoolValue | DurationValue | SizeValue | ListValue | MapValue;

/** A string without interpolations, escapes resolved. */
export interface StringValue {
  kind: "string";
  value: string;
}

/** A number. */
export interface NumberValue {
  kind: "number";
  value: number;
  /** Written without a fraction: usable as an `int`. */
  integer: boolean;
}

/** `true` or `false`. */
export interface BoolValue {
  kind: "bool";
  value: boolean;
}

/** A duration (`250ms`, `30s`, `5m`, `2h`). */
export interface DurationValue {
  kind: "duration";
  /** Milliseconds. */
  ms: number;
  /** As written. */
  text: string;
}

/** A size (`512KB`, `10MB`). */
export interface SizeValue {
  kind: "size";
  bytes: number;
  /** As written. */
  text: string;
}

/** A list of literals. */
export interface ListValue {
  kind: "list";
  items: LiteralValue[];
}

/** A map of literals, entries in source order. */
export interface MapValue {
  kind: "map";
  entries: { key: string; value: LiteralValue }[];
}

/**
 * What a step's `rollback:` says, as written: an undo `action`, `none`
 * (nothing to undo), or `absent` (no `rollback:` property; the step may still
 * be undone by a built-in's automatic undo, which the outline does not
 * resolve).
 */
export type RollbackDeclaration = "action" | "none" | "absent";

/** A `step` of a workflow. */
export interface StepOutline {
  /** The step's id. */
  name: string;
  /** The id in the source (the line inline metrics go on). */
  nameRange: Range;
  /** The whole declaration. */
  range: Range;
  /**
   * What it runs, as written: its properties but `description`, then the
   * params, vars and `env:` variables of its workflow it reads (directly or
   * through others) and its workflow's `shell:` (for a step with none), then
   * a digest of each command and workflow it calls (directly or through
   * others), of the file or of a file it imports (with that file's path),
   * without comments, whitespace runs made one space. Equal definitions run
   * the same, wherever the step and what it reads are in the file (inline
   * figures compare it to tell stale).
   */
  definition: string;
  /**
   * The digest of {@link definition}, as a run record keeps it for each step
   * of the workflow it ran (`stepDefinitions` in `result.json`): when they
   * differ, what the step runs changed since that run.
   */
  definitionDigest: string;
  /**
   * The digest of {@link definition} as momoflow recorded it before
   * formatting kept a step's digest (spaces next to punctuation counted): a
   * run recorded then matches this one.
   */
  legacyDefinitionDigest: string;
  /** The ids its `needs:` names, as written (unknown ids included: the checker reports them). */
  needs: string[];
  /** What its `rollback:` says. */
  rollback: RollbackDeclaration;
  /** The `///` doc comment above it, without the slashes. */
  doc?: string;
  /** Its `description:`, when that is a string. */
  description?: string;
}

/** A `test` block. */
export interface TestOutline {
  /** The test's name: the string's text, escapes resolved (what `--filter` takes). */
  name: string;
  /** The name's string in the source, quotes included. */
  nameRange: Range;
  /** The whole block. */
  range: Range;
  /** The workflow its `workflow:` names, when written. */
  workflow?: string;
  /** How many `expect` lines it has. */
  expectations: number;
  /** The `///` doc comment above it, without the slashes. */
  doc?: string;
}

/**
 * `momoflow/documentOutline`: the workflows (with params and steps) and tests
 * of a document. Answers `null` when the document cannot be read (no such
 * file, or not UTF-8). The outline of a file depends on its text and, through
 * the steps' definitions, on the commands and workflows its imports declare:
 * a client asks again when the text changes, and when the server sends
 * {@link DocumentOutlineChangedNotification}.
 */
export const DocumentOutlineRequest = new RequestType<
  DocumentOutlineParams,
  DocumentOutline | null,
  void
>("momoflow/documentOutline");

/** Parameters of {@link DocumentOutlineChangedNotification}. */
export interface DocumentOutlineChangedParams {
  /** The open document whose outline may have changed. */
  textDocument: TextDocumentIdentifier;
}

/**
 * What a client tells under `capabilities.experimental` in `initialize`
 * about the requests and notifications of this file.
 */
export interface MomoflowClientCapabilities {
  /** True: the client takes {@link DocumentOutlineChangedNotification}. */
  documentOutlineChanged?: boolean;
}

/**
 * `momoflow/documentOutlineChanged`, server to client: the outline of an
 * open document may have changed though its text did not. A file it imports
 * (directly or through other imports) was edited, closed or changed on disk,
 * and its steps' definitions quote the commands and workflows they call
 * there. The client asks for the outline again (inline figures may be stale
 * now). Sent only to a client whose `experimental` capabilities say
 * `documentOutlineChanged: true` ({@link MomoflowClientCapabilities}); not
 * for the document that was itself edited (its client asks again anyway).
 */
export const DocumentOutlineChangedNotification =
  new NotificationType<DocumentOutlineChangedParams>("momoflow/documentOutlineChanged");
