import { secretParamVariable } from "@momoflow/runtime";
import type { ParamInputBox } from "./param-input";
import { paramInputPlaceholder } from "./param-input";

/**
 * Who an undo's secret param belongs to: the rolled-back workflow itself
 * (`key`), or a workflow one of its steps called (`release/key`: the call
 * made by step `release`; `deploy[0]/key`: by the first item of `deploy`;
 * `release/sign/key`: a call nested in it).
 */
export interface UndoSecretOwner {
  /** The param's own name, as the called workflow declares it. */
  param: string;
  /** The step that made the call (`release`, `deploy[0]`, `release/sign`); absent for the workflow's own param. */
  callingStep?: string;
}

/** Splits a name an undo reads (`release/key`) into the param and the call it belongs to. */
export function undoSecretOwner(name: string): UndoSecretOwner {
  const slash = name.lastIndexOf("/");
  return slash < 0
    ? { param: name }
    : { param: name.slice(slash + 1), callingStep: name.slice(0, slash) };
}

/**
 * The password box asking for a secret param that the undos of a run of
 * `workflow` read: the record keeps its name, never its value. It says whose
 * param it is (the workflow's own, or which call's) and the environment
 * variable that gives it instead (`MOMOFLOW_PARAM_RELEASE__KEY`).
 */
export function undoSecretInputBox(name: string, workflow: string): ParamInputBox {
  const { param, callingStep } = undoSecretOwner(name);
  const whose =
    callingStep === undefined
      ? `secret param ${param} of ${workflow}`
      : `secret param ${param} of the workflow that step ${callingStep} of ${workflow} calls (${name})`;
  return {
    prompt: `${whose}: the run record keeps no value for it, and its undo needs it; or set ${secretParamVariable(name)}`,
    placeHolder: paramInputPlaceholder("secret"),
    value: "",
    password: true,
  };
}
