import * as vscode from "vscode";
import type {
  LastRunDetail,
  LastRunStatus,
  ServerState,
  StatusBarController,
} from "./client-services";
import { renderStatusBar, type StatusBarModel } from "./status-bar-view";
import { SHOW_OUTPUT_COMMAND } from "./commands";
import { keepsShownRun } from "./last-run-report";

/** The one status bar item: the language server's state and the last run's status. */
export class StatusBar implements StatusBarController, vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly model: StatusBarModel;
  private readonly trustListener: vscode.Disposable;

  constructor() {
    this.item = vscode.window.createStatusBarItem(
      "momoflow.status",
      vscode.StatusBarAlignment.Left,
      10,
    );
    this.item.name = "momoflow";
    this.item.command = SHOW_OUTPUT_COMMAND;
    this.model = { server: "starting", trusted: vscode.workspace.isTrusted };
    this.trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      this.model.trusted = true;
      this.render();
    });
    this.render();
    this.item.show();
  }

  setServerState(state: ServerState, message?: string): void {
    this.model.server = state;
    this.model.serverMessage = message;
    this.render();
  }

  setLastRun(status: LastRunStatus | undefined, detail: LastRunDetail = {}): void {
    if (keepsShownRun(this.model.lastRun, status, detail)) return;
    this.model.lastRun = status === undefined ? undefined : { status, detail };
    this.render();
  }

  /** What the item shows now (for tests in the extension host). */
  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const view = renderStatusBar(this.model);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.backgroundColor
      ? new vscode.ThemeColor(view.backgroundColor)
      : undefined;
    this.item.accessibilityInformation = { label: view.label };
  }

  dispose(): void {
    this.trustListener.dispose();
    this.item.dispose();
  }
}
