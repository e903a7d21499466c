/**
 * `textDocument/completion` by context: what fits at the cursor (from
 * {@link analyzeCursor}, the tokens before it) turned into items, with names
 * from the document's checked tree and scope. Only what fits is offered: in
 * `needs: [` the step ids and nothing else.
 */
import { dirname, resolve } from "node:path";
import { type CompletionItem, CompletionItemKind } from "vscode-languageserver/node";
import {
  PROPERTY_TABLES,
  type CheckResult,
  type Position,
  type PropertyBlock,
  type WorkflowSymbol,
  workflowCallOf,
  commandParameters,
  givesJsonOutput,
  fansOut,
  type ListScope,
  testStepScopes,
} from "@momoflow/language";
import { addArguments, addCommands, commandInfo } from "./command-items";
import {
  analyzeCursor,
  type CursorAnalysis,
  type CursorContext,
  type PositionMap,
} from "../cursor/cursor-context";
import { type Enclosing, findEnclosing } from "../cursor/enclosing-declarations";
import { givenArguments, namesAfterCursor } from "../cursor/cursor-text";
import {
  addNoRollback,
  addDeclarationKeywords,
  addTestMemberKeywords,
  addWorkflowMemberKeywords,
  addProperties,
  addExpectSubjects,
  addFileStates,
  addForEachIn,
  addExpectOperators,
  addOutputFormats,
  addStringChoices,
  addContains,
  addStepStatuses,
  addWorkflowStatuses,
  addTypes,
} from "./keyword-items";
import { type ClientSupport, ItemBuilder, SUGGEST_AGAIN } from "./item-builder";
import type { SourceReader } from "../session/workspace-files";
import {
  addParamKeys,
  addParamsByName,
  addWorkflowNames,
  addReferenceField,
  addReferenceIndex,
  addReferenceStart,
  type ReferencePlace,
  addStepIds,
  allBut,
  needableSteps,
} from "./reference-items";
import type { ValueState } from "../cursor/scan-state";
import { atWorkflowCallee, callMakesCycle } from "./workflow-call-items";
import { addForEachItems, writtenForEachItems } from "./fan-out-items";
import { addFixturePaths } from "./fixture-path-items";
import { addImportPaths } from "./import-path-items";
import { isPseudoPath } from "../session/workspace-files";
import { addRecordedJsonFields } from "./json-field-items";

/** A step's id in a run's record from the steps of a test's path: `deploy[0]/bump`. */
function recordedStepId(steps: readonly string[]): string {
  return steps.map((s, i) => (i === 0 || s.startsWith("[") ? s : `/${s}`)).join("");
}

/** One completion request. */
export interface CompletionQuery {
  check: CheckResult;
  /** The cursor, as a document offset. */
  offset: number;
  positions: PositionMap;
  support: ClientSupport;
  /** The character that triggered the request, when one did. */
  triggerCharacter?: string;
  /** Reads ranges of files (defaults as written). */
  source: SourceReader;
  /** Paths of the documents open in the editor (for `import`: one not saved yet is importable). */
  openFiles: () => readonly string[];
}

/** Characters after which the editor asks for completion by itself. */
export const COMPLETION_TRIGGERS = [".", ":", "{", "(", "[", " ", ",", "$", "/", '"'];

/** Contexts a trigger character opens; any other context waits for an explicit request. */
const TRIGGERED: Readonly<Record<string, readonly CursorContext["kind"][]>> = {
  // A path's `.`: `./`, `../`, `release.momoflow` as it is typed.
  ".": ["field", "expect-path", "import-path", "fixture-path"],
  ":": ["types", "operand"],
  "{": ["interpolation", "map-keys"],
  "(": ["arguments", "interpolation"],
  // `needs: [`; an index: `sites[`, `outputs[`, a test's `expect output convert[`.
  "[": ["operand", "field", "expect-path"],
  ",": ["arguments", "operand", "map-keys"],
  $: ["dollar"],
  "/": ["called-steps", "expect-target", "fixture-path", "import-path"],
  // An opening quote: the path of an `import` or of a test's `files:`, nothing else.
  '"': ["import-path", "fixture-path"],
  " ": [
    "operand",
    "arguments",
    "types",
    "expect-subjects",
    "expect-target",
    "file-states",
    "expect-operators",
    // `params: { `: a key; `for_each: site `: its `in`.
    "map-keys",
    "for-each-in",
  ],
};

/** The completion items at the cursor. */
export function provideCompletion(query: CompletionQuery): CompletionItem[] {
  const { check, offset, positions } = query;
  const text = check.document.text;
  const analysis = analyzeCursor(text, offset, check.document.file, positions);
  const position = (o: number): Position => positions.positionAt(o);
  const builder = new ItemBuilder(
    { start: position(analysis.replace.start), end: position(offset) },
    { start: position(analysis.replace.start), end: position(analysis.replace.end) },
    query.support,
    colonFollows(text, analysis.replace.end),
  );
  const enclosing = findEnclosing(analysis.declaration, analysis.blocks, check.scope, positions);
  // The callee of `run: workflow ` is read from the line (the scanner sees a reference there).
  if (atWorkflowCallee(text, offset)) {
    // A workflow that would call itself, directly or through others, is an error (MF042): not offered.
    const caller = enclosing.workflow?.name?.text;
    addWorkflowNames(
      builder,
      check.scope,
      (name) => caller !== undefined && callMakesCycle(caller, name, check.scope),
    );
    return builder.items;
  }
  const context = analysis.context;
  if (context.kind === "none") return [];
  const allowed = query.triggerCharacter && TRIGGERED[query.triggerCharacter];
  if (allowed && !allowed.includes(context.kind)) return [];

  const completer = new Completer(builder, query, analysis, enclosing);
  completer.complete(context);
  return builder.items;
}

/** The text from `offset` goes on with a `:`, after spaces or tabs on the same line. */
function colonFollows(text: string, offset: number): boolean {
  let at = offset;
  while (text[at] === " " || text[at] === "\t") at++;
  return text[at] === ":";
}

class Completer {
  constructor(
    private readonly builder: ItemBuilder,
    private readonly query: CompletionQuery,
    private readonly analysis: CursorAnalysis,
    private readonly enclosing: Enclosing,
  ) {}

  private get scope() {
    return this.query.check.scope;
  }

  complete(context: CursorContext): void {
    const builder = this.builder;
    switch (context.kind) {
      case "none":
        return;
      case "top-level":
        addDeclarationKeywords(builder);
        return;
      case "members":
        this.members(context.frame.block, context.frame.seen);
        return;
      case "types":
        addTypes(builder);
        return;
      case "operand":
        this.operand(context.value, context.list && this.listed(context.list.names));
        return;
      case "field":
        if (context.index) {
          addReferenceIndex(
            builder,
            this.place(context.site),
            context.segments,
            this.closeFollows(),
          );
          return;
        }
        if (context.segments.length === 1 && context.segments[0] === "params") {
          this.paramsByName(context.site);
          return;
        }
        addReferenceField(builder, this.place(context.site), context.segments, this.dotFollows());
        return;
      case "interpolation":
        // A function's argument is a reference: no function again (`${json(basename(x))}` is MF001).
        addReferenceStart(
          builder,
          this.place(context.site),
          context.inFunction ? "code" : "interpolation",
        );
        return;
      case "dollar":
        addReferenceStart(builder, this.place(context.site), "dollar");
        return;
      case "arguments": {
        if (context.call.workflow) {
          const callee = this.scope.workflows.get(context.call.callee);
          const given = givenArguments(this.text, this.analysis, context.call);
          if (callee) addParamKeys(builder, callee, given, this.query.source);
          return;
        }
        // `contains(list, item)` in a condition takes two operands, not named arguments.
        if (context.call.callee === "contains") {
          addReferenceStart(builder, this.place(context.call.site), "code");
          this.bools();
          return;
        }
        const symbol = this.scope.commands.get(context.call.callee);
        if (!symbol) return;
        const given = givenArguments(this.text, this.analysis, context.call);
        addArguments(builder, commandInfo(symbol, this.scope.commands, this.query.source), given);
        return;
      }
      case "map-keys":
        if (context.map.owner.kind === "property" && context.map.owner.property === "params")
          addParamKeys(
            builder,
            this.enclosing.testedWorkflow,
            this.givenKeys(context.map.keys),
            this.query.source,
          );
        return;
      case "expect-subjects":
        addExpectSubjects(builder);
        return;
      case "expect-target":
      case "called-steps":
        addStepIds(builder, this.calledWorkflow(context.calledFrom)?.decl, allBut([]));
        return;
      case "expect-path":
        this.expectedOutputFields(context.target, context.calledFrom, context.path, context.index);
        return;
      case "file-states":
        addFileStates(builder);
        return;
      case "for-each-in":
        addForEachIn(builder);
        return;
      case "expect-operators":
        addExpectOperators(builder, context.subject);
        return;
      case "import-path": {
        const path = this.query.check.document.path;
        // A document never saved has no folder to be relative to.
        if (isPseudoPath(path)) return;
        const { start, end } = this.analysis.replace;
        // The import being edited is not "imported already": its own file stays on offer.
        const editing = resolve(dirname(path), context.folder + this.text.slice(start, end));
        addImportPaths(builder, {
          documentPath: path,
          folder: context.folder,
          typed: this.text.slice(start, this.query.offset),
          slashFollows: this.text[end] === "/",
          open: this.query.openFiles(),
          imported: new Set(this.scope.imports.filter((p) => p !== editing)),
        });
        return;
      }
      case "fixture-path": {
        const path = this.query.check.document.path;
        // A document never saved has no folder to be relative to.
        if (isPseudoPath(path)) return;
        const { start, end } = this.analysis.replace;
        const typed = this.text.slice(start, this.query.offset);
        addFixturePaths(builder, path, context.folder, typed, this.text[end] === "/");
        return;
      }
    }
  }

  /**
   * The workflow whose steps follow `release/` in a test: the tested workflow,
   * then for each step of the path the workflow it calls. An instance's
   * index (`[1]` of `deploy[1]/`, a step calling a workflow once per item)
   * names a call of the same workflow.
   */
  private calledWorkflow(calledFrom: readonly string[]): WorkflowSymbol | undefined {
    let workflow = this.enclosing.testedWorkflow;
    for (const name of calledFrom) {
      if (name.startsWith("[")) continue;
      const step = workflow?.decl.steps?.find((s) => s?.name?.text === name);
      const callee = step && workflowCallOf(step)?.callee?.text;
      workflow = callee ? this.scope.workflows.get(callee) : undefined;
    }
    return workflow;
  }

  /**
   * After `expect output <target>` and a `.`: the fields of the step's JSON
   * output as the tested workflow's latest finished run recorded them
   * (`release/stats`, `convert[1]` by their ids in the record); after a `[`
   * (`index`), the indexes of the list there, or a fan-out's instances
   * (`convert[`, whose outputs may be text).
   */
  private expectedOutputFields(
    target: string,
    calledFrom: readonly string[],
    path: readonly string[],
    index: boolean | undefined,
  ): void {
    const tested = this.enclosing.testedWorkflow;
    const workflow = this.calledWorkflow(calledFrom);
    const step = workflow?.decl.steps?.find((s) => s?.name?.text === target);
    if (!tested || !step) return;
    const instances = index === true && path.length === 0 && fansOut(step);
    if (!instances && !givesJsonOutput(step, this.workflowNamed)) return;
    const stepId = recordedStepId([...calledFrom, target]);
    addRecordedJsonFields(this.builder, {
      source: tested.path,
      workflow: tested.name,
      stepId,
      written: stepId,
      path,
      ...(index
        ? {
            index: {
              closeFollows: this.closeFollows(),
              ...(instances
                ? {
                    unrecorded: writtenForEachItems(
                      step,
                      workflow!.decl,
                      this.pathScope(calledFrom, target),
                    ),
                  }
                : {}),
            },
          }
        : {}),
    });
  }

  /**
   * Where step `target` at the end of a test's path reads its `for_each`
   * items: its workflow, with the lists the calls on the path give it.
   */
  private pathScope(calledFrom: readonly string[], target: string): ListScope | undefined {
    const tested = this.enclosing.testedWorkflow;
    if (!tested) return undefined;
    const steps = [...calledFrom.filter((s) => !s.startsWith("[")), target];
    const scoped = testStepScopes(steps, tested, this.scope.workflows);
    return scoped.length === steps.length ? scoped.at(-1)!.scope : undefined;
  }

  private place(site: ValueState["site"]): ReferencePlace {
    return {
      site,
      enclosing: this.enclosing,
      positions: this.query.positions,
      path: this.query.check.document.path,
      source: this.query.source,
      workflowNamed: this.workflowNamed,
    };
  }

  /** A workflow in scope by name. */
  private readonly workflowNamed = (name: string) => this.scope.workflows.get(name)?.decl;

  /**
   * After `params.`, which no reference starts with (MF001 says so), the
   * params by name, each replacing the `params.` with itself; what
   * `params.` reads when something is called `params`.
   */
  private paramsByName(site: ValueState["site"]): void {
    const { start, end } = this.analysis.replace;
    const prefix = "params.";
    const from = start - prefix.length;
    if (this.text.slice(from, start) === prefix) {
      const { positions, offset, support } = this.query;
      const wide = new ItemBuilder(
        { start: positions.positionAt(from), end: positions.positionAt(offset) },
        { start: positions.positionAt(from), end: positions.positionAt(end) },
        support,
      );
      if (addParamsByName(wide, this.place(site))) {
        this.builder.items.push(...wide.items);
        return;
      }
    }
    addReferenceField(this.builder, this.place(site), ["params"], this.dotFollows());
  }

  /** The text after the word at the cursor goes on with `.` or `(`. */
  private followedBy(character: string): boolean {
    return this.text[this.analysis.replace.end] === character;
  }

  private dotFollows(): boolean {
    return this.followedBy(".");
  }

  private closeFollows(): boolean {
    return this.followedBy("]");
  }

  private members(block: PropertyBlock, seen: readonly string[]): void {
    const present = new Set(seen);
    const node =
      block === "workflow"
        ? this.enclosing.workflow
        : block === "step"
          ? this.enclosing.step
          : block === "command"
            ? this.enclosing.command
            : this.enclosing.test;
    for (const property of node?.properties ?? []) {
      const name = property?.name;
      // The property being typed at the cursor is no reason to leave it out.
      if (
        name?.text &&
        this.query.positions.offsetAt(name.range.start) !== this.analysis.replace.start
      )
        present.add(name.text);
    }
    addProperties(this.builder, block, present);
    // A `:` after the word: a property's name is being retyped, which no keyword is.
    if (colonFollows(this.text, this.analysis.replace.end)) return;
    if (block === "workflow") addWorkflowMemberKeywords(this.builder, 2);
    if (block === "test") addTestMemberKeywords(this.builder, 2);
  }

  /**
   * `workflow ` in a step's `run`, which calls a workflow (then completed by
   * name): offered when one in scope can be called without a cycle (MF042).
   */
  private workflowCallKeyword(): void {
    const caller = this.enclosing.workflow?.name?.text;
    if (caller === undefined) return;
    const callable = [...this.scope.workflows.keys()].some(
      (name) => !callMakesCycle(caller, name, this.scope),
    );
    if (!callable) return;
    this.builder.add("workflow", CompletionItemKind.Keyword, {
      insert: "workflow ",
      detail: "workflow NAME(param: value, ...)",
      documentation:
        "Runs a whole workflow as part of this step: its steps run in this run, named `<this step>/<step>`.",
      group: 2,
      command: SUGGEST_AGAIN,
    });
  }

  /** `listed`: the names of the list the cursor is in, when it is in one. */
  private operand(value: ValueState, listed: readonly string[] | undefined): void {
    const builder = this.builder;
    const role = value.role;
    const place = this.place(value.site);
    switch (role.kind) {
      case "property": {
        const { block, property } = role;
        if (
          (property === "run" || property === "rollback") &&
          block !== "workflow" &&
          block !== "test"
        ) {
          if (value.first) {
            if (property === "rollback") addNoRollback(builder);
            addCommands(
              builder,
              this.scope,
              this.followedBy("("),
              this.query.source,
              this.enclosing.command?.name?.text,
            );
            if (property === "run" && block === "step") this.workflowCallKeyword();
          } else addReferenceStart(builder, place, "code");
          return;
        }
        if (property === "for_each" && block === "step") {
          if (value.forEachItems)
            addForEachItems(
              builder,
              this.enclosing.workflow,
              this.enclosing.step,
              this.workflowNamed,
            );
          return;
        }
        if (property === "needs" && block === "step") {
          const { workflow, step } = this.enclosing;
          addStepIds(builder, workflow, needableSteps(workflow, step, listed ?? []));
          return;
        }
        if (property === "fail" && block === "test") {
          addStepIds(builder, this.enclosing.testedWorkflow?.decl, allBut(listed ?? []));
          return;
        }
        if (property === "workflow" && block === "test") {
          addWorkflowNames(builder, this.scope);
          return;
        }
        if (property === "params" && block === "test") return;
        const expected = PROPERTY_TABLES[block].get(property)?.role;
        if (expected?.kind === "output-format") {
          if (value.first) addOutputFormats(builder);
          return;
        }
        if (expected?.kind === "condition") {
          this.condition(value);
          return;
        }
        const choices = expected?.kind === "value" ? expected.expectation.oneOf : undefined;
        if (value.first && choices) addStringChoices(builder, choices);
        addReferenceStart(builder, place, "code");
        if (expected?.kind === "value" && expected.expectation.type === "bool") this.bools();
        return;
      }
      case "default":
        addReferenceStart(builder, place, "code");
        if (role.type === "bool") this.bools();
        return;
      case "var":
        addReferenceStart(builder, place, "code");
        return;
      case "argument": {
        if (role.workflow) {
          addReferenceStart(builder, place, "code");
          if (this.workflowParamType(role.callee, role.argument) === "bool") this.bools();
          return;
        }
        const symbol = this.scope.commands.get(role.callee);
        const choices =
          symbol && role.argument !== undefined
            ? commandParameters(symbol).get(role.argument)?.expectation.oneOf
            : undefined;
        if (value.first && choices) addStringChoices(builder, choices);
        addReferenceStart(builder, place, "code");
        const param =
          symbol && role.argument !== undefined
            ? commandInfo(symbol, this.scope.commands, this.query.source).params.find(
                (p) => p.name === role.argument,
              )
            : undefined;
        if (param?.type === "bool") this.bools();
        return;
      }
      case "expect":
        if (value.first && role.subject === "status") addWorkflowStatuses(builder);
        else if (value.first && role.subject === "step") addStepStatuses(builder);
        else if (role.subject === "output" || role.subject === "file")
          addReferenceStart(builder, place, "code");
        return;
      case "map-key":
        return;
      case "map-value":
        addReferenceStart(builder, place, "code");
        return;
    }
  }

  private get text(): string {
    return this.query.check.document.text;
  }

  /** The plain names of a list: `before` the cursor, and those after it. */
  private listed(before: readonly string[]): string[] {
    return [...before, ...namesAfterCursor(this.text, this.analysis.replace.end, "items")];
  }

  /** Keys of a map given before the cursor and after it. */
  private givenKeys(before: readonly string[]): Set<string> {
    return new Set([
      ...before,
      ...namesAfterCursor(this.text, this.analysis.replace.end, "labels"),
    ]);
  }

  /**
   * An operand of a condition: after `steps.<id>.status ==` (or `!=`) the
   * statuses a step ends with; elsewhere references, `true`/`false` and `contains(…)`.
   */
  private condition(value: ValueState): void {
    const [root, , field] = value.compared;
    if (!value.first && value.compared.length === 3 && root === "steps" && field === "status") {
      addStepStatuses(this.builder);
      return;
    }
    addReferenceStart(this.builder, this.place(value.site), "code");
    this.bools();
    addContains(this.builder);
  }

  /** The declared type of the param `name` of the workflow `callee` in scope, when both are known. */
  private workflowParamType(callee: string, name: string | undefined): string | undefined {
    if (name === undefined) return undefined;
    const params = this.scope.workflows.get(callee)?.decl.params ?? [];
    return params.find((p) => p?.name?.text === name)?.type?.name?.text;
  }

  private bools(): void {
    this.builder.add("true", CompletionItemKind.Keyword, { group: 2 });
    this.builder.add("false", CompletionItemKind.Keyword, { group: 2 });
  }
}
