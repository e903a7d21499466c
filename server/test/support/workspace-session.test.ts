import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isRunning } from "../editors/process-state";
import { WorkspaceSession, useWorkspaceSession } from "./workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");
const FLOW = 'workflow w {\n  step a {\n    run: "echo a"\n  }\n}\n';

describe("server test support: the workspace session (real server over stdio)", function () {
  this.timeout(30_000);

  it("writes and copies the files, starts the server on the folder, and disposes of both by pid", async () => {
    const original = join(fixtures, "valid", "publish-site.momoflow");
    const session = await WorkspaceSession.start({
      prefix: "momoflow-session-",
      files: { "flows/a.momoflow": FLOW },
      copies: { "site.momoflow": original },
    });
    const pid = session.client.process.pid!;
    try {
      assert.equal(readFileSync(session.path("flows", "a.momoflow"), "utf8"), FLOW);
      assert.equal(
        readFileSync(session.path("site.momoflow"), "utf8"),
        readFileSync(original, "utf8"),
      );
      assert.equal(session.init.serverInfo?.name, "momoflow");
      const { uri, diagnostics } = await session.openChecked("flows/a.momoflow");
      assert.equal(uri, session.uri("flows", "a.momoflow"));
      assert.deepEqual(diagnostics, []);
      assert.ok(isRunning(pid), "the server runs while the session does");
    } finally {
      await session.dispose();
    }
    assert.equal(session.client.alive, false);
    assert.equal(isRunning(pid), false, `the server ${pid} has ended`);
    assert.equal(existsSync(session.dir), false, `${session.dir} is removed`);
  });

  it("opens new documents under names of their own, and asks for completion and hover in them", async () => {
    const session = await WorkspaceSession.start({ prefix: "momoflow-session-" });
    try {
      const first = await session.openNew(FLOW);
      const second = await session.openNew(FLOW);
      assert.notEqual(first, second);
      const labels = await session.withScratch(
        'workflow w {\n  step a {\n    run: "x"\n    \n  }\n}\n',
        async (uri) => {
          assert.deepEqual(await session.client.waitForDiagnostics(uri, 1), []);
          const items = await session.completion(uri, { line: 3, character: 4 });
          return items.map((i) => i.label);
        },
        { checked: true },
      );
      assert.ok(labels.includes("needs"), `needs among ${labels.join(", ")}`);
      assert.match(await session.hover(first, { line: 1, character: 7 }), /step/);
    } finally {
      await session.dispose();
    }
  });

  it("leaves no folder behind when its start fails, and says why", async () => {
    let dir = "";
    await assert.rejects(
      WorkspaceSession.start({
        prefix: "momoflow-session-",
        prepare: (folder) => {
          dir = folder;
          throw new Error("prepare failed on purpose");
        },
      }),
      /prepare failed on purpose/,
    );
    assert.ok(dir, "prepare ran with the folder");
    assert.equal(existsSync(dir), false, `${dir} is removed`);
  });

  describe("in mocha hooks", () => {
    let handle: WorkspaceSession | undefined;
    let seen: { dir: string; pid: number } | undefined;

    describe("a suite with useWorkspaceSession", () => {
      const workspace = useWorkspaceSession({
        prefix: "momoflow-session-hooks-",
        files: { "a.momoflow": FLOW },
      });
      handle = workspace;

      it("reads the running session in its tests", () => {
        assert.ok(workspace.client.alive);
        assert.equal(readFileSync(workspace.path("a.momoflow"), "utf8"), FLOW);
        seen = { dir: workspace.dir, pid: workspace.client.process.pid! };
      });
    });

    describe("after that suite", () => {
      it("has ended its server and removed its folder, and says so when it is used then", () => {
        assert.ok(seen && handle, "the suite before ran");
        assert.equal(isRunning(seen.pid), false, `the server ${seen.pid} has ended`);
        assert.equal(existsSync(seen.dir), false, `${seen.dir} is removed`);
        const stale = handle;
        assert.throws(
          () => stale.dir,
          /the momoflow-session-hooks-\* workspace session is not running here/,
        );
      });
    });
  });
});
