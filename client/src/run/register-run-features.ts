import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import { MOMOFLOW_TASK_TYPE } from "./task-definition";
import { MomoflowTaskProvider } from "./momoflow-tasks";
import { RunController } from "./run-controller";
import { RunCodeLensProvider, type RunLensesApi } from "./run-lenses";
import { RunningTasks } from "./running-tasks";
import { documentOutline } from "../outline/server-outline";
import {
  LENS_RUN_TEST_COMMAND,
  RESUME_LAST_RUN_COMMAND,
  ROLLBACK_LAST_RUN_COMMAND,
  RUN_WORKFLOW_COMMAND,
  STOP_RUN_COMMAND,
} from "../commands";

/**
 * Running from the editor: the Run / Rollback / Resume / Graph / Run test
 * CodeLenses, the `momoflow` TaskProvider, and the run, rollback and resume commands (refused in
 * Restricted Mode, and while the same workflow runs). Nothing is read at
 * activation: run records are read when a lens or command needs them.
 */
export function registerRunFeatures(
  context: vscode.ExtensionContext,
  services: ClientServices,
): { runLenses: RunLensesApi } {
  const tasks = new RunningTasks();
  const controller = new RunController(services, tasks);
  const lenses = new RunCodeLensProvider(services, controller);

  context.subscriptions.push(
    tasks,
    controller,
    lenses,
    services.runRecords.onDidChange(({ runsDir }) => {
      controller.invalidate(runsDir);
      lenses.refresh();
    }),
    vscode.languages.registerCodeLensProvider({ language: "momoflow" }, lenses),
    vscode.tasks.registerTaskProvider(
      MOMOFLOW_TASK_TYPE,
      new MomoflowTaskProvider(services, (uri) => documentOutline(uri, services)),
    ),
    vscode.commands.registerCommand(RUN_WORKFLOW_COMMAND, (arg?: unknown) =>
      controller.runWorkflow(arg),
    ),
    vscode.commands.registerCommand(ROLLBACK_LAST_RUN_COMMAND, (arg?: unknown) =>
      controller.rollbackLastRun(arg),
    ),
    vscode.commands.registerCommand(RESUME_LAST_RUN_COMMAND, (arg?: unknown) =>
      controller.resumeLastRun(arg),
    ),
    vscode.commands.registerCommand(STOP_RUN_COMMAND, (arg?: unknown) => controller.stop(arg)),
    vscode.commands.registerCommand(LENS_RUN_TEST_COMMAND, (arg?: unknown) =>
      controller.runTest(arg),
    ),
    tasks.onDidChange(() => lenses.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.workspace.onDidCloseTextDocument((document) => lenses.forget(document)),
  );
  return { runLenses: { onDidChange: lenses.onDidChangeCodeLenses } };
}
