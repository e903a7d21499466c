import type { CallExpression, Expression, WorkflowDeclaration } from "./ast";

/**
 * The params of a called workflow whose list is known before the run,
 * by name, each as its items written out: those the call gives a list
 * written out (`release(regions: ["eu", "us"])`), or a param or var that
 * the caller knows in turn, and those it leaves to a default written out.
 * The workflow a run starts at knows none of its params: `--param`, a
 * test's `params` or the editor may give any list.
 */
export type KnownLists = ReadonlyMap<string, readonly Expression[]>;

/** What the workflow the run starts at knows of its params: nothing. */
export const NO_KNOWN_LISTS: KnownLists = new Map();

/** Where a name is read: the workflow that reads it, what its params are known to hold. */
export interface ListScope {
  decl: WorkflowDeclaration;
  known: KnownLists;
  /** The `for_each` item in scope (a call's arguments read it): never a known list. */
  item?: string;
}

/**
 * The items of `items` when they are known before the run: a list written
 * out, or a param or var (of `scope.decl`) known to hold one. Undefined when
 * they are known only in the run (a param of the run, a glob, a step's
 * output, an item of another fan-out).
 */
export function knownList(
  items: Expression | undefined,
  scope: ListScope,
  seen: ReadonlySet<string> = new Set(),
): readonly Expression[] | undefined {
  if (items?.kind === "list") return items.items;
  if (items?.kind !== "ref" || items.segments.length !== 1) return undefined;
  const name = items.segments[0]!.text;
  if (name === scope.item || seen.has(name)) return undefined;
  const known = scope.known.get(name);
  if (known) return known;
  // A var reads what it was set to; `seen` stops `var a = b` `var b = a` (MF-reported) from looping.
  const declared = scope.decl.vars?.find((v) => v?.name?.text === name);
  return declared
    ? knownList(declared.value, { ...scope, item: undefined }, new Set([...seen, name]))
    : undefined;
}

/**
 * The known lists of the params of `callee`, which `call` calls from
 * `caller`: each argument known in the caller's scope, and each param the
 * call does not give that has a default written out.
 */
export function calledKnownLists(
  call: CallExpression,
  caller: ListScope,
  callee: WorkflowDeclaration,
): KnownLists {
  const known = new Map<string, readonly Expression[]>();
  for (const param of callee.params ?? []) {
    const name = param?.name?.text;
    if (!name) continue;
    const arg = call.args?.find((a) => a?.name?.text === name);
    // A default is read in the called workflow, which knows none of its params yet.
    const list = arg
      ? knownList(arg.value, caller)
      : knownList(param.default, { decl: callee, known: NO_KNOWN_LISTS });
    if (list) known.set(name, list);
  }
  return known;
}
