import { readFileSync } from "node:fs";
/**
 * A stand-in for the `vscode` module, enough to run `activate()` in mocha.
 *
 * What the extension's core uses is modelled (commands, output channels,
 * status bar items, trust, configuration); everything else is a "deep stub":
 * any property, call or `new` gives another stub, so a feature that touches
 * other APIs while registering still registers. Tests read what happened
 * from `recorded`.
 */

type Listener<T> = (value: T) => unknown;

export class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  constructor(private readonly onDispose: () => unknown = () => undefined) {}
  dispose(): void {
    this.onDispose();
  }
}

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(path: string): Uri {
    return new Uri("file", path);
  }
  static parse(value: string): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/)?(.*)$/i.exec(value);
    return m ? new Uri(m[1] as string, m[2] as string) : new Uri("file", value);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...parts].join("/").replace(/\/+/g, "/"));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; path?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum LogLevel {
  Off = 0,
  Trace = 1,
  Debug = 2,
  Info = 3,
  Warning = 4,
  Error = 5,
}
export enum ExtensionMode {
  Production = 1,
  Development = 2,
  Test = 3,
}

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
    activeTextEditor: undefined,
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
    workspaceFolders: undefined,
    textDocuments: [],
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
