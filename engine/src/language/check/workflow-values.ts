import type { Expression, Name, ParamDeclaration, VarDeclaration } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { reportDuplicate } from "./duplicate-names";
import type { ReferenceScope, StepOutputs } from "./reference-scope";
import { declaredType } from "./command-parameters";
import type { ValueType } from "./value-type";

/** A workflow `param` or `var` as references see it. */
export interface ValueSymbol {
  decl: ParamDeclaration | VarDeclaration;
  /** Position among the workflow's params and vars, in source order. */
  order: number;
  type: ValueType;
  /** Some reference in the workflow names it (MF012 otherwise). */
  used: boolean;
  /** A var whose value reads `run.*` (itself or through another var): known only once the run starts. */
  readsRun?: boolean;
}

/** Where in a workflow a reference is read, which decides what it may name. */
export type WorkflowSite =
  | { kind: "param"; order: number }
  | { kind: "var"; order: number }
  | { kind: "property" }
  | { kind: "step"; outputs: StepOutputs }
  | { kind: "step-setting" };

/** `run.*` is only known once the run starts; params, workflow properties and step settings are read before. */
const BEFORE_RUN: ReadonlyMap<string, string> = new Map([
  ["run", "it is read before the run starts, and run values are only known once it has"],
]);

const STEPS_UNAVAILABLE: Readonly<Record<Exclude<WorkflowSite["kind"], "step">, string>> = {
  var: "a var is computed when the run starts, before any step has run",
  param: "a param is set before any step has run",
  property: "workflow properties are read before any step has run",
  "step-setting":
    "timeout, rollback_timeout, retries, retry_delay, continue_on_error and shell are read before any step has run",
};

/**
 * The params and vars of one workflow (one namespace: MF004 on a name taken
 * twice), with their types and whether they are used, and the reference
 * scope of each place of the workflow: a param default may use earlier
 * params, a var params and earlier vars, workflow properties both, steps
 * both and step outputs.
 */
export class WorkflowValues {
  /** By name, the first declaration of each. */
  readonly byName: Map<string, ValueSymbol>;
  /**
   * While set, the name of each param or var a reference finds is added to
   * it: what one step uses, kept for an incremental re-check (MF012).
   */
  uses: string[] | undefined;

  constructor(
    /** The params and vars in source order. */
    readonly members: readonly (ParamDeclaration | VarDeclaration)[],
    readonly workflowName: string,
    readonly sink: DiagnosticSink,
  ) {
    this.byName = new Map();
    members.forEach((decl, order) => {
      const name = decl.name;
      if (!name?.text) return;
      const first = this.byName.get(name.text);
      if (first) {
        // A param and a var share one namespace: say which kinds clash.
        const what = first.decl.kind === decl.kind ? decl.kind : "name";
        const firstName = first.decl.name!;
        reportDuplicate(
          name,
          what,
          ` in workflow "${workflowName}"`,
          { path: sink.path, name: firstName },
          sink,
        );
        return;
      }
      this.byName.set(name.text, {
        decl,
        order,
        type: decl.kind === "param" ? declaredType(decl) : "any",
        used: false,
      });
    });
  }

  /** The scope of references written at `site`. */
  scope(site: WorkflowSite): ReferenceScope {
    const scope: ReferenceScope = {
      lookup: (name) => this.lookup(name, site),
      readUnfinished: (name) => this.markUsed(name.text),
      names: () => this.byName.keys(),
      typeOf: (name) => this.byName.get(name)?.type,
      writtenValue: (name) => this.writtenValue(name),
      steps: site.kind === "step" ? site.outputs : undefined,
      stepsUnavailable: site.kind === "step" ? "" : STEPS_UNAVAILABLE[site.kind],
      declaredValues: {
        owner: `workflow "${this.workflowName}"`,
        paramWord: "param",
        params: () => this.namesOf("param"),
        vars: () => this.namesOf("var"),
      },
    };
    if (site.kind === "var") {
      return {
        ...scope,
        readRoot: (root) => {
          if (root === "run") this.markReadsRun(site.order);
        },
      };
    }
    if (site.kind !== "step") return { ...scope, unavailableRoots: BEFORE_RUN };
    return scope;
  }

  private lookup(name: Name, site: WorkflowSite): ValueType | undefined {
    const symbol = this.byName.get(name.text);
    if (!symbol) return undefined;
    symbol.used = true;
    this.uses?.push(name.text);
    if (site.kind === "param" && (symbol.decl.kind === "var" || symbol.order >= site.order)) {
      this.sink.report(
        "MF008",
        name.range,
        symbol.decl.kind === "var"
          ? `a param default cannot use var "${name.text}": params are set before vars are computed`
          : `a param default can only use params declared before it, and "${name.text}" is not`,
      );
    } else if (site.kind === "var" && symbol.decl.kind === "var" && symbol.order >= site.order) {
      this.sink.report(
        "MF008",
        name.range,
        `var "${name.text}" is not computed yet here: a var can only use params and vars declared before it`,
      );
    } else if (site.kind === "var" && symbol.readsRun) {
      this.markReadsRun(site.order);
    } else if ((site.kind === "property" || site.kind === "step-setting") && symbol.readsRun) {
      this.sink.report(
        "MF008",
        name.range,
        `var "${name.text}" cannot be used here: it reads run.*, which is only known once the run starts, and ${STEPS_UNAVAILABLE[site.kind].replace(/ before any step has run$/, " before the run starts")}`,
      );
    }
    return symbol.type;
  }

  /** The names of the workflow's params or vars, in source order (only read for a message). */
  private namesOf(kind: "param" | "var"): string[] {
    return [...this.byName.values()]
      .filter((symbol) => symbol.decl.kind === kind)
      .map((symbol) => symbol.decl.name!.text);
  }

  /** A var's value as written (a param's may be given another value by the run). */
  private writtenValue(name: string): Expression | undefined {
    const decl = this.byName.get(name)?.decl;
    return decl?.kind === "var" ? decl.value : undefined;
  }

  /** The param or var `name`, if there is one, is used (MF012), with nothing checked. */
  private markUsed(name: string): void {
    const symbol = this.byName.get(name);
    if (!symbol) return;
    symbol.used = true;
    this.uses?.push(name);
  }

  /** The var at `order` reads `run.*`. */
  private markReadsRun(order: number): void {
    const name = this.members[order]?.name?.text;
    const symbol = name === undefined ? undefined : this.byName.get(name);
    if (symbol && symbol.order === order) symbol.readsRun = true;
  }
}
