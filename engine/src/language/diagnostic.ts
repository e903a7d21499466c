import type { Position, Range } from "./ast";

/** The stable diagnostic codes of language.md §7. */
export type DiagnosticCode =
  | "MF001"
  | "MF002"
  | "MF003"
  | "MF004"
  | "MF005"
  | "MF006"
  | "MF007"
  | "MF008"
  | "MF009"
  | "MF010"
  | "MF011"
  | "MF012"
  | "MF013"
  | "MF014"
  | "MF015"
  | "MF016"
  | "MF017"
  | "MF018"
  | "MF019"
  | "MF020"
  | "MF021"
  | "MF022"
  | "MF023"
  | "MF024"
  | "MF030"
  | "MF031"
  | "MF032"
  | "MF040"
  | "MF041"
  | "MF042"
  | "MF043";

/** Severities as LSP and `momoflow check --format json` name them. */
export type Severity = "error" | "warning" | "information" | "hint";

/** Another place that explains a diagnostic (the other duplicate, an edge of a cycle). */
export interface RelatedInformation {
  path: string;
  range: Range;
  message: string;
}

/**
 * Data a diagnostic carries for quick fixes. `suggestions` are the "did you
 * mean" names, nearest first; `replaceRange` is what a suggestion replaces.
 */
export interface DiagnosticData {
  suggestions?: string[];
  replaceRange?: Range;
  /** The title of the quick fix that writes the one suggestion, when not "Change to `…`" (it spans lines). */
  fixTitle?: string;
  /** For MF006 "missing argument": the argument names to add. */
  missingArguments?: string[];
  /** For MF002 in `needs`: the unknown step id (quick fix "create step"). */
  unknownStep?: string;
  /** For MF012: the declaration to remove. */
  unusedDeclaration?: Range;
  /** For MF010 on another step's output or status: the step to add to the reader's `needs`. */
  missingNeed?: string;
  /** For MF016: the reference to the environment to write instead of the secret (`env.TOKEN`). */
  environmentDefault?: string;
  /** For MF008 and MF017 on a text output: the step of this workflow to declare `output: json` on. */
  declareJsonOutput?: string;
  /** For MF005 and MF040: what was looked for (quick fix: import a file that declares it). */
  unknownDeclaration?: { kind: "command" | "workflow"; name: string };
  /** For MF022: the `concurrency` to set on the workflow (the step's `max_parallel`). */
  raiseConcurrency?: number;
  /**
   * For a step's own MF022 (not one at a call): what its message is made of,
   * so that the language server, which knows the workspace's calls of the
   * workflow, can say it again as about running it on its own.
   */
  ownConcurrency?: OwnConcurrencyBound;
  /** For MF023: the name the secret param is renamed to (its `__` made `_`), as its message suggests. */
  renameSecretTo?: string;
  /**
   * For MF001 on a workflow's `param` or `var` written inside a step: where
   * that step starts (its `step` keyword), above which the quick fix moves it.
   */
  moveAboveStep?: Range;
  /**
   * For MF001 on a name declared with dashes (`param my-name`): the name it
   * can only be (`my_name`), which the quick fix renames it and its reads to.
   */
  renameDashed?: string;
  /**
   * For MF024: each escape of the script it is about, with the character
   * after its backslash (`"` or `$`), which the two quick fixes write with
   * `\\` or alone, all at once.
   */
  cookedEscapes?: { range: Range; escaped: '"' | "$" }[];
  /**
   * MF001 of a block written without braces (its body read by indentation):
   * the `{` and `}` to insert, which the editor's quick fixes add for the
   * block, or for every such block of the file.
   */
  addBraces?: BraceInsertion[];
}

/** A `max_parallel` above its own workflow's `concurrency` (MF022), as its message says it. */
/** Text to insert at a position: a brace of a block written without them. */
export interface BraceInsertion {
  at: Position;
  text: string;
}

export interface OwnConcurrencyBound {
  /** The workflow whose step writes it. */
  workflow: string;
  maxParallel: number;
  /** The workflow's `concurrency`, written or the default. */
  concurrency: number;
  /** False: the workflow writes no `concurrency` (the default). */
  written: boolean;
  /** A workflow in the file's scope calls it: the message says it is about running it on its own. */
  calledInScope: boolean;
}

/** One problem in a `.momoflow` file. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** The file the range is in. */
  path: string;
  range: Range;
  related?: RelatedInformation[];
  /** `unnecessary` greys the range out (MF012). */
  tags?: "unnecessary"[];
  data?: DiagnosticData;
}
