/**
 * The one stand-in for the `vscode` module, enough to run `activate()` and
 * the Testing panel's controller in mocha.
 *
 * What the extension uses is modelled (commands, output channels, status bar
 * items, trust, configuration, a workspace with folders, files, documents and
 * file watchers, the active editor and quick picks, the Testing API);
 * everything else is a "deep stub": any property, call or `new` gives another
 * stub, so a feature that touches other APIs while registering still
 * registers. Tests read what happened from `recorded`, drive the workspace
 * through `fakeWorkspace` and `fakeWindow`, and start afresh with `resetFake()`.
 */
import { readFileSync } from "node:fs";
import { removeFrom } from "./remove-from";
import { controllers } from "./vscode-testing-api";
import {
  Disposable,
  EventEmitter,
  LogLevel,
  type Position,
  type ThemeColor,
  type Uri,
} from "./vscode-values";

export * from "./vscode-values";
export * from "./vscode-testing-api";

export interface FakeOutputChannel {
  name: string;
  lines: string[];
  shown: boolean;
}

export interface FakeStatusBarItem {
  id: string;
  text: string;
  tooltip: unknown;
  command: unknown;
  backgroundColor: ThemeColor | undefined;
  visible: boolean;
  disposed: boolean;
}

/** What the extension did to the fake. */
export const recorded = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  outputChannels: [] as FakeOutputChannel[],
  statusBarItems: [] as FakeStatusBarItem[],
  messages: [] as string[],
  reset(): void {
    this.commands.clear();
    this.outputChannels.length = 0;
    this.statusBarItems.length = 0;
    this.messages.length = 0;
  },
};

/** Settings the fake's `getConfiguration` returns (`momoflow.x` → value). */
export const settings = new Map<string, unknown>();
export const trust = { isTrusted: true, grant: new EventEmitter<void>() };

/** A document as the fake workspace has it open. */
export interface FakeDocument {
  uri: Uri;
  languageId: string;
  isDirty: boolean;
  version: number;
}

/** The workspace the test drives. */
export const fakeWorkspace = {
  folders: [] as { uri: Uri; name: string; index: number }[],
  files: [] as Uri[],
  documents: [] as FakeDocument[],
  watchers: [] as {
    glob: string;
    create: EventEmitter<Uri>;
    change: EventEmitter<Uri>;
    delete: EventEmitter<Uri>;
  }[],
  opened: new EventEmitter<FakeDocument>(),
  changed: new EventEmitter<{ document: FakeDocument; contentChanges: unknown[] }>(),
  saved: new EventEmitter<FakeDocument>(),
  foldersChanged: new EventEmitter<unknown>(),
};

/** The editor and quick pick the test drives. */
export const fakeWindow = {
  activeTextEditor: undefined as
    { document: { uri: Uri }; selection: { active: Position } } | undefined,
  /** Answers a quick pick: given the items, returns the one picked (or undefined). */
  pick: (items: readonly { label: string }[]): { label: string } | undefined => items[0],
  picks: [] as string[][],
};

/** Forgets what earlier tests did to the fake and drove it to do. */
export function resetFake(): void {
  recorded.reset();
  controllers.length = 0;
  for (const list of [
    fakeWorkspace.folders,
    fakeWorkspace.files,
    fakeWorkspace.documents,
    fakeWorkspace.watchers,
    fakeWindow.picks,
  ])
    list.length = 0;
  fakeWindow.activeTextEditor = undefined;
  fakeWindow.pick = (items) => items[0];
}

/** A value that is any API: every access, call and `new` gives another stub. */
export function deepStub(name = "stub"): unknown {
  const target = function () {} as unknown as Record<PropertyKey, unknown>;
  return new Proxy(target, {
    get(_t, key) {
      if (key === "then") return undefined; // not a promise
      if (key === Symbol.toPrimitive) return () => "";
      if (key === Symbol.iterator) return function* () {};
      if (key === "toString" || key === "toJSON") return () => "";
      if (key === "dispose") return () => undefined;
      return deepStub(`${name}.${String(key)}`);
    },
    apply: () => deepStub(`${name}()`),
    construct: () => deepStub(`new ${name}`) as object,
  });
}

function outputChannel(name: string): unknown {
  const channel: FakeOutputChannel = { name, lines: [], shown: false };
  recorded.outputChannels.push(channel);
  const log = (level: string) => (message: string) => channel.lines.push(`[${level}] ${message}`);
  const real = {
    name,
    logLevel: LogLevel.Info,
    onDidChangeLogLevel: new EventEmitter<LogLevel>().event,
    append: (text: string) => channel.lines.push(text),
    appendLine: (text: string) => channel.lines.push(text),
    replace: () => undefined,
    clear: () => (channel.lines.length = 0),
    show: () => (channel.shown = true),
    hide: () => (channel.shown = false),
    dispose: () => undefined,
    trace: log("trace"),
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: (message: string | Error) => channel.lines.push(`[error] ${String(message)}`),
  };
  return withStubFallback(real, `outputChannel(${name})`);
}

function statusBarItem(id: string): FakeStatusBarItem {
  const item: FakeStatusBarItem & Record<string, unknown> = {
    id,
    text: "",
    tooltip: undefined,
    command: undefined,
    backgroundColor: undefined,
    visible: false,
    disposed: false,
    show: () => (item.visible = true),
    hide: () => (item.visible = false),
    dispose: () => (item.disposed = true),
  };
  recorded.statusBarItems.push(item);
  return item;
}

/** `real`'s own members, and a deep stub for anything else. */
function withStubFallback<T extends object>(real: T, name: string): T {
  return new Proxy(real, {
    get(target, key, receiver) {
      if (key in target) return Reflect.get(target, key, receiver);
      if (key === "then") return undefined;
      return deepStub(`${name}.${String(key)}`);
    },
  });
}

/** A watcher the test fires: `fakeWorkspace.watchers` lists the live ones. */
function fileSystemWatcher(glob: string): unknown {
  const watcher = {
    glob,
    create: new EventEmitter<Uri>(),
    change: new EventEmitter<Uri>(),
    delete: new EventEmitter<Uri>(),
  };
  fakeWorkspace.watchers.push(watcher);
  return {
    onDidCreate: watcher.create.event,
    onDidChange: watcher.change.event,
    onDidDelete: watcher.delete.event,
    dispose: () => removeFrom(fakeWorkspace.watchers, watcher),
  };
}

function register(id: string, handler: (...args: unknown[]) => unknown): Disposable {
  if (recorded.commands.has(id)) throw new Error(`command '${id}' already exists`);
  recorded.commands.set(id, handler);
  return new Disposable(() => recorded.commands.delete(id));
}

export const commands = withStubFallback(
  {
    registerCommand: register,
    registerTextEditorCommand: register,
    executeCommand: async (id: string, ...args: unknown[]) => recorded.commands.get(id)?.(...args),
    getCommands: async () => [...recorded.commands.keys()],
  },
  "commands",
);

const message = (text: string) => {
  recorded.messages.push(text);
  return Promise.resolve(undefined);
};

export const window = withStubFallback(
  {
    createOutputChannel: (name: string) => outputChannel(name),
    createStatusBarItem: (id: string) => statusBarItem(id),
    withProgress: <R>(_options: unknown, task: (progress: unknown, token: unknown) => Promise<R>) =>
      task({ report: () => undefined }, deepStub("token")),
    showInformationMessage: message,
    showWarningMessage: message,
    showErrorMessage: message,
    get activeTextEditor() {
      return fakeWindow.activeTextEditor;
    },
    showQuickPick: async (items: readonly { label: string }[]) => {
      fakeWindow.picks.push(items.map((i) => i.label));
      return fakeWindow.pick(items);
    },
    visibleTextEditors: [],
  },
  "window",
);

export const workspace = withStubFallback(
  {
    get isTrusted() {
      return trust.isTrusted;
    },
    onDidGrantWorkspaceTrust: trust.grant.event,
    // VS Code's is undefined when no folder is open.
    get workspaceFolders() {
      return fakeWorkspace.folders.length > 0 ? fakeWorkspace.folders : undefined;
    },
    get textDocuments() {
      return fakeWorkspace.documents;
    },
    getWorkspaceFolder: (uri: Uri) =>
      fakeWorkspace.folders.find((f) => uri.path.startsWith(`${f.uri.path}/`)),
    asRelativePath: (uri: Uri | string, includeFolder?: boolean) => {
      const path = typeof uri === "string" ? uri : uri.path;
      const folder = fakeWorkspace.folders.find((f) => path.startsWith(`${f.uri.path}/`));
      if (!folder) return path;
      const relative = path.slice(folder.uri.path.length + 1);
      return includeFolder ? `${folder.name}/${relative}` : relative;
    },
    findFiles: async () => [...fakeWorkspace.files],
    createFileSystemWatcher: (glob: string) => fileSystemWatcher(glob),
    onDidOpenTextDocument: fakeWorkspace.opened.event,
    onDidChangeTextDocument: fakeWorkspace.changed.event,
    onDidSaveTextDocument: fakeWorkspace.saved.event,
    onDidChangeWorkspaceFolders: fakeWorkspace.foldersChanged.event,
    getConfiguration: (section?: string) => ({
      get: <T>(key: string, fallback?: T) => {
        const full = section ? `${section}.${key}` : key;
        return settings.has(full) ? (settings.get(full) as T) : fallback;
      },
      has: (key: string) => settings.has(section ? `${section}.${key}` : key),
      inspect: () => undefined,
      update: async () => undefined,
    }),
  },
  "workspace",
);

export const env = withStubFallback({ language: "en", appName: "fake" }, "env");
export const version = "1.91.0";

// Everything else `vscode` exports (read from @types/vscode) is a deep stub:
// `import * as vscode` copies the module's own names, so each must exist.
const exportsObject = module.exports as Record<string, unknown>;
const declarations = readFileSync(require.resolve("@types/vscode/index.d.ts"), "utf8");
for (const [, name] of declarations.matchAll(
  /^\texport (?:class|enum|namespace|const|function|let|var) (\w+)/gm,
))
  if (name && !(name in exportsObject)) exportsObject[name] = deepStub(name);
