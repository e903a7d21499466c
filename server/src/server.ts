/**
 * The momoflow language server. Transports: IPC (the VS Code extension) or
 * `--stdio` (any editor); `vscode-languageserver` picks from the arguments.
 */
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocumentSyncKind,
  type InitializeResult,
  type ServerCapabilities,
} from "vscode-languageserver/node";
import { registerCallHierarchy } from "./call-hierarchy/call-hierarchy";
import { registerCodeActions } from "./code-actions/code-actions";
import { registerCompletion } from "./completion/completion-handler";
import { registerSignatureHelp } from "./signature-help/signature-help";
import { DiagnosticsPublisher } from "./diagnostics/diagnostics";
import { registerFoldingRanges } from "./folding/folding-ranges";
import { registerFormatting } from "./formatting/formatting";
import { registerRangeFormatting } from "./formatting/range-formatting";
import { registerHover } from "./hover/hover";
import { registerInlayHints } from "./inlay-hints/inlay-hints";
import { registerImportPathsOnRename } from "./file-renames/import-paths-on-rename";
import { registerDocumentLinks } from "./links/document-links";
import { registerSemanticTokens } from "./semantic-tokens/semantic-tokens";
import { registerSelectionRanges } from "./selection/selection-ranges";
import {
  registerDefinition,
  registerDocumentHighlights,
  registerReferences,
  registerRename,
} from "./navigation/navigation";
import { registerDocumentOutline } from "./symbols/document-outline";
import { registerDocumentSymbols, registerWorkspaceSymbols } from "./symbols/symbols";
import { type FeatureContext, guardedNotification } from "./feature";
import { markInitialized, markShutDown, refuseBeforeInitialize } from "./lifecycle";
import { LanguageSession } from "./session/language-session";
import { SettingsSource } from "./session/settings";
import { ClientRefresh } from "./session/client-refresh";
import { watchFoldersOfOpenDocuments } from "./session/disk-watcher";

/** Set by the build from package.json. */
declare const MOMOFLOW_VERSION: string;

/**
 * Every LSP feature: each registers its handlers and returns its capabilities.
 * Each feature has a folder named for it (hover/, completion/, ...), shared
 * rooms are session/, analysis/ and cursor/; add a line here, nothing else.
 */
const features: ((context: FeatureContext) => ServerCapabilities)[] = [
  // features: one entry per line
  registerCompletion,
  registerSignatureHelp,
  registerDefinition,
  registerReferences,
  registerRename,
  registerImportPathsOnRename,
  registerCallHierarchy,
  registerDocumentHighlights,
  registerDocumentSymbols,
  registerDocumentOutline,
  registerWorkspaceSymbols,
  registerSemanticTokens,
  registerFoldingRanges,
  registerSelectionRanges,
  registerFormatting,
  registerRangeFormatting,
  registerHover,
  registerInlayHints,
  registerDocumentLinks,
  registerCodeActions,
];

const connection = createConnection(ProposedFeatures.all);
let session: LanguageSession | undefined;
let diagnostics: DiagnosticsPublisher | undefined;
let refresh: ClientRefresh | undefined;
let folders: string[] = [];
let watchFilesDynamically = false;
let folderChanges = false;

refuseBeforeInitialize(connection);

connection.onInitialize((params): InitializeResult => {
  markInitialized(connection);
  const capabilities = params.capabilities;
  const configuration = capabilities.workspace?.configuration === true;
  watchFilesDynamically =
    capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  folderChanges = capabilities.workspace?.workspaceFolders === true;
  folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  session = new LanguageSession(connection, new SettingsSource(connection, configuration), {
    diskWatched: watchFilesDynamically,
  });
  diagnostics = new DiagnosticsPublisher(session);
  refresh = new ClientRefresh(connection, capabilities);
  if (!watchFilesDynamically) watchFoldersOfOpenDocuments(session, () => refresh?.views());
  const context: FeatureContext = { connection, session, client: capabilities };
  const featureCapabilities = features.map((register) => register(context));
  const merged: ServerCapabilities = Object.assign({}, ...featureCapabilities);
  // A feature's `workspace` part (file operations) sits beside the folders'.
  const workspace = Object.assign({}, ...featureCapabilities.map((c) => c.workspace ?? {}));
  session.documents.listen(connection);
  return {
    capabilities: {
      ...merged,
      textDocumentSync: {
        openClose: true,
        change: TextDocumentSyncKind.Incremental,
        save: false,
      },
      workspace: {
        ...workspace,
        workspaceFolders: { supported: true, changeNotifications: true },
      },
    },
    serverInfo: { name: "momoflow", version: MOMOFLOW_VERSION },
  };
});

connection.onInitialized(() => {
  session?.indexFolders(folders);
  if (watchFilesDynamically) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: "**/*.momoflow" }],
    });
  }
  // Announced in the capabilities: folders added later are indexed as the first ones.
  if (folderChanges) {
    connection.workspace.onDidChangeWorkspaceFolders(
      guardedNotification(connection, "didChangeWorkspaceFolders", (event) => {
        const removed = event.removed.map((f) => f.uri);
        folders = [
          ...folders.filter((f) => !removed.includes(f)),
          ...event.added.map((f) => f.uri),
        ];
        session?.forgetFolders(removed);
        // Again for every folder left: one may hold a removed one.
        session?.indexFolders(folders);
      }),
    );
  }
});

connection.onDidChangeWatchedFiles(
  guardedNotification(connection, "didChangeWatchedFiles", (params) => {
    for (const change of params.changes)
      session?.fileChanged(change.uri, change.type === FileChangeType.Deleted);
    refresh?.views();
  }),
);

connection.onDidChangeConfiguration(
  guardedNotification(connection, "didChangeConfiguration", (params) => {
    session?.settings.changed(params.settings);
    diagnostics?.republish();
    refresh?.views();
  }),
);

connection.onShutdown(() => markShutDown());

// A bug must never take the editor's language features down: log and go on.
process.on("uncaughtException", (error) =>
  connection.console.error(`momoflow: uncaught: ${error.stack ?? String(error)}`),
);
process.on("unhandledRejection", (error) =>
  connection.console.error(`momoflow: unhandled: ${String(error)}`),
);

connection.listen();
