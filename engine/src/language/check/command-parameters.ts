import { SHELL_NAMES } from "../../commands/shell-choice";
import type { ParamDeclaration } from "../ast";
import type { CommandSymbol } from "../scope";
import type { Expectation } from "./expression-check";
import { isTypeName, type ValueType } from "./value-type";

/** A parameter of a command (declared or built-in) or of a workflow, as calls and tests see it. */
export interface ParameterInfo {
  name: string;
  type: ValueType;
  /** Its position among the parameters. */
  index: number;
  /** No default: a call must give it. */
  required: boolean;
  /** What a value given for it must be (built once, for the hot path of checking calls). */
  expectation: Expectation;
}

function parameter(
  name: string,
  index: number,
  type: ValueType,
  required: boolean,
  what: string,
): ParameterInfo {
  return { name, index, type, required, expectation: { type, what } };
}

/** Built-in parameters that take only some strings, by `command.param`. */
const BUILTIN_CHOICES: ReadonlyMap<string, readonly string[]> = new Map([
  ["sh.shell", SHELL_NAMES],
]);

const cache = new WeakMap<object, ReadonlyMap<string, ParameterInfo>>();

/** The parameters of a command by name, in declaration order (the first of a duplicated name). */
export function commandParameters(symbol: CommandSymbol): ReadonlyMap<string, ParameterInfo> {
  const key = symbol.kind === "declared" ? symbol.decl : symbol.signature;
  let params = cache.get(key);
  if (!params) {
    params =
      symbol.kind === "declared"
        ? declaredParameters(symbol.decl.params, `of "${symbol.name}"`)
        : new Map(
            symbol.signature.params.map((p, index) => {
              const info = parameter(
                p.name,
                index,
                p.type,
                p.default === undefined,
                `argument "${p.name}" of "${symbol.name}"`,
              );
              const choices = BUILTIN_CHOICES.get(`${symbol.name}.${p.name}`);
              if (choices) info.expectation.oneOf = choices;
              return [p.name, info];
            }),
          );
    cache.set(key, params);
  }
  return params;
}

/**
 * Parameters written in a `.momoflow` file: a command's (`ofCommand` names it
 * for messages, as `of "greet"`) or a workflow's `param`s. An unknown or
 * missing type counts as `any`, so a mistake in the declaration is reported
 * once, there.
 */
export function declaredParameters(
  params: readonly ParamDeclaration[] | undefined,
  ofCommand?: string,
): ReadonlyMap<string, ParameterInfo> {
  const result = new Map<string, ParameterInfo>();
  for (const param of params ?? []) {
    const name = param.name?.text;
    if (!name || result.has(name)) continue;
    const what = ofCommand ? `argument "${name}" ${ofCommand}` : `param "${name}"`;
    const required = param.default === undefined;
    result.set(name, parameter(name, result.size, declaredType(param), required, what));
  }
  return result;
}

/** The declared type of a parameter; `any` when missing or unknown. */
export function declaredType(param: ParamDeclaration): ValueType {
  const text = param.type?.name?.text;
  return text !== undefined && isTypeName(text) ? text : "any";
}
