/**
 * A called workflow (`run: workflow release(part: "minor")`) as signature
 * help shows it: its params are the call's parameters, as a command's are.
 */
import { MASK } from "@momoflow/runtime";
import { readsAValue, type WorkflowSymbol } from "@momoflow/language";
import type { CommandInfo } from "../completion/command-items";
import { propertyText } from "../analysis/declaration-text";
import type { SourceReader } from "../session/workspace-files";

/** `workflow`'s name, params (type, default as written, doc) and doc, in a command's shape. */
export function workflowCallInfo(workflow: WorkflowSymbol, source: SourceReader): CommandInfo {
  const decl = workflow.decl;
  return {
    name: workflow.name,
    builtin: false,
    params: (decl.params ?? []).flatMap((param) => {
      const name = param?.name?.text;
      if (!name) return [];
      const type = param.type?.name?.text ?? "any";
      // A secret's value is never shown, not even the one written in the file (MF016).
      const hidden = type === "secret" && param.default && !readsAValue(param.default);
      const written = param.default && (source(workflow.path, param.default.range) ?? "…");
      return [
        {
          name,
          type,
          required: param.default === undefined,
          default: hidden ? MASK : written,
          doc: param.doc,
        },
      ];
    }),
    doc: decl.doc ?? propertyText(decl.properties, "description"),
    undo: undefined,
  };
}
