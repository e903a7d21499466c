import type { Expression, Reference, WorkflowDeclaration } from "../ast";
import type { WorkflowSymbol } from "../scope";
import { CALL_SEPARATOR, workflowCallOf } from "../workflow-call";
import type { OutputPath } from "../../runtime/step";

/**
 * The steps of a run whose output becomes a secret, known before the run
 * starts: a call's argument that reads `steps.<id>.output` (a field of it,
 * or inside an interpolation) and is bound to a `secret` param of the called
 * workflow — or to a param that the called workflow hands on to one, through
 * nested calls, also of imported workflows. By run id (`login`,
 * `ship/login`), each with the paths of its output that are read: `[]` for
 * the whole output, `["token"]` for `steps.login.output.token`. A step that
 * calls a workflow has its last step's output: that step is the one named.
 * A fan-out step's (`for_each`) output is the list of its instances'
 * outputs (`steps.login.outputs[1].token` is `[1, "token"]`): its instances
 * take their own part of those paths (see `instanceSecretOutput`).
 *
 * The run holds back such a step's output until it knows the value (see
 * `StepOutput`): the call's own masking would come only once the value had
 * been written.
 */
export function secretOutputReads(
  root: WorkflowDeclaration,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
): Map<string, OutputPath[]> {
  const found = new Map<string, OutputPath[]>();
  new SecretOutputWalk(workflows, found).unit(root, "", [root.name.text]);
  return found;
}

class SecretOutputWalk {
  /** By workflow: its params whose value reaches a `secret` param (its own, or one of a workflow it calls). */
  private readonly carrying = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly workflows: ReadonlyMap<string, WorkflowSymbol>,
    private readonly found: Map<string, OutputPath[]>,
  ) {}

  /** The steps of one workflow in the run, their ids prefixed (`ship/`), and of the workflows they call. */
  unit(decl: WorkflowDeclaration, prefix: string, callers: readonly string[]): void {
    for (const step of decl.steps) {
      const call = workflowCallOf(step);
      const callee = call && this.workflows.get(call.callee.text);
      if (!call || !callee || callers.includes(callee.name)) continue;
      const carrying = this.carryingOf(callee.decl, [...callers, callee.name]);
      for (const arg of call.args) {
        if (!arg.name || !carrying.has(arg.name.text)) continue;
        for (const ref of references(arg.value)) this.outputRead(ref, decl, prefix, callers);
      }
      this.unit(callee.decl, prefix + step.name.text + CALL_SEPARATOR, [...callers, callee.name]);
    }
  }

  /** Notes the step whose output `ref` reads (`steps.login.output…`), if it is one. */
  private outputRead(
    ref: Reference,
    decl: WorkflowDeclaration,
    prefix: string,
    callers: readonly string[],
  ): void {
    const [root, name, field, ...path] = ref.segments;
    if (root?.text !== "steps" || !name || name.index !== undefined) return;
    // A fan-out step's `outputs` is the list of its instances' outputs, as a call's `output` is when its last step fans out.
    if (field?.text !== "output" && field?.text !== "outputs") return;
    this.stepOutput(
      decl,
      prefix,
      name.text,
      path.map((s) => s.index ?? s.text),
      callers,
    );
  }

  private stepOutput(
    decl: WorkflowDeclaration,
    prefix: string,
    name: string,
    path: OutputPath,
    callers: readonly string[],
  ): void {
    const step = decl.steps.find((s) => s.name.text === name);
    if (!step) return;
    const call = workflowCallOf(step);
    const callee = call && this.workflows.get(call.callee.text);
    if (callee && !callers.includes(callee.name)) {
      // A call's output is its workflow's last step's.
      const last = callee.decl.steps.at(-1);
      if (last)
        this.stepOutput(callee.decl, prefix + name + CALL_SEPARATOR, last.name.text, path, [
          ...callers,
          callee.name,
        ]);
      return;
    }
    const id = prefix + name;
    const paths = this.found.get(id) ?? [];
    if (!paths.some((p) => p.length === path.length && p.every((s, i) => s === path[i])))
      paths.push(path);
    this.found.set(id, paths);
  }

  /** See {@link carrying}; `callers`: the workflows on the way here, not entered again (a cycle is MF042). */
  private carryingOf(decl: WorkflowDeclaration, callers: readonly string[]): ReadonlySet<string> {
    const known = this.carrying.get(decl.name.text);
    if (known) return known;
    const names = new Set(
      decl.params.filter((p) => p.type?.name.text === "secret").map((p) => p.name.text),
    );
    const vars = new Map(decl.vars.map((v) => [v.name.text, v.value]));
    for (const step of decl.steps) {
      const call = workflowCallOf(step);
      const callee = call && this.workflows.get(call.callee.text);
      if (!call || !callee || callers.includes(callee.name)) continue;
      const carrying = this.carryingOf(callee.decl, [...callers, callee.name]);
      for (const arg of call.args)
        if (arg.name && carrying.has(arg.name.text))
          for (const param of paramsRead(arg.value, vars, new Set())) names.add(param);
    }
    this.carrying.set(decl.name.text, names);
    return names;
  }
}

/** The roots whose fields are built-in values, never a param or var (MF004). */
const BUILTIN_ROOTS: ReadonlySet<string> = new Set(["env", "run", "workflow", "steps"]);

/**
 * The names an expression reads as a param or var (`auth`, `${auth}`, an
 * item or field of one: `cfg.token`, `keys[0]`, which carries the whole
 * value the caller gives), vars followed to what they read.
 */
function paramsRead(
  expr: Expression | undefined,
  vars: ReadonlyMap<string, Expression | undefined>,
  seen: Set<string>,
): string[] {
  const names: string[] = [];
  for (const ref of references(expr)) {
    const name = ref.segments[0]?.text;
    if (!name || (ref.segments.length !== 1 && BUILTIN_ROOTS.has(name)) || seen.has(name)) continue;
    seen.add(name);
    if (vars.has(name)) names.push(...paramsRead(vars.get(name), vars, seen));
    else names.push(name);
  }
  return names;
}

/** Every reference in an expression: itself, inside interpolations, arguments, lists, maps. */
function references(expr: Expression | undefined): Reference[] {
  if (!expr) return [];
  switch (expr.kind) {
    case "ref":
      return [expr];
    case "string":
      return expr.parts.flatMap((part) =>
        part.kind === "interpolation" && part.ref ? [part.ref] : [],
      );
    case "call":
      return expr.args.flatMap((arg) => references(arg.value));
    case "list":
      return expr.items.flatMap(references);
    case "map":
      return expr.entries.flatMap((entry) => references(entry.value));
    case "binary":
      return [...references(expr.left), ...references(expr.right)];
    case "not":
      return references(expr.operand);
    default:
      return [];
  }
}
