import * as vscode from "vscode";
import type { ClientServices } from "./client-services";
import { LanguageClientHost } from "./language-client";
import { RunRecordEvents } from "./run-records/run-record-events";
import { registerRestartServer } from "./restart-server";
import { SHOW_OUTPUT_COMMAND } from "./commands";
import { StatusBar } from "./status-bar";
import { registerTesting, type TestingApi } from "./testing/register-testing";
import { registerMetricsView } from "./webview/register-metrics-view";
import { registerInlineMetrics, type InlineMetricsApi } from "./metrics/inline-metrics";
import { registerRunFeatures } from "./run/register-run-features";
import type { RunLensesApi } from "./run/run-lenses";

/**
 * activate() wires the features, nothing else. A feature is a module that
 * exports `register<Feature>(context, services)`; add it to this list, one
 * line each. Features register their commands and providers synchronously and
 * defer any slow work (file scans, reading run records) until it is needed.
 */
type Feature = (
  context: vscode.ExtensionContext,
  services: ClientServices,
) => Partial<FeatureApis> | void;

const features: [name: string, register: Feature][] = [
  // features: one entry per line
  ["testing", registerTesting],
  ["metrics view", registerMetricsView],
  ["run", registerRunFeatures],
  ["inline metrics", registerInlineMetrics],
];

/** What features add to the extension's API (what they return from `register<Feature>`). */
export interface FeatureApis {
  readonly testing: TestingApi;
  readonly inlineMetrics: InlineMetricsApi;
  readonly runLenses: RunLensesApi;
}

/**
 * What `activate()` returns (`vscode.extensions.getExtension("momoflow.momoflow").exports`):
 * the extension-host tests reach the features through it.
 */
export interface MomoflowExtensionApi extends Partial<FeatureApis> {
  readonly services: ClientServices;
}

let host: LanguageClientHost | undefined;

export function activate(context: vscode.ExtensionContext): MomoflowExtensionApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel("momoflow", { log: true });
  const statusBar = new StatusBar();
  const serverPath = context.asAbsolutePath("dist/server.js");
  host = new LanguageClientHost(serverPath, output, statusBar);
  const clientHost = host;
  const runRecords = new RunRecordEvents();
  context.subscriptions.push(output, statusBar, clientHost, runRecords);

  const services: ClientServices = {
    client: () => clientHost.client,
    output,
    statusBar,
    paths: {
      extensionUri: context.extensionUri,
      cliPath: context.asAbsolutePath("dist/cli.js"),
      serverPath,
    },
    isTrusted: () => vscode.workspace.isTrusted,
    runRecords,
    onDidChangeOutline: clientHost.onDidChangeOutline,
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
  );
  registerRestartServer(context, clientHost);
  let api: MomoflowExtensionApi = { services };
  for (const [name, register] of features) {
    try {
      api = { ...api, ...register(context, services) };
    } catch (error) {
      // One broken feature must not take the others (or the language features) down.
      output.error(
        `Feature "${name}" failed to register: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  // Not awaited: the server starts in the background; the status bar shows its state.
  void clientHost.start();

  const version = (context.extension.packageJSON as { version?: string }).version ?? "?";
  output.info(
    `momoflow ${version} activated in ${(performance.now() - started).toFixed(1)} ms` +
      (vscode.workspace.isTrusted
        ? ""
        : " (restricted mode: running, rolling back and testing are off)"),
  );
  return api;
}

export function deactivate(): Promise<void> | undefined {
  return host?.stop();
}
