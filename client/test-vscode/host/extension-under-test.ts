/**
 * The test build of the extension (code-server launcher): the real extension,
 * whose activation also starts the extension-host suite when
 * `MOMOFLOW_SUITE_REPORT` names a file for its report. code-server's web
 * client does not pass `extensionTestsPath` on, so the suite starts here.
 */
import type * as vscode from "vscode";
import {
  activate as activateExtension,
  deactivate,
  type MomoflowExtensionApi,
} from "../../src/extension";
import { runSuiteToFile, type SuiteMode } from "./run-suite";

export function activate(context: vscode.ExtensionContext): MomoflowExtensionApi {
  const api = activateExtension(context);
  const report = process.env.MOMOFLOW_SUITE_REPORT;
  const mode: SuiteMode =
    process.env.MOMOFLOW_SUITE_MODE === "restricted" ? "restricted" : "trusted";
  // After activation returns: the suite awaits the extension's activation itself.
  if (report) setTimeout(() => void runSuiteToFile(mode, report), 0);
  return api;
}

export { deactivate };
