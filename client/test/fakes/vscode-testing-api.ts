/**
 * The Testing API of the fake `vscode` module (see ./vscode.ts): a working
 * TestController (items, run profiles, test runs that record what they were
 * told), TestMessage and TestRunRequest.
 */
import { removeFrom } from "./remove-from";
import {
  CancellationTokenSource,
  EventEmitter,
  type CancellationToken,
  type Location,
  type MarkdownString,
  type Range,
  type TestRunProfileKind,
  type Uri,
} from "./vscode-values";

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
      dispose: () => removeFrom(this.profiles, profile),
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

/** Every controller created, oldest first. */
export const controllers: TestController[] = [];
export const tests = {
  createTestController(id: string, label: string): TestController {
    const controller = new TestController(id, label);
    controllers.push(controller);
    return controller;
  },
};
