/**
 * The fake `vscode` of client/test/fakes, plus what the Testing panel uses:
 * a working TestController (items, run profiles, test runs that record what
 * they were told), TestMessage, Range, Location, TestRunRequest,
 * cancellation, and a workspace with folders, files, documents and file
 * watchers the test drives. Outlines come from the language client the test
 * gives the Testing panel, which asks the real language server.
 */
import * as base from "../fakes/vscode";

export * from "../fakes/vscode";

const { EventEmitter } = base;
type Uri = base.Uri;

export enum TestRunProfileKind {
  Run = 1,
  Debug = 2,
  Coverage = 3,
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
  contains(p: Position): boolean {
    const before = (a: Position, b: Position) =>
      a.line < b.line || (a.line === b.line && a.character <= b.character);
    return before(this.start, p) && before(p, this.end);
  }
}

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range,
  ) {}
}

export class MarkdownString {
  constructor(readonly value = "") {}
}

export class TestMessage {
  expectedOutput?: string;
  actualOutput?: string;
  location?: Location;
  constructor(readonly message: string | MarkdownString) {}
  static diff(message: string | MarkdownString, expected: string, actual: string): TestMessage {
    const m = new TestMessage(message);
    m.expectedOutput = expected;
    m.actualOutput = actual;
    return m;
  }
}

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
  readonly onCancellationRequested: (listener: () => unknown) => base.Disposable;
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  private readonly state = { cancelled: false };
  readonly token: CancellationToken;
  constructor() {
    const state = this.state;
    this.token = {
      get isCancellationRequested() {
        return state.cancelled;
      },
      onCancellationRequested: (listener) => this.emitter.event(() => listener()),
    };
  }
  cancel(): void {
    if (this.state.cancelled) return;
    this.state.cancelled = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export class TestItemCollection {
  private readonly map = new Map<string, TestItem>();
  constructor(private readonly parent: TestItem | undefined) {}
  get size(): number {
    return this.map.size;
  }
  get(id: string): TestItem | undefined {
    return this.map.get(id);
  }
  add(item: TestItem): void {
    item.parent = this.parent;
    this.map.set(item.id, item);
  }
  delete(id: string): void {
    this.map.delete(id);
  }
  replace(items: readonly TestItem[]): void {
    this.map.clear();
    for (const item of items) this.add(item);
  }
  forEach(callback: (item: TestItem, collection: TestItemCollection) => unknown): void {
    for (const item of this.map.values()) callback(item, this);
  }
  [Symbol.iterator](): Iterator<[string, TestItem]> {
    return this.map.entries();
  }
}

export class TestItem {
  parent: TestItem | undefined;
  readonly children: TestItemCollection = new TestItemCollection(this);
  range: Range | undefined;
  description: string | undefined;
  sortText: string | undefined;
  canResolveChildren = false;
  busy = false;
  error: string | undefined;
  tags: unknown[] = [];
  constructor(
    readonly id: string,
    public label: string,
    readonly uri: Uri | undefined,
  ) {}
}

/** What a test run was told, in order. */
export type RunEvent =
  | { type: "enqueued"; id: string }
  | { type: "started"; id: string }
  | { type: "skipped"; id: string }
  | { type: "passed"; id: string; duration: number | undefined }
  | { type: "failed"; id: string; messages: TestMessage[]; duration: number | undefined }
  | { type: "errored"; id: string; messages: TestMessage[]; duration: number | undefined };

export class TestRun {
  readonly events: RunEvent[] = [];
  readonly output: { text: string; test: string | undefined }[] = [];
  ended = false;
  private readonly source = new CancellationTokenSource();
  readonly token = this.source.token;
  readonly isPersisted = true;
  readonly name = undefined;
  readonly onDidDispose = new EventEmitter<void>().event;
  constructor(readonly request: TestRunRequest) {}
  /** The user pressed "cancel" on this run. */
  cancel(): void {
    this.source.cancel();
  }
  enqueued(test: TestItem): void {
    this.events.push({ type: "enqueued", id: key(test) });
  }
  started(test: TestItem): void {
    this.events.push({ type: "started", id: key(test) });
  }
  skipped(test: TestItem): void {
    this.events.push({ type: "skipped", id: key(test) });
  }
  passed(test: TestItem, duration?: number): void {
    this.events.push({ type: "passed", id: key(test), duration });
  }
  failed(test: TestItem, message: TestMessage | readonly TestMessage[], duration?: number): void {
    this.events.push({ type: "failed", id: key(test), messages: list(message), duration });
  }
  errored(test: TestItem, message: TestMessage | readonly TestMessage[], duration?: number): void {
    this.events.push({ type: "errored", id: key(test), messages: list(message), duration });
  }
  appendOutput(text: string, _location?: Location, test?: TestItem): void {
    this.output.push({ text, test: test && key(test) });
  }
  addCoverage(): void {}
  end(): void {
    if (this.ended) throw new Error("run ended twice");
    this.ended = true;
  }
}

/** `file-name/test-name`: readable ids for assertions. */
function key(test: TestItem): string {
  return test.parent ? `${test.parent.label}/${test.id}` : test.label;
}

function list(message: TestMessage | readonly TestMessage[]): TestMessage[] {
  return message instanceof TestMessage ? [message] : [...message];
}

export class TestRunRequest {
  constructor(
    readonly include?: readonly TestItem[],
    readonly exclude?: readonly TestItem[],
    readonly profile?: TestRunProfile,
    readonly continuous?: boolean,
    readonly preserveFocus = false,
  ) {}
}

export interface TestRunProfile {
  label: string;
  kind: TestRunProfileKind;
  isDefault: boolean;
  runHandler: (request: TestRunRequest, token: CancellationToken) => unknown;
  dispose(): void;
}

export class TestController {
  readonly items = new TestItemCollection(undefined);
  readonly profiles: TestRunProfile[] = [];
  readonly runs: TestRun[] = [];
  resolveHandler: ((item: TestItem | undefined) => unknown) | undefined;
  refreshHandler: ((token: CancellationToken) => unknown) | undefined;
  disposed = false;
  /** Called with each new run (e.g. to cancel it from the "UI"). */
  onRun: ((run: TestRun) => void) | undefined;
  constructor(
    readonly id: string,
    readonly label: string,
  ) {}
  createTestItem(id: string, label: string, uri?: Uri): TestItem {
    return new TestItem(id, label, uri);
  }
  createRunProfile(
    label: string,
    kind: TestRunProfileKind,
    runHandler: TestRunProfile["runHandler"],
    isDefault = false,
  ): TestRunProfile {
    const profile: TestRunProfile = {
      label,
      kind,
      isDefault,
      runHandler,
      dispose: () => this.profiles.splice(this.profiles.indexOf(profile), 1),
    };
    this.profiles.push(profile);
    return profile;
  }
  createTestRun(request: TestRunRequest): TestRun {
    const run = new TestRun(request);
    this.runs.push(run);
    this.onRun?.(run);
    return run;
  }
  invalidateTestResults(): void {}
  dispose(): void {
    this.disposed = true;
  }
}

export const controllers: TestController[] = [];
export const tests = {
  createTestController(id: string, label: string): TestController {
    const controller = new TestController(id, label);
    controllers.push(controller);
    return controller;
  },
};

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
    create: base.EventEmitter<Uri>;
    change: base.EventEmitter<Uri>;
    delete: base.EventEmitter<Uri>;
  }[],
  opened: new EventEmitter<FakeDocument>(),
  changed: new EventEmitter<{ document: FakeDocument; contentChanges: unknown[] }>(),
  saved: new EventEmitter<FakeDocument>(),
  foldersChanged: new EventEmitter<unknown>(),
};

export const workspace = new Proxy(base.workspace, {
  get(target, property, receiver) {
    switch (property) {
      case "workspaceFolders":
        return fakeWorkspace.folders;
      case "textDocuments":
        return fakeWorkspace.documents;
      case "getWorkspaceFolder":
        return (uri: Uri) =>
          fakeWorkspace.folders.find((f) => uri.path.startsWith(`${f.uri.path}/`));
      case "asRelativePath":
        return (uri: Uri | string, includeFolder?: boolean) => {
          const path = typeof uri === "string" ? uri : uri.path;
          const folder = fakeWorkspace.folders.find((f) => path.startsWith(`${f.uri.path}/`));
          if (!folder) return path;
          const relative = path.slice(folder.uri.path.length + 1);
          return includeFolder ? `${folder.name}/${relative}` : relative;
        };
      case "findFiles":
        return async () => [...fakeWorkspace.files];
      case "createFileSystemWatcher":
        return (glob: string) => {
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
            dispose: () =>
              fakeWorkspace.watchers.splice(fakeWorkspace.watchers.indexOf(watcher), 1),
          };
        };
      case "onDidOpenTextDocument":
        return fakeWorkspace.opened.event;
      case "onDidChangeTextDocument":
        return fakeWorkspace.changed.event;
      case "onDidSaveTextDocument":
        return fakeWorkspace.saved.event;
      case "onDidChangeWorkspaceFolders":
        return fakeWorkspace.foldersChanged.event;
    }
    return Reflect.get(target, property, receiver);
  },
});

/** The editor and quick pick the test drives. */
export const fakeWindow = {
  activeTextEditor: undefined as
    { document: { uri: Uri }; selection: { active: Position } } | undefined,
  /** Answers a quick pick: given the items, returns the one picked (or undefined). */
  pick: (items: readonly { label: string }[]): { label: string } | undefined => items[0],
  picks: [] as string[][],
};

export const window = new Proxy(base.window, {
  get(target, property, receiver) {
    if (property === "activeTextEditor") return fakeWindow.activeTextEditor;
    if (property === "showQuickPick")
      return async (items: readonly { label: string }[]) => {
        fakeWindow.picks.push(items.map((i) => i.label));
        return fakeWindow.pick(items);
      };
    return Reflect.get(target, property, receiver);
  },
});
