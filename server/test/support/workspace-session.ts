import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type {
  ClientCapabilities,
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  InitializeResult,
  MarkupContent,
  Position,
} from "vscode-languageserver-protocol";
import { LspTestClient, uriOf } from "./lsp-client";
import { marked } from "./text-position";

/** What a workspace folder holds before the server starts. */
export interface WorkspaceSessionOptions {
  /** The start of the temporary folder's name, e.g. `momoflow-hover-`. */
  prefix: string;
  /** Files to write, by path relative to the folder (parent folders are made). */
  files?: Readonly<Record<string, string>>;
  /** Files to copy in: relative path in the folder → the path of the original. */
  copies?: Readonly<Record<string, string>>;
  /** Work on the written folder before the server starts (e.g. a real run that leaves a record). */
  prepare?: (dir: string) => void;
  /** Variables added to the server's environment (test hooks). */
  serverEnv?: Readonly<Record<string, string>>;
  /** What the client tells in `initialize` beyond the usual capabilities. */
  clientCapabilities?: ClientCapabilities;
}

/** How a document opened by {@link WorkspaceSession.openNew} is named. */
export interface OpenNewOptions {
  /** Its file name in the folder (default: `<stem><n>.momoflow`, new each time). */
  name?: string;
  /** The start of the default name (default `doc`). */
  stem?: string;
}

/**
 * One temporary workspace folder with the bundled language server started
 * on it over a real LSP connection (stdio), as an editor opens a folder:
 * the setup the server's tests (and the client's that need the real server)
 * share. {@link start} makes the folder, writes its files and initializes
 * the server with it as the workspace folder; {@link dispose} ends the
 * server by its pid and removes the folder. {@link useWorkspaceSession}
 * does both in mocha hooks.
 */
export class WorkspaceSession {
  private opened = 0;

  private constructor(
    /** The workspace folder. */
    readonly dir: string,
    /** The real LSP client connected to the server. */
    readonly client: LspTestClient,
    /** The server's answer to `initialize`. */
    readonly init: InitializeResult,
  ) {}

  /** Makes the folder with its files, starts the server and initializes it on the folder. */
  static async start(options: WorkspaceSessionOptions): Promise<WorkspaceSession> {
    const dir = mkdtempSync(join(tmpdir(), options.prefix));
    let client: LspTestClient | undefined;
    try {
      for (const [relative, text] of Object.entries(options.files ?? {}))
        writeFileSync(inFolder(dir, relative), text);
      for (const [relative, original] of Object.entries(options.copies ?? {}))
        copyFileSync(original, inFolder(dir, relative));
      options.prepare?.(dir);
      client = new LspTestClient(options.serverEnv, options.clientCapabilities);
      return new WorkspaceSession(dir, client, await client.initialize(dir));
    } catch (error) {
      // A half-started session leaves neither a server nor a folder behind.
      await client?.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The absolute path of `relative` (its parts joined) in the folder. */
  path(...relative: string[]): string {
    return join(this.dir, ...relative);
  }

  /** The `file:` URI of `relative` (its parts joined) in the folder. */
  uri(...relative: string[]): string {
    return uriOf(this.path(...relative));
  }

  /** Writes `text` to `relative` in the folder (parent folders made); its absolute path. */
  write(relative: string, text: string): string {
    const path = inFolder(this.dir, relative);
    writeFileSync(path, text);
    return path;
  }

  /** Opens `relative` in the editor with `text`, or with what the file holds; its URI. */
  async open(relative: string, text?: string): Promise<string> {
    const uri = this.uri(relative);
    await this.client.open(uri, text ?? readFileSync(this.path(relative), "utf8"));
    return uri;
  }

  /** Opens `relative` (as {@link open}) and waits for its first diagnostics. */
  async openChecked(
    relative: string,
    text?: string,
  ): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = await this.open(relative, text);
    return { uri, diagnostics: await this.client.waitForDiagnostics(uri, 1) };
  }

  /**
   * Opens `relative` with `text` (as {@link openChecked}), finds its first
   * diagnostic of `code` (failing the test when there is none) and asks the
   * server for the code actions on it, as an editor's light bulb does.
   */
  async actionsOnDiagnostic(
    relative: string,
    text: string,
    code: string,
  ): Promise<{ uri: string; diagnostic: Diagnostic; actions: CodeAction[] }> {
    const { uri, diagnostics } = await this.openChecked(relative, text);
    const diagnostic = diagnostics.find((d) => d.code === code);
    assert.ok(diagnostic, `${code} in ${JSON.stringify(diagnostics)}`);
    const actions = await this.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    return { uri, diagnostic, actions };
  }

  /** Opens `text` as a new document of the folder that is not on disk; its URI. */
  async openNew(text: string, options: OpenNewOptions = {}): Promise<string> {
    return this.open(this.newName(options), text);
  }

  /**
   * Opens `text` as a new document, waits for its first diagnostics when
   * asked (so the server has checked it), hands its URI to `use`, and closes
   * it again, so that it does not stay in the workspace's analysis.
   */
  async withScratch<T>(
    text: string,
    use: (uri: string) => Promise<T>,
    options: { checked?: boolean; stem?: string } = {},
  ): Promise<T> {
    const uri = await this.openNew(text, { stem: options.stem ?? "scratch" });
    try {
      if (options.checked) await this.client.waitForDiagnostics(uri, 1);
      return await use(uri);
    } finally {
      await this.client.closeDocument(uri);
    }
  }

  /** `textDocument/completion` at `position` with `context` when given; its items (none for null). */
  async completion(uri: string, position: Position, context?: unknown): Promise<CompletionItem[]> {
    const result = await this.client.request<CompletionList | CompletionItem[] | null>(
      "textDocument/completion",
      { textDocument: { uri }, position, ...(context === undefined ? {} : { context }) },
    );
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  /**
   * The completion items at the `|` of `text`, opened as `relative` (then
   * closed again), asked as typing `trigger` asks when given.
   */
  async completionAtMark(
    relative: string,
    text: string,
    trigger?: string,
  ): Promise<CompletionItem[]> {
    const { text: opened, position } = marked(text);
    const uri = await this.open(relative, opened);
    try {
      const context = trigger ? { triggerKind: 2, triggerCharacter: trigger } : undefined;
      return await this.completion(uri, position, context);
    } finally {
      await this.client.closeDocument(uri);
    }
  }

  /** The markdown of `textDocument/hover` at `position`; fails the test when there is no hover. */
  async hover(uri: string, position: Position): Promise<string> {
    const result = await this.client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri },
      position,
    });
    assert.ok(result, `a hover at ${JSON.stringify(position)} of ${uri}`);
    return (result.contents as MarkupContent).value;
  }

  /** Ends the server (by its pid when it does not exit) and removes the folder. */
  async dispose(): Promise<void> {
    try {
      await this.client.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private newName(options: OpenNewOptions): string {
    return options.name ?? `${options.stem ?? "doc"}${++this.opened}.momoflow`;
  }
}

/**
 * A {@link WorkspaceSession} started in a mocha `before` hook and disposed
 * in `after` (or around each test, with `each`). Call it in a `describe`;
 * hooks registered after it run once the session is up. What it returns
 * stands for the running session (its members are read when used, in a
 * hook or a test), so a suite writes `workspace.client` and `workspace.dir`.
 */
export function useWorkspaceSession(
  options: WorkspaceSessionOptions & { each?: boolean },
): WorkspaceSession {
  let session: WorkspaceSession | undefined;
  const start = async (): Promise<void> => {
    session = await WorkspaceSession.start(options);
  };
  const stop = async (): Promise<void> => {
    const running = session;
    session = undefined;
    await running?.dispose();
  };
  if (options.each) {
    beforeEach(start);
    afterEach(stop);
  } else {
    before(start);
    after(stop);
  }
  const running = (): WorkspaceSession => {
    if (!session) throw new Error(`the ${options.prefix}* workspace session is not running here`);
    return session;
  };
  return new Proxy({} as WorkspaceSession, {
    get(_, key) {
      const target = running();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** `relative` inside `dir`, with its parent folders made. */
function inFolder(dir: string, relative: string): string {
  const path = join(dir, relative);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
