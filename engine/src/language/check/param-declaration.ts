import type { Expression, ParamDeclaration } from "../ast";
import { secretParamVariable } from "../../runtime/secret-param-source";
import { declaredType } from "./command-parameters";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName, suggestion as suggestionOf } from "./did-you-mean";
import { checkValue } from "./expression-check";
import type { ReferenceScope } from "./reference-scope";
import { meantType } from "./type-aliases";
import { isTypeName, TYPE_NAMES } from "./value-type";

/**
 * Checks a command parameter or a workflow `param`: its type name (MF007 with
 * a "did you mean" when unknown) and its default against that type (MF007),
 * whose references are resolved in `defaultScope`. A `secret` whose default
 * reads nothing (its value is written in the file) is MF016.
 */
export function checkParamDeclaration(
  param: ParamDeclaration,
  defaultScope: ReferenceScope,
  sink: DiagnosticSink,
): void {
  const typeName = param.type?.name;
  if (typeName?.text && !isTypeName(typeName.text)) {
    const meant = meantType(typeName.text);
    const suggestion = meant
      ? suggestionOf([meant], typeName.range)
      : suggestName(typeName.text, typeName.range, TYPE_NAMES);
    sink.report(
      "MF007",
      typeName.range,
      `unknown type "${typeName.text}"${suggestion.hint || `; the types are ${TYPE_NAMES.join(", ")}`}`,
      { data: suggestion.data },
    );
  }
  if (!param.default) return;
  if (typeName?.text === "secret" && !readsAValue(param.default)) {
    const name = param.name?.text ?? "token";
    sink.report(
      "MF016",
      param.default.range,
      `the secret "${name}" has its value written in the file, where anyone who reads the file sees it; read it from the environment instead (\`${name}: secret = env.${name.toUpperCase()}\`), or give it with --param ${name}=... or the environment variable ${secretParamVariable(name)}`,
      { data: { environmentDefault: `env.${name.toUpperCase()}` } },
    );
  }
  checkValue(param.default, defaultScope, sink, {
    type: declaredType(param),
    what: `the default of "${param.name?.text ?? "?"}"`,
  });
}

/**
 * Whether a value reads something (a reference, an interpolation) rather than
 * being written out: a `secret`'s default that does not is MF016, and hover
 * shows it as `***`.
 */
export function readsAValue(expr: Expression): boolean {
  switch (expr.kind) {
    case "ref":
      return true;
    case "string":
      return expr.parts.some((part) => part.kind === "interpolation");
    case "list":
      return expr.items.some(readsAValue);
    case "map":
      return expr.entries.some((entry) => entry.value !== undefined && readsAValue(entry.value));
    default:
      return false;
  }
}
