import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import { runLensSpecs } from "./run-lens-specs";
import type { RunController } from "./run-controller";
import { documentOutline, toRange } from "../outline/server-outline";

/**
 * The CodeLenses of a `.momoflow` file (see `runLensSpecs`): where the
 * workflows and tests are comes from the language server's outline; what
 * runs, from the running tasks; what can be rolled back or resumed, from the run records.
 */
export class RunCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly services: ClientServices,
    private readonly controller: RunController,
  ) {}

  /** Asks VS Code to compute the lenses again (run records, tasks or trust changed). */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(
    document: vscode.TextDocument,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeLens[]> {
    const outline = await documentOutline(document.uri, this.services, token);
    if (token.isCancellationRequested) return [];
    const specs = runLensSpecs(outline, {
      uri: document.uri,
      trusted: this.services.isTrusted(),
      onDisk: document.uri.scheme === "file" && !document.isUntitled,
      runningKey: (workflow) => {
        const key = this.controller.workflowKey(document.uri, workflow);
        return this.controller.tasks.isBusy(key) ? key : undefined;
      },
      rollback: (workflow) => this.controller.rollbackState(document.uri, workflow),
      resume: (workflow) => this.controller.resumeState(document.uri, workflow),
    });
    return specs.map(
      (spec) =>
        new vscode.CodeLens(toRange(spec.range), {
          title: spec.title,
          command: spec.command,
          arguments: spec.arguments,
          tooltip: spec.tooltip,
        }),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}
