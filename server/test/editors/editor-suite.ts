/**
 * The part of an editor's suite that every editor shares: skip with the
 * reason when the editor is not here, make the project, open it in the
 * editor (checking that its one child is the bundled server), and end
 * every editor and server started by pid, and remove the project, after.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import type { EditorSession, ProbeAnswers, ProbeSpec } from "./editor-probe";
import { createProject, POSITIONS } from "./editor-project";
import { endIfStill, isRunning } from "./process-state";

/** One editor, as its suite starts it. */
export interface EditorUnderTest<A extends ProbeAnswers> {
  /** The start of the temporary project folder's name. */
  readonly prefix: string;
  /** Why the editor cannot run here, or undefined. */
  readonly unavailable: () => string | undefined;
  /** Starts the editor on `file` (e.g. openInEmacs); `started` gets its process at once. */
  readonly open: (
    dir: string,
    file: string,
    spec: ProbeSpec,
    timeoutMs: number,
    started: (editor: ChildProcess) => void,
  ) => Promise<EditorSession<A>>;
}

/** What the suite's tests use. */
export interface EditorSuite<A extends ProbeAnswers> {
  /** The project the editor opens (made in `before`). */
  readonly project: ReturnType<typeof createProject>;
  /** Opens the project's file in the editor; with `stay`, the editor stays open after answering. */
  open(stay: boolean): Promise<EditorSession<A> & { server: number }>;
}

/** Registers the suite's `before` and `after` hooks for `editor`; call it in a `describe`. */
export function useEditorSuite<A extends ProbeAnswers>(
  editor: EditorUnderTest<A>,
  timeoutMs: number,
): EditorSuite<A> {
  let project: ReturnType<typeof createProject> | undefined;
  const started: ChildProcess[] = [];
  const servers: number[] = [];

  before(function () {
    const reason = editor.unavailable();
    if (reason) {
      for (const test of this.test!.parent!.tests) test.title += ` — skipped: ${reason}`;
      this.skip();
    }
    project = createProject(editor.prefix);
  });
  after(() => {
    for (const child of started) if (child.pid && isRunning(child.pid)) child.kill("SIGKILL");
    for (const pid of servers) endIfStill(pid, "dist/server.js");
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  const made = (): ReturnType<typeof createProject> => {
    assert.ok(project, "the project is made in the suite's before hook");
    return project;
  };
  return {
    get project() {
      return made();
    },
    /** Remembers the editor and its server, so that `after` can end them. */
    async open(stay) {
      const { dir, file } = made();
      const session = await editor.open(dir, file, { ...POSITIONS, stay }, timeoutMs, (child) =>
        started.push(child),
      );
      const children = session.answers.children ?? [];
      for (const child of children) servers.push(child.pid);
      assert.equal(
        children.length,
        1,
        `one child process, the server: ${JSON.stringify(children)}`,
      );
      assert.match(children[0]!.command, /node .*dist\/server\.js --stdio/);
      return { ...session, server: children[0]!.pid };
    },
  };
}
