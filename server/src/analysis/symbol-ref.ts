/**
 * What a name in a `.momoflow` file stands for ({@link SymbolRef}), and the
 * symbols a workflow or command declares, as occurrences name them.
 */
import type {
  CommandDeclaration,
  CommandSymbol,
  ParamDeclaration,
  Range,
  VarDeclaration,
  WorkflowDeclaration,
} from "@momoflow/language";

/**
 * What a name in a `.momoflow` file stands for, independent of where it is
 * written: two occurrences name the same thing exactly when their
 * {@link symbolKey}s are equal. Every path is an absolute file system path,
 * as {@link LanguageWorkspace} uses them: the file that declares the symbol
 * (for imported commands and workflows, the imported file).
 */
export type SymbolRef =
  | WorkflowSymbolRef
  | StepSymbolRef
  | CommandSymbolRef
  | ValueSymbolRef
  | CommandParamSymbolRef
  | TestSymbolRef
  | PropertySymbolRef
  | ImportSymbolRef
  | StatusSymbolRef
  | TypeSymbolRef
  | EnvSymbolRef
  | ItemSymbolRef;

/** A `workflow` declaration. */
export interface WorkflowSymbolRef {
  kind: "workflow";
  name: string;
  /** The file that declares it. */
  path: string;
}

/** A `step` of a workflow. */
export interface StepSymbolRef {
  kind: "step";
  /** The step's id. */
  name: string;
  /** The workflow that declares it. */
  workflow: string;
  /** The file that declares the workflow. */
  path: string;
  /** For a workflow without a name yet, where it starts (see {@link unnamedWorkflowAt}). */
  unnamedAt?: string;
}

/** A declared or built-in command. */
export interface CommandSymbolRef {
  kind: "command";
  name: string;
  /** The file that declares it; undefined for a built-in (registry) command. */
  path: string | undefined;
}

/** A workflow `param` or `var` (one namespace: the first declaration of a name decides its kind). */
export interface ValueSymbolRef {
  kind: "param" | "var";
  name: string;
  workflow: string;
  /** The file that declares the workflow. */
  path: string;
  /** For a workflow without a name yet, where it starts (see {@link unnamedWorkflowAt}). */
  unnamedAt?: string;
}

/** A parameter of a command: in its parameter list, its body, and as an argument name in calls. */
export interface CommandParamSymbolRef {
  kind: "command-param";
  name: string;
  /** The command's name; empty for one without a name (its header line deleted). */
  command: string;
  /** The file that declares the command; undefined for a built-in command. */
  path: string | undefined;
  /** For a command without a name, where it starts (see {@link unnamedCommandAt}). */
  unnamedAt?: string;
}

/** A `test` block (its name is a string). */
export interface TestSymbolRef {
  kind: "test";
  name: string;
  path: string;
}

/** The kinds of block that have properties. */
export type BlockKind = "workflow" | "step" | "command" | "test";

/** A property name (`run:`, `needs:`, ...): part of the language, never renamed. */
export interface PropertySymbolRef {
  kind: "property";
  block: BlockKind;
  name: string;
}

/** The path of an `import`. */
export interface ImportSymbolRef {
  kind: "import";
  /** The imported file, resolved against the importing file (it may not exist). */
  path: string;
}

/** A status value of an `expect` (`rolled_back`, `not_run`, ...). */
export interface StatusSymbolRef {
  kind: "status";
  /** `expect status` compares workflow statuses, `expect step` step statuses. */
  of: "workflow" | "step";
  name: string;
}

/** A type name of a parameter (`string`, `int`, ...). */
export interface TypeSymbolRef {
  kind: "type";
  name: string;
}

/** An environment variable, as `env.NAME`. */
export interface EnvSymbolRef {
  kind: "env";
  name: string;
}

/** The item of a fan-out step: `file` in `for_each: file in glob("data/*.csv")`. */
export interface ItemSymbolRef {
  kind: "item";
  name: string;
  /** The fan-out step. */
  step: string;
  workflow: string;
  /** The file that declares the workflow. */
  path: string;
  /** For a workflow without a name yet, where it starts (see {@link unnamedWorkflowAt}). */
  unnamedAt?: string;
}

/** One place a symbol is written. */
export interface SymbolOccurrence {
  symbol: SymbolRef;
  /** The name as written (for an import and a test, the whole string with its quotes). */
  range: Range;
  /** This occurrence declares the symbol (its name in a declaration). */
  isDeclaration: boolean;
  /** For a declaration: the whole declaration (from its keyword to its end). */
  extent?: Range;
}

/**
 * A string that is equal for two {@link SymbolRef}s exactly when they name
 * the same symbol (a map key).
 */
export function symbolKey(symbol: SymbolRef): string {
  switch (symbol.kind) {
    case "workflow":
    case "test":
      return key(symbol.kind, symbol.path, symbol.name);
    case "step":
    case "param":
    case "var":
      return key(symbol.kind, symbol.path, symbol.workflow, symbol.unnamedAt ?? "", symbol.name);
    case "item":
      return key(
        symbol.kind,
        symbol.path,
        symbol.workflow,
        symbol.unnamedAt ?? "",
        symbol.step,
        symbol.name,
      );
    case "command":
      return key(symbol.kind, symbol.path ?? "", symbol.name);
    case "command-param":
      return key(
        symbol.kind,
        symbol.path ?? "",
        symbol.command,
        symbol.unnamedAt ?? "",
        symbol.name,
      );
    case "property":
      return key(symbol.kind, symbol.block, symbol.name);
    case "import":
      return key(symbol.kind, symbol.path);
    case "status":
      return key(symbol.kind, symbol.of, symbol.name);
    case "type":
    case "env":
      return key(symbol.kind, symbol.name);
  }
}

/** Whether two references name the same symbol. */
export function sameSymbol(a: SymbolRef, b: SymbolRef): boolean {
  return symbolKey(a) === symbolKey(b);
}

/**
 * The file that declares a symbol, where its definition is; undefined for
 * what the language itself defines (built-in commands and their parameters,
 * properties, statuses, types, environment variables). For an import, the
 * imported file.
 */
export function homePath(symbol: SymbolRef): string | undefined {
  switch (symbol.kind) {
    case "workflow":
    case "step":
    case "param":
    case "var":
    case "test":
    case "import":
    case "item":
      return symbol.path;
    case "command":
    case "command-param":
      return symbol.path;
    default:
      return undefined;
  }
}

function key(...parts: string[]): string {
  return parts.join("\u0000");
}

// ------------------------------------------------ the symbols a declaration declares

/**
 * Where a workflow without a name yet (`workflow {`, being typed) starts,
 * as `line:character`: two of them in one file have the same empty name,
 * and their steps, params and vars must not be taken for each other's
 * (hovers, references). Undefined for a named workflow.
 */
export function unnamedWorkflowAt(workflow: WorkflowDeclaration): string | undefined {
  return unnamedAt(workflow);
}

/**
 * Where a command without a name (its header line deleted as it is edited)
 * starts, as `line:character`, for the same reason as
 * {@link unnamedWorkflowAt}: its parameters are no other's. Undefined for a
 * named command.
 */
export function unnamedCommandAt(command: CommandDeclaration): string | undefined {
  return unnamedAt(command);
}

function unnamedAt(decl: WorkflowDeclaration | CommandDeclaration): string | undefined {
  if (decl.name?.text) return undefined;
  const { line, character } = decl.range.start;
  return `${line}:${character}`;
}

/** The workflow of `workflows` that declares a step, param, var or item `symbol` names. */
export function declaringWorkflow(
  workflows: readonly (WorkflowDeclaration | undefined)[],
  symbol: { workflow: string; unnamedAt?: string },
): WorkflowDeclaration | undefined {
  return workflows.find(
    (w) =>
      w !== undefined &&
      (w.name?.text ?? "") === symbol.workflow &&
      unnamedWorkflowAt(w) === symbol.unnamedAt,
  );
}

/*
 * Built once per declaration (the tree is immutable but for the positions an
 * incremental re-parse moves: a workflow without a name yet, whose symbols
 * hold where it starts, has its symbols built afresh each time).
 */
const stepCache = new WeakMap<WorkflowDeclaration, Map<string, StepSymbolRef>>();
const valueCache = new WeakMap<WorkflowDeclaration, Map<string, ValueSymbolRef>>();

/** The steps of a workflow by id. */
export function stepSymbols(
  workflow: WorkflowDeclaration,
  path: string,
): Map<string, StepSymbolRef> {
  let steps = stepCache.get(workflow);
  if (steps) return steps;
  steps = new Map();
  const name = workflow.name?.text ?? "";
  const unnamedAt = unnamedWorkflowAt(workflow);
  for (const step of workflow.steps ?? []) {
    const id = step?.name?.text;
    if (!id || steps.has(id)) continue;
    const symbol: StepSymbolRef = { kind: "step", name: id, workflow: name, path };
    if (unnamedAt) symbol.unnamedAt = unnamedAt;
    steps.set(id, symbol);
  }
  if (!unnamedAt) stepCache.set(workflow, steps);
  return steps;
}

/** The params and vars of a workflow by name (one namespace: the first declaration decides). */
export function valueSymbols(
  workflow: WorkflowDeclaration,
  path: string,
): Map<string, ValueSymbolRef> {
  let values = valueCache.get(workflow);
  if (values) return values;
  values = new Map();
  const name = workflow.name?.text ?? "";
  const unnamedAt = unnamedWorkflowAt(workflow);
  const members = workflow.members?.filter(
    (m): m is ParamDeclaration | VarDeclaration => m?.kind === "param" || m?.kind === "var",
  ) ?? [...(workflow.params ?? []), ...(workflow.vars ?? [])];
  for (const member of members) {
    const text = member?.name?.text;
    if (!text || values.has(text)) continue;
    const symbol: ValueSymbolRef = { kind: member.kind, name: text, workflow: name, path };
    if (unnamedAt) symbol.unnamedAt = unnamedAt;
    values.set(text, symbol);
  }
  if (!unnamedAt) valueCache.set(workflow, values);
  return values;
}

/** The file that declares a command; undefined for a built-in. */
export function commandPath(command: CommandSymbol): string | undefined {
  return command.kind === "declared" ? command.path : undefined;
}

/** The names of a command's parameters. */
export function commandParamNames(command: CommandSymbol): ReadonlySet<string> {
  const names =
    command.kind === "declared"
      ? (command.decl.params ?? []).map((p) => p?.name?.text)
      : command.signature.params.map((p) => p.name);
  return new Set(names.filter((n): n is string => !!n));
}
