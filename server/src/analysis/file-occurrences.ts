import {
  type CommandDeclaration,
  type ExpectStatement,
  type Expression,
  type Name,
  type ParamDeclaration,
  type Property,
  type Range,
  type SourceFile,
  type StepDeclaration,
  type TestDeclaration,
  type VarDeclaration,
  type WorkflowDeclaration,
  type Segment,
  type TestStepPath,
  type WorkflowSymbol,
  resolveImport,
  testStepPath,
  workflowCallOf,
  type FileScope,
  FINAL_STEP_STATUSES,
  type Pausable,
  PauseCounter,
  runToEnd,
} from "@momoflow/language";
import { WORKFLOW_STATUSES } from "@momoflow/runtime";
import {
  type BlockKind,
  type CommandParamSymbolRef,
  type ItemSymbolRef,
  type StepSymbolRef,
  type SymbolOccurrence,
  type SymbolRef,
  type ValueSymbolRef,
  stepSymbols,
  unnamedCommandAt,
  unnamedWorkflowAt,
  valueSymbols,
} from "./symbol-ref";
import { NO_VALUES, type ValueContext, ValueOccurrences } from "./value-occurrences";

/**
 * What {@link fileOccurrences} reads: a {@link CheckResult} has it (its
 * document's tree and the file's scope, which says what imported names mean).
 */
export interface AnalyzedFile {
  document: { file: SourceFile };
  scope: FileScope;
}

/** Statuses an `expect step` compares with (the checker's list: pending and running are never final). */
const FINAL_STEP_STATUS_SET: ReadonlySet<string> = new Set(FINAL_STEP_STATUSES);
const WORKFLOW_STATUS_SET: ReadonlySet<string> = new Set(WORKFLOW_STATUSES);

const cache = new WeakMap<AnalyzedFile, readonly SymbolOccurrence[]>();

/**
 * Every symbol occurrence of a file, in document order: declaration names,
 * references (resolved as the checker resolves them), callee and argument
 * names, property names, import paths, statuses and type names. Names that
 * resolve to nothing (an unknown step, an undefined param) are left out.
 * Computed once per check result (results are cached by the workspace while
 * nothing changes), so asking again is free.
 */
export function fileOccurrences(file: AnalyzedFile): readonly SymbolOccurrence[] {
  return cache.get(file) ?? runToEnd(fileOccurrencesWork(file));
}

/**
 * {@link fileOccurrences} as pausable work, for a request that builds the
 * index of a long file (references): a safe point every `ITEMS_PER_PAUSE`
 * declarations, members and test members, counted together, and before the
 * sort. Cached as {@link fileOccurrences} is.
 */
export function* fileOccurrencesWork(file: AnalyzedFile): Pausable<readonly SymbolOccurrence[]> {
  let occurrences = cache.get(file);
  if (!occurrences) {
    occurrences = yield* new OccurrenceCollector(file.document.file, file.scope).collect();
    cache.set(file, occurrences);
  }
  return occurrences;
}

/** Walks one file's tree and records what each name means. */
class OccurrenceCollector {
  private readonly out: SymbolOccurrence[] = [];
  private readonly path: string;
  private readonly values: ValueOccurrences;
  /** The workflow being walked (fan-out items belong to one of its steps). */
  private workflowName = "";
  /** Where the workflow being read starts, when it has no name yet (see unnamedWorkflowAt). */
  private workflowUnnamedAt: string | undefined;
  private readonly pauses = new PauseCounter();

  constructor(
    private readonly file: SourceFile,
    private readonly scope: FileScope,
  ) {
    this.path = file.path ?? scope.path;
    this.values = new ValueOccurrences(scope, (symbol, range) => this.add(symbol, range, false));
  }

  *collect(): Pausable<SymbolOccurrence[]> {
    for (const decl of this.file.declarations ?? []) {
      if (this.pauses.due()) yield;
      if (!decl) continue;
      switch (decl.kind) {
        case "import":
          if (decl.pathRange && typeof decl.path === "string" && decl.path !== "") {
            this.add(
              { kind: "import", path: resolveImport(this.path, decl.path) },
              decl.pathRange,
              false,
            );
          }
          break;
        case "command":
          this.command(decl);
          break;
        case "workflow":
          yield* this.workflow(decl);
          break;
        case "test":
          yield* this.test(decl);
          break;
      }
    }
    yield;
    return this.out.sort((a, b) => compare(a.range.start, b.range.start));
  }

  // ------------------------------------------------------------------ commands

  private command(decl: CommandDeclaration): void {
    // One without a name (its header line deleted as it is edited) has no
    // symbol of its own, but its parameters and properties are still its own.
    const name = decl.name?.text ?? "";
    const unnamedAt = unnamedCommandAt(decl);
    if (name)
      this.add({ kind: "command", name, path: this.path }, decl.name.range, true, decl.range);
    const declared = new Set<string>();
    const paramRef = (param: string): CommandParamSymbolRef => ({
      kind: "command-param",
      name: param,
      command: name,
      path: this.path,
      ...(unnamedAt ? { unnamedAt } : {}),
    });
    for (const param of decl.params ?? []) {
      const paramName = param?.name?.text;
      if (!paramName) continue;
      declared.add(paramName);
      this.add(paramRef(paramName), param.name.range, true, param.range);
      this.typeName(param);
    }
    const context: ValueContext = {
      lookup: (n) => (declared.has(n) ? paramRef(n) : undefined),
      steps: undefined,
    };
    for (const param of decl.params ?? []) {
      this.expression(param?.default, context);
      this.values.readUnfinished(param, context);
    }
    for (const property of decl.properties ?? []) this.property(property, "command", context);
  }

  // ----------------------------------------------------------------- workflows

  private *workflow(decl: WorkflowDeclaration): Pausable<void> {
    // One without a name yet (`workflow {`, being typed) has no symbol of its
    // own, but its body's are its members' (hovers, references), as once named.
    const name = decl.name?.text ?? "";
    this.workflowName = name;
    this.workflowUnnamedAt = unnamedWorkflowAt(decl);
    if (name)
      this.add({ kind: "workflow", name, path: this.path }, decl.name.range, true, decl.range);
    const values = valueSymbols(decl, this.path);
    const steps = stepSymbols(decl, this.path);
    const context: ValueContext = {
      lookup: (n) => values.get(n),
      steps: (id) => steps.get(id),
    };
    const beforeSteps: ValueContext = { ...context, steps: undefined };

    const members = decl.members ?? [
      ...(decl.properties ?? []),
      ...(decl.params ?? []),
      ...(decl.vars ?? []),
      ...(decl.steps ?? []),
    ];
    for (const member of members) {
      if (this.pauses.due()) yield;
      if (!member) continue;
      switch (member.kind) {
        case "property":
          this.property(member, "workflow", beforeSteps);
          break;
        case "param":
        case "var":
          this.value(member, values, beforeSteps);
          break;
        case "step":
          this.step(member, steps, context);
          break;
      }
    }
  }

  private value(
    decl: ParamDeclaration | VarDeclaration,
    values: ReadonlyMap<string, ValueSymbolRef>,
    context: ValueContext,
  ): void {
    const symbol = decl.name?.text ? values.get(decl.name.text) : undefined;
    if (symbol) this.add(symbol, decl.name!.range, true, decl.range);
    if (decl.kind === "param") {
      this.typeName(decl);
      this.expression(decl.default, context);
    } else {
      this.expression(decl.value, context);
    }
    this.values.readUnfinished(decl, context);
  }

  private step(
    decl: StepDeclaration,
    steps: ReadonlyMap<string, StepSymbolRef>,
    context: ValueContext,
  ): void {
    const symbol = decl.name?.text ? steps.get(decl.name.text) : undefined;
    if (symbol) this.add(symbol, decl.name.range, true, decl.range);
    const inStep = this.fanOutItem(decl, context);
    for (const property of decl.properties ?? []) {
      if (property?.name?.text === "needs") {
        this.propertyName(property, "step");
        this.stepIds(property.value, (id) => steps.get(id));
      } else {
        this.property(property, "step", property?.item ? context : inStep);
      }
    }
  }

  /**
   * The item of `for_each: file in <items>`: declared there, in scope in the
   * step's other properties (the items themselves are read outside it).
   */
  private fanOutItem(decl: StepDeclaration, context: ValueContext): ValueContext {
    const forEach = (decl.properties ?? []).find((p) => p?.name?.text === "for_each");
    const item = forEach?.item;
    if (!forEach || !item?.text || !decl.name?.text) return context;
    const symbol: ItemSymbolRef = {
      kind: "item",
      name: item.text,
      step: decl.name.text,
      workflow: this.workflowName,
      path: this.path,
    };
    if (this.workflowUnnamedAt) symbol.unnamedAt = this.workflowUnnamedAt;
    this.add(symbol, item.range, true, forEach.range);
    return { ...context, lookup: (n) => (n === item.text ? symbol : context.lookup(n)) };
  }

  // --------------------------------------------------------------------- tests

  private *test(decl: TestDeclaration): Pausable<void> {
    const name = decl.name?.text;
    if (name) this.add({ kind: "test", name, path: this.path }, decl.name.range, true, decl.range);

    // The workflow under test decides what step ids and param names mean.
    const workflowProperty = (decl.properties ?? []).find((p) => p?.name?.text === "workflow");
    const workflowName = singleName(workflowProperty?.value);
    const workflow = workflowName ? this.scope.workflows.get(workflowName.text) : undefined;
    const values = workflow && valueSymbols(workflow.decl, workflow.path);
    const steps = new TestSteps(workflow, this.scope);

    for (const member of decl.members ?? [...(decl.properties ?? []), ...(decl.expects ?? [])]) {
      if (this.pauses.due()) yield;
      if (!member) continue;
      if (member.kind === "expect") {
        this.expect(member, steps);
        continue;
      }
      this.propertyName(member, "test");
      switch (member.name?.text) {
        case "workflow":
          if (workflow && member.value === workflowProperty?.value && workflowName) {
            this.add(
              { kind: "workflow", name: workflow.name, path: workflow.path },
              workflowName.range,
              false,
            );
          }
          break;
        case "fail":
          for (const item of [
            ...(member.value?.kind === "list" ? (member.value.items ?? []) : [member.value]),
            // `fail: release/`, as typed: the steps written so far.
            ...(member.unfinished ?? []),
          ])
            if (item?.kind === "ref" && item.segments?.[0]?.text)
              this.stepPath(item.segments[0], item.segments.slice(1), steps);
          break;
        case "params":
          if (member.value?.kind === "map") {
            for (const entry of member.value.entries ?? []) {
              const symbol = entry?.key?.text ? values?.get(entry.key.text) : undefined;
              if (symbol?.kind === "param") this.add(symbol, entry.key.range, false);
              this.expression(entry?.value, NO_VALUES);
            }
          } else {
            this.expression(member.value, NO_VALUES);
          }
          break;
        default:
          this.expression(member.value, NO_VALUES);
          this.values.readUnfinished(member, NO_VALUES);
      }
    }
  }

  private expect(expect: ExpectStatement, steps: TestSteps): void {
    if ((expect.subject === "step" || expect.subject === "output") && expect.target?.text)
      this.stepPath(expect.target, expect.path ?? [], steps);
    if (expect.subject === "status" || expect.subject === "step") {
      const status = singleName(expect.value);
      const of = expect.subject === "status" ? "workflow" : "step";
      const known = of === "workflow" ? WORKFLOW_STATUS_SET : FINAL_STEP_STATUS_SET;
      if (status && known.has(status.text)) {
        this.add({ kind: "status", of, name: status.text }, status.range, false);
        return;
      }
    }
    this.expression(expect.value, NO_VALUES);
  }

  // --------------------------------------------------------------- expressions

  private property(property: Property | undefined, block: BlockKind, context: ValueContext): void {
    if (!property) return;
    this.propertyName(property, block);
    this.expression(property.value, context);
    this.values.readUnfinished(property, context);
  }

  private propertyName(property: Property, block: BlockKind): void {
    if (property.name?.text) {
      this.add({ kind: "property", block, name: property.name.text }, property.name.range, false);
    }
  }

  private typeName(param: ParamDeclaration): void {
    const type = param.type?.name;
    if (type?.text) this.add({ kind: "type", name: type.text }, type.range, false);
  }

  /** Each step of a test's path (`release/bump`): a step of the workflow before it. */
  private stepPath(head: Name, segments: readonly Segment[], steps: TestSteps): void {
    for (const { name, symbol } of steps.resolve(testStepPath(head, segments)))
      this.add(symbol, name.range, false);
  }

  /** The value of `needs`: a step id or a list of them. */
  private stepIds(
    value: Expression | undefined,
    step: (id: string) => StepSymbolRef | undefined,
  ): void {
    if (!value) return;
    const items = value.kind === "list" ? (value.items ?? []) : [value];
    for (const item of items) {
      const id = singleName(item);
      const symbol = id && step(id.text);
      if (symbol) this.add(symbol, id.range, false);
    }
  }

  private expression(expr: Expression | undefined, context: ValueContext): void {
    this.values.read(expr, context);
  }

  private add(symbol: SymbolRef, range: Range, isDeclaration: boolean, extent?: Range): void {
    if (!range) return;
    const occurrence: SymbolOccurrence = { symbol, range, isDeclaration };
    if (extent) occurrence.extent = extent;
    this.out.push(occurrence);
  }
}

// --------------------------------------------------------------------- helpers

/**
 * The steps a test names, from its workflow down through the workflows its
 * steps call (`release/bump` is step `bump` of the workflow `release` calls).
 */
class TestSteps {
  constructor(
    private readonly workflow: WorkflowSymbol | undefined,
    private readonly scope: FileScope,
  ) {}

  /** Each name of the path with its step, as far as the names resolve. */
  resolve(path: TestStepPath): { name: Name; symbol: StepSymbolRef }[] {
    const found: { name: Name; symbol: StepSymbolRef }[] = [];
    let workflow = this.workflow;
    for (const name of path.steps) {
      const symbol = workflow && stepSymbols(workflow.decl, workflow.path).get(name.text);
      if (!workflow || !symbol) break;
      found.push({ name, symbol });
      const decl = workflow.decl.steps?.find((s) => s?.name?.text === name.text);
      const callee = decl && workflowCallOf(decl)?.callee?.text;
      workflow = callee ? this.scope.workflows.get(callee) : undefined;
    }
    return found;
  }
}

/** A one-segment reference (a step id, a workflow name, a status). */
function singleName(expr: Expression | undefined): Name | undefined {
  return expr?.kind === "ref" && expr.segments?.length === 1 && expr.segments[0]?.text
    ? expr.segments[0]
    : undefined;
}

function compare(
  a: { line: number; character: number },
  b: { line: number; character: number },
): number {
  return a.line - b.line || a.character - b.character;
}
