import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import { runLensSpecs, type LensSpec } from "./run-lens-specs";
import type { DocumentOutline, WorkflowOutline } from "../outline/document-outline";
import type { RunController } from "./run-controller";
import { documentOutline, toRange } from "../outline/server-outline";
import { canStopOutsideRun } from "../run-records/stop-outside-run";

/** The CodeLenses as the extension's API offers them (extension-host tests). */
export interface RunLensesApi {
  /** Fires each time VS Code is asked to compute the lenses again. */
  readonly onDidChange: vscode.Event<void>;
}

/** A document's lenses as last computed: the outline they came from, and what they say. */
interface ComputedLenses {
  readonly outline: DocumentOutline;
  readonly said: string;
}

/**
 * The CodeLenses of a `.momoflow` file (see `runLensSpecs`): where the
 * workflows and tests are comes from the language server's outline; what
 * runs, from the running tasks; what can be rolled back or resumed, from the run records.
 */
export class RunCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Per document (uri string): its lenses as last computed, or as VS Code was last asked to show them. */
  private readonly computed = new Map<string, ComputedLenses>();

  constructor(
    private readonly services: ClientServices,
    private readonly controller: RunController,
  ) {}

  /**
   * Asks VS Code to compute the lenses again (run records, tasks or trust
   * changed), when those of a visible editor would say something else now.
   * Only then: each ask restarts the workbench's own delay before it asks (at
   * least 250 ms, longer when computing lenses took longer), so an ask that
   * changes nothing holds back the next one that does, such as ▶ Run coming
   * back when a run ends.
   */
  refresh(): void {
    let changed = false;
    for (const editor of vscode.window.visibleTextEditors) {
      const document = editor.document;
      if (document.languageId !== "momoflow") continue;
      const key = document.uri.toString();
      const computed = this.computed.get(key);
      if (!computed) {
        changed = true;
        continue;
      }
      // The outline VS Code has: an edit makes VS Code ask for the lenses itself.
      const said = lensesSaid(this.specsOf(document, computed.outline));
      if (said === computed.said) continue;
      // What VS Code shows once it asks: a change that leaves that so needs no second ask.
      this.computed.set(key, { outline: computed.outline, said });
      changed = true;
    }
    if (changed) this.changed.fire();
  }

  /** Forgets a closed document's lenses. */
  forget(document: vscode.TextDocument): void {
    this.computed.delete(document.uri.toString());
  }

  async provideCodeLenses(
    document: vscode.TextDocument,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeLens[]> {
    const outline = await documentOutline(document.uri, this.services, token);
    if (token.isCancellationRequested) return [];
    const specs = this.specsOf(document, outline);
    this.computed.set(document.uri.toString(), { outline, said: lensesSaid(specs) });
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

  private specsOf(document: vscode.TextDocument, outline: DocumentOutline): LensSpec[] {
    return runLensSpecs(outline, {
      uri: document.uri,
      trusted: this.services.isTrusted(),
      onDisk: document.uri.scheme === "file" && !document.isUntitled,
      runningKey: (workflow) => {
        const key = this.controller.workflowKey(document.uri, workflow);
        return this.controller.tasks.isBusy(key) ? key : undefined;
      },
      rollback: (workflow) =>
        this.controller.rollbackState(document.uri, workflow, workflowNamed(outline, workflow)),
      resume: (workflow) =>
        this.controller.resumeState(document.uri, workflow, workflowNamed(outline, workflow)),
      canStopOutside: canStopOutsideRun,
    });
  }
}

/** What lenses say: where each is, its title, its command and its tooltip. */
function lensesSaid(specs: readonly LensSpec[]): string {
  return JSON.stringify(specs.map((s) => [s.range, s.title, s.command, s.tooltip]));
}

/** The outline of the workflow `name` of a document: its steps tell a run of the file from before a rename. */
function workflowNamed(outline: DocumentOutline, name: string): WorkflowOutline | undefined {
  return outline.workflows.find((w) => w.name === name);
}
