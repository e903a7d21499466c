import type { Expression, WorkflowDeclaration } from "../ast";
import type { ParamType } from "../../commands/command";
import { parseParamText } from "../compile/param-values";
import { nearestNames } from "../edit-distance";
import { knownList, NO_KNOWN_LISTS, type KnownLists } from "../known-list";

/**
 * What the graphed workflow's own list params hold, as `momoflow run` with
 * the same `--param` values binds them: a list given as text (typed by its
 * declaration, as `run` reads it), else the param's default written out. A
 * param given nothing and with no such default is left out: its fan-outs
 * are `×N`, known only in the run. The graph counts the items only: each
 * given one stands as a string of its JSON text, at the param's name.
 * @param given `--param` values by name, as text.
 * @throws Error naming a param the workflow does not declare, or a value that does not fit its type.
 */
export function givenParamLists(
  decl: WorkflowDeclaration,
  given: Readonly<Record<string, string>>,
): KnownLists {
  const declared = new Map(decl.params.flatMap((p) => (p?.name ? [[p.name.text, p]] : [])));
  for (const name of Object.keys(given)) {
    if (declared.has(name)) continue;
    const known = [...declared.keys()];
    const [nearest] = nearestNames(name, known);
    throw new Error(
      `workflow \`${decl.name.text}\` has no param \`${name}\`${nearest ? `; did you mean \`${nearest}\`?` : ""}${known.length ? ` (its params: ${known.join(", ")})` : ""}`,
    );
  }
  const lists = new Map<string, readonly Expression[]>();
  for (const [name, param] of declared) {
    const type = (param.type?.name.text ?? "any") as ParamType;
    if (Object.hasOwn(given, name)) {
      let value: unknown;
      try {
        value = parseParamText(given[name]!, type);
      } catch (error) {
        throw new Error(
          `--param ${name}: ${(error as Error).message} (declared \`${name}: ${type}\`)`,
          { cause: error },
        );
      }
      if (Array.isArray(value))
        lists.set(
          name,
          value.map((item) => itemStandIn(item, param.name.range)),
        );
      continue;
    }
    // A default is read in the workflow, which knows none of its params yet.
    const list = knownList(param.default, { decl, known: NO_KNOWN_LISTS });
    if (list) lists.set(name, list);
  }
  return lists;
}

function itemStandIn(item: unknown, range: Expression["range"]): Expression {
  return {
    kind: "string",
    parts: [{ kind: "text", value: JSON.stringify(item) ?? "null" }],
    triple: false,
    range,
  };
}
