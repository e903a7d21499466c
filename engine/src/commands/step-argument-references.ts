import type { WorkflowContext } from "../runtime/context";
import type { CommandArgs, CommandParam, ParamType } from "./command";
import {
  interpolateShell,
  parseShellTemplate,
  shellTemplateRefs,
  shellText,
  type ShellTemplatePart,
} from "./shell-quote";

/** Where a reference is looked up: the run's variables, step outputs and environment. */
export interface ReferenceScope {
  context: WorkflowContext;
  env: Record<string, string | undefined>;
}

/** A `${...}` reference of a step's argument that has no value (yet). */
export class StepReferenceError extends Error {
  constructor(
    readonly stepId: string,
    readonly argument: string,
    readonly reference: string,
    reason: string,
  ) {
    super(`step "${stepId}": argument "${argument}" refers to "\${${reference}}", ${reason}`);
    this.name = "StepReferenceError";
  }
}

/** One string argument holding references, parsed once. */
interface TemplateArgument {
  /** The argument's name; for a string inside it, with the way there: `value.version`, `files[0]`. */
  name: string;
  /** The argument it is in (`name` without the way there). */
  argument: string;
  /** Where it is inside the argument's list or map; empty for the argument itself. */
  path: readonly (string | number)[];
  parts: ShellTemplatePart[];
  /** The parameter is a shell script: values are shell-quoted for where they land. */
  shell: boolean;
}

/** How deep a string in a list or map argument is still looked at for references. */
const MAX_NESTED_DEPTH = 64;

/**
 * The arguments of a `CommandStep` action, where a string may refer to the
 * run: `"${name}"` (a variable, or a field of one: `${config.port}`),
 * `"${steps.build.output}"` (an earlier step's output) and `"${env.HOME}"`.
 * A string that is one reference and nothing else gets the value as it is
 * (a number stays a number); text around references makes a string of their
 * text; in a shell script (`sh`'s `script`) each value is shell-quoted for
 * where it lands, as in a `.momoflow` shell action. `\${` is a literal `${`.
 * Strings without `${` are left exactly as they are. The strings inside a
 * list or map argument are resolved the same way (named `value.version`,
 * `items[0]` in errors); the step's own arguments are never changed.
 */
export class StepArguments {
  private readonly templates: TemplateArgument[] = [];

  /**
   * @throws Error naming the step and the argument for a malformed `${...}`.
   */
  constructor(
    private readonly stepId: string,
    readonly args: CommandArgs,
    params: readonly CommandParam[],
  ) {
    const shellParams = new Set(params.filter((p) => p.shellScript).map((p) => p.name));
    for (const [name, value] of Object.entries(args)) {
      if (typeof value === "string") {
        if (value.includes("${")) this.add(name, [], value, shellParams.has(name));
      } else if (typeof value === "object" && value !== null) this.addNested(name, [], value, 0);
    }
  }

  /** The strings inside a list or map argument (`{ version: "${version}" }`) refer to the run too. */
  private addNested(argument: string, path: (string | number)[], value: object, depth: number) {
    if (depth >= MAX_NESTED_DEPTH) return;
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, i) => [i, item])
      : isPlainObject(value)
        ? Object.entries(value)
        : [];
    for (const [key, item] of entries) {
      if (typeof item === "string") {
        if (item.includes("${")) this.add(argument, [...path, key], item, false);
      } else if (typeof item === "object" && item !== null)
        this.addNested(argument, [...path, key], item, depth + 1);
    }
  }

  private add(argument: string, path: (string | number)[], text: string, shell: boolean): void {
    const name = argument + path.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
    let parts: ShellTemplatePart[];
    try {
      parts = parseShellTemplate(text);
    } catch (error) {
      throw new Error(`step "${this.stepId}": argument "${name}": ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.templates.push({ name, argument, path, parts, shell });
  }

  /** Whether any argument refers to the run. */
  get hasReferences(): boolean {
    return this.templates.some((t) => t.parts.some((part) => "ref" in part));
  }

  /** Every reference, in argument order. */
  references(): string[] {
    return this.templates.flatMap((t) => shellTemplateRefs(t.parts));
  }

  /**
   * The arguments with each referring one replaced by a value of its
   * parameter's type: what can be checked before the run.
   */
  standIns(params: readonly CommandParam[]): CommandArgs {
    if (this.templates.length === 0) return this.args;
    const types = new Map(params.map((p) => [p.name, p]));
    const out: CommandArgs = { ...this.args };
    for (const t of this.templates) {
      // A string inside a list or map keeps its place: the argument's shape is checked as written.
      if (t.path.length > 0) continue;
      const param = types.get(t.name);
      // An unknown argument stays as it is, so the check names it.
      if (param) out[t.name] = param.default ?? standIn(param.type);
    }
    return out;
  }

  /**
   * The arguments with every reference replaced by its value.
   *
   * @throws StepReferenceError for a reference without a value, naming the
   *   step, the argument and the reference.
   */
  resolve(scope: ReferenceScope): CommandArgs {
    if (this.templates.length === 0) return this.args;
    const out: CommandArgs = { ...this.args };
    for (const t of this.templates) {
      const value = this.resolveOne(t, scope);
      out[t.argument] = t.path.length === 0 ? value : withValueAt(out[t.argument], t.path, value);
    }
    return out;
  }

  /** The messages of the references that have no value now (empty: all resolve). */
  problems(scope: ReferenceScope, ignore: (ref: string) => boolean = () => false): string[] {
    const problems: string[] = [];
    for (const t of this.templates) {
      for (const ref of shellTemplateRefs(t.parts)) {
        if (ignore(ref)) continue;
        const reason = missingReason(ref, scope);
        if (reason) problems.push(new StepReferenceError(this.stepId, t.name, ref, reason).message);
      }
    }
    return problems;
  }

  private resolveOne(t: TemplateArgument, scope: ReferenceScope): unknown {
    const lookup = (ref: string): unknown => {
      const reason = missingReason(ref, scope);
      if (reason) throw new StepReferenceError(this.stepId, t.name, ref, reason);
      return referenceValue(ref, scope);
    };
    if (t.shell) {
      try {
        return interpolateShell(t.parts, lookup);
      } catch (error) {
        if (error instanceof StepReferenceError) throw error;
        throw new Error(
          `step "${this.stepId}": argument "${t.name}": ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    }
    const only = t.parts.length === 1 ? t.parts[0]! : undefined;
    if (only && "ref" in only) return lookup(only.ref);
    return t.parts
      .map((part) => ("ref" in part ? shellText(lookup(part.ref)) : part.text))
      .join("");
  }
}

/** A copy of `container` with `value` at `path`: the lists and maps on the way are copied, the step's own arguments untouched. */
function withValueAt(
  container: unknown,
  path: readonly (string | number)[],
  value: unknown,
): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (Array.isArray(container)) {
    const list: unknown[] = [...(container as unknown[])];
    list[key as number] = withValueAt(list[key as number], rest, value);
    return list;
  }
  const map = { ...(container as Record<string, unknown>) };
  map[key as string] = withValueAt(map[key as string], rest, value);
  return map;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const ABSENT = Symbol("absent");

/** Why a reference has no value, or undefined when it has one. */
function missingReason(ref: string, scope: ReferenceScope): string | undefined {
  const path = ref.split(".");
  if (path[0] === "steps") {
    const [, stepId, field, ...rest] = path;
    if (stepId === undefined || field !== "output") {
      return "which is not a reference to a step's output (write ${steps.<id>.output})";
    }
    if (!scope.context.hasStepOutput(stepId)) {
      return `but step "${stepId}" has no output in this run: it must succeed, with an output, before this step (list it in needs)`;
    }
    return fieldOf(scope.context.getStepOutput(stepId), rest) === ABSENT
      ? `but the output of step "${stepId}" has no field ${rest.join(".")}`
      : undefined;
  }
  if (path[0] === "env" && path.length === 2) {
    return scope.env[path[1]!] === undefined
      ? `but environment variable ${path[1]} is not set`
      : undefined;
  }
  const [name, ...rest] = path;
  if (!scope.context.has(name!)) {
    const known = Object.keys(scope.context.getVariables()).sort();
    return `which is not a variable of the run (${known.length ? `its variables: ${known.join(", ")}` : "it has no variables"}; write \\\${ for a literal "\${")`;
  }
  if (fieldOf(scope.context.get(name!), rest) !== ABSENT) return undefined;
  return rest.length
    ? `but variable "${name}" has no field ${rest.join(".")}`
    : `but variable "${name}" is undefined`;
}

/** The value of a reference that {@link missingReason} found. */
function referenceValue(ref: string, scope: ReferenceScope): unknown {
  const path = ref.split(".");
  if (path[0] === "steps") {
    return fieldOf(scope.context.getStepOutput(path[1]!), path.slice(3));
  }
  if (path[0] === "env" && path.length === 2) return scope.env[path[1]!];
  return fieldOf(scope.context.get(path[0]!), path.slice(1));
}

function fieldOf(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) {
      return ABSENT;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined ? ABSENT : current;
}

function standIn(type: ParamType): unknown {
  switch (type) {
    case "int":
    case "number":
    case "duration":
    case "size":
      return 0;
    case "bool":
      return false;
    case "list":
      return [];
    case "map":
      return {};
    default:
      return "x";
  }
}
