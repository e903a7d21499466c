import type { ParamDeclaration } from "../ast";
import { declaredType } from "./command-parameters";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName } from "./did-you-mean";
import { checkValue } from "./expression-check";
import type { ReferenceScope } from "./reference-scope";
import { isTypeName, TYPE_NAMES } from "./value-type";

/**
 * Checks a command parameter or a workflow `param`: its type name (MF007 with
 * a "did you mean" when unknown) and its default against that type (MF007),
 * whose references are resolved in `defaultScope`.
 */
export function checkParamDeclaration(
  param: ParamDeclaration,
  defaultScope: ReferenceScope,
  sink: DiagnosticSink,
): void {
  const typeName = param.type?.name;
  if (typeName?.text && !isTypeName(typeName.text)) {
    const suggestion = suggestName(typeName.text, typeName.range, TYPE_NAMES);
    sink.report(
      "MF007",
      typeName.range,
      `unknown type "${typeName.text}"${suggestion.hint || `; the types are ${TYPE_NAMES.join(", ")}`}`,
      { data: suggestion.data },
    );
  }
  if (!param.default) return;
  checkValue(param.default, defaultScope, sink, {
    type: declaredType(param),
    what: `the default of "${param.name?.text ?? "?"}"`,
  });
}
