import type { CommandDeclaration, Name } from "../ast";
import type { CommandSymbol } from "../scope";
import { checkAction } from "./action-check";
import { reportCommandLoop } from "./command-loops";
import { checkTypedProperties, reportMissingProperties, sortProperties } from "./block-properties";
import { declaredType } from "./command-parameters";
import type { DiagnosticSink } from "./diagnostic-sink";
import { indexUniqueNames } from "./duplicate-names";
import { checkParamDeclaration } from "./param-declaration";
import { reportRootName } from "./root-names";
import { COMMAND_PROPERTIES } from "./property-tables";
import type { ReferenceScope } from "./reference-scope";
import type { ValueType } from "./value-type";

/**
 * Whether the command's header is broken as it is edited: its line gone
 * (`headerLost`), or its name missing (`command` alone, `comm` typed
 * again). Its calls cannot be told from calls of unknown commands, and its
 * parameters may have gone with the header: its MF001 is the one error.
 */
export function headerBroken(command: CommandDeclaration): boolean {
  return command.headerLost === true || !command.name?.text;
}

/**
 * Checks a `command` declaration: its parameters (MF004, MF007), its
 * properties (MF009, MF007, MF014), its actions and whether its `run` leads
 * back to it (MF043). Inside the body a bare
 * name is one of its parameters; a default may use env, run and workflow
 * values but no parameter.
 */
export function checkCommand(
  command: CommandDeclaration,
  commands: ReadonlyMap<string, CommandSymbol>,
  sink: DiagnosticSink,
): void {
  const where = ` in command "${command.name?.text ?? "?"}"`;
  const params = command.params ?? [];
  const firsts = indexUniqueNames(params, "parameter", where, sink);
  // A body whose header lost its name and parameters reads names of that header: none is unknown.
  const unknownParams = headerBroken(command) && params.length === 0;
  const scope: ReferenceScope = {
    lookup: (name: Name): ValueType | undefined => {
      const param = firsts.get(name.text);
      return param ? declaredType(param) : unknownParams ? "any" : undefined;
    },
    names: () => firsts.keys(),
    typeOf: (name: string): ValueType | undefined => {
      const param = firsts.get(name);
      return param && declaredType(param);
    },
    steps: undefined,
    stepsUnavailable: "a command only sees its parameters",
    declaredValues: {
      owner: `command "${command.name?.text ?? "?"}"`,
      paramWord: "parameter",
      params: () => [...firsts.keys()],
      vars: () => [],
    },
  };
  // Defaults are computed before any argument is bound (as the compiler does): no parameters.
  const defaultScope: ReferenceScope = {
    ...scope,
    lookup: (name: Name): ValueType | undefined => {
      if (!firsts.has(name.text)) return undefined;
      sink.report(
        "MF008",
        name.range,
        `a parameter's default cannot use parameter "${name.text}": defaults are computed before the arguments are known`,
      );
      return "any";
    },
  };
  for (const param of params) {
    reportRootName(param.name, "parameter", sink);
    checkParamDeclaration(param, defaultScope, sink);
  }

  const properties = sortProperties(command.properties, COMMAND_PROPERTIES, "a command", sink);
  checkTypedProperties(properties, scope, sink);
  for (const property of ["run", "rollback"]) {
    const value = properties.get(property)?.value;
    if (value) checkAction(value, { commands, scope, sink, property });
  }
  reportMissingProperties(properties, command.name, "command", sink);
  reportCommandLoop(command, commands, sink);
}
