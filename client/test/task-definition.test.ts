import assert from "node:assert/strict";
import {
  cliArguments,
  cliInvocation,
  normalizeTaskDefinition,
  paramText,
  taskDefinitionProblems,
  runWorkdir,
  taskKey,
  unnamedWorkflowKey,
  taskLabel,
  type MomoflowTaskDefinition,
} from "../src/run/task-definition";

const location = {
  cliPath: "/ext/dist/cli.js",
  execPath: "/usr/share/code/code",
};

describe("momoflow task definitions and CLI arguments", () => {
  const run: MomoflowTaskDefinition = {
    type: "momoflow",
    action: "run",
    file: "/ws/site.momoflow",
    workflow: "publish_site",
    params: { target: "production", retries: 3, dry: false, hosts: ["a", "b"], env: { A: "1" } },
  };

  it("runs the bundled CLI with VS Code's own runtime as Node, in the workspace folder", () => {
    assert.deepEqual(cliInvocation(run, "/ws", location), {
      command: "/usr/share/code/code",
      args: [
        "/ext/dist/cli.js",
        "run",
        "/ws/site.momoflow",
        "--workflow",
        "publish_site",
        "--param",
        "target=production",
        "--param",
        "retries=3",
        "--param",
        "dry=false",
        "--param",
        'hosts=["a","b"]',
        "--param",
        'env={"A":"1"}',
        "--workdir",
        "/ws",
      ],
      env: { FORCE_COLOR: "1", ELECTRON_RUN_AS_NODE: "1" },
      cwd: "/ws",
    });
  });

  it("gives a secret param in the environment (MOMOFLOW_PARAM_<NAME>), never on the command line the terminal shows", () => {
    const invocation = cliInvocation(
      { ...run, params: { target: "production", api_key: "hunter2" }, secrets: ["api_key"] },
      "/ws",
      location,
    );
    assert.equal(invocation.args.join(" ").includes("hunter2"), false, invocation.args.join(" "));
    assert.ok(invocation.args.includes("target=production"));
    assert.equal(invocation.env.MOMOFLOW_PARAM_API_KEY, "hunter2");
  });

  it("uses the momoflow.runtime setting instead when set (no ELECTRON_RUN_AS_NODE)", () => {
    const invocation = cliInvocation(
      { type: "momoflow", action: "run", file: "a.momoflow" },
      "/ws",
      { ...location, runtime: " /opt/node/bin/node " },
    );
    assert.equal(invocation.command, "/opt/node/bin/node");
    assert.deepEqual(invocation.env, { FORCE_COLOR: "1" });
    assert.deepEqual(invocation.args, [
      "/ext/dist/cli.js",
      "run",
      "a.momoflow",
      "--workdir",
      "/ws",
    ]);
    assert.equal(
      cliInvocation(run, "/ws", { ...location, runtime: "  " }).command,
      location.execPath,
    );
  });

  it("passes concurrency, --no-rollback and --on from the settings", () => {
    assert.deepEqual(
      cliArguments({ type: "momoflow", action: "run", file: "f.momoflow", workflow: "w" }, "/ws", {
        concurrency: 4,
        rollbackOnFailure: false,
        on: "redis://queue.internal:6379",
      }),
      [
        "run",
        "f.momoflow",
        "--workflow",
        "w",
        "--workdir",
        "/ws",
        "--concurrency",
        "4",
        "--no-rollback",
        "--on",
        "redis://queue.internal:6379",
      ],
    );
    assert.deepEqual(
      cliArguments({ type: "momoflow", action: "run", file: "f.momoflow" }, "/ws", {
        rollbackOnFailure: true,
      }),
      ["run", "f.momoflow", "--workdir", "/ws"],
    );
    assert.deepEqual(
      cliArguments(
        { type: "momoflow", action: "run", file: "f.momoflow", workflow: "w", resume: "r1" },
        "/ws",
      ),
      ["run", "f.momoflow", "--workflow", "w", "--workdir", "/ws", "--resume", "r1"],
    );
  });

  it("runs and rolls back a file in its own folder, as momoflow run <file> does from any folder", () => {
    assert.deepEqual(
      cliArguments({ type: "momoflow", action: "run", file: "deploy/site.momoflow" }, "/ws"),
      ["run", "deploy/site.momoflow", "--workdir", "/ws/deploy"],
    );
    assert.deepEqual(
      cliArguments({ type: "momoflow", action: "rollback", file: "/ws/a/b.momoflow" }, "/ws"),
      ["rollback", "/ws/a/b.momoflow", "--workdir", "/ws/a"],
    );
    // A path VS Code substitutes later: the CLI takes the file's folder itself.
    assert.deepEqual(
      cliArguments(
        { type: "momoflow", action: "run", file: "${workspaceFolder}/x/site.momoflow" },
        "/ws",
      ),
      ["run", "${workspaceFolder}/x/site.momoflow"],
    );
    assert.equal(runWorkdir("x/site.momoflow", "/ws"), "/ws/x");
  });

  it("rolls back or resumes a run recorded elsewhere (an older version's, at the workspace root) where its definition says", () => {
    assert.deepEqual(
      cliArguments(
        { type: "momoflow", action: "rollback", file: "/ws/a/b.momoflow", workdir: "/ws" },
        "/ws",
      ),
      ["rollback", "/ws/a/b.momoflow", "--workdir", "/ws"],
    );
    assert.deepEqual(
      cliArguments(
        { type: "momoflow", action: "rollback", file: "a/b.momoflow", workdir: "." },
        "/ws",
      ),
      ["rollback", "a/b.momoflow", "--workdir", "/ws"],
    );
    // A resumed run goes on in the folder the run worked in.
    assert.deepEqual(
      cliArguments(
        { type: "momoflow", action: "run", file: "/ws/a/b.momoflow", resume: "r1", workdir: "/ws" },
        "/ws",
      ),
      ["run", "/ws/a/b.momoflow", "--workdir", "/ws", "--resume", "r1"],
    );
    assert.deepEqual(
      taskDefinitionProblems({ type: "momoflow", file: "a.momoflow", workdir: "" }),
      [`"workdir" must name a folder`],
    );
  });

  it("builds rollback and test arguments (no params, no workdir for test)", () => {
    assert.deepEqual(
      cliArguments(
        {
          type: "momoflow",
          action: "rollback",
          file: "/ws/site.momoflow",
          workflow: "publish_site",
          params: { x: 1 },
        },
        "/ws",
        { concurrency: 2, rollbackOnFailure: false },
      ),
      ["rollback", "/ws/site.momoflow", "--workflow", "publish_site", "--workdir", "/ws"],
    );
    assert.deepEqual(
      cliArguments(
        { type: "momoflow", action: "test", file: "/ws/site.momoflow", filter: "a b" },
        "/ws",
      ),
      ["test", "/ws/site.momoflow", "--filter=a b"],
    );
    // A test by its exact name (the Run test lens without the Testing panel): not every name holding it.
    assert.deepEqual(
      cliArguments(
        { type: "momoflow", action: "test", file: "/ws/site.momoflow", test: "-deploy eu" },
        "/ws",
      ),
      ["test", "/ws/site.momoflow", "--test=-deploy eu"],
    );
    assert.deepEqual(
      cliArguments({ type: "momoflow", action: "test", file: "t.momoflow" }, "/ws"),
      ["test", "t.momoflow"],
    );
  });

  it("keeps an argument with spaces, quotes or shell characters as one array element", () => {
    const args = cliArguments(
      {
        type: "momoflow",
        action: "run",
        file: "/my ws/a b.momoflow",
        params: { msg: `it's "x"; rm -rf $(y)` },
      },
      "/my ws",
    );
    assert.deepEqual(args, [
      "run",
      "/my ws/a b.momoflow",
      "--param",
      `msg=it's "x"; rm -rf $(y)`,
      "--workdir",
      "/my ws",
    ]);
    assert.equal(paramText(""), "");
  });

  it("checks and normalizes definitions written in tasks.json", () => {
    assert.deepEqual(taskDefinitionProblems({ type: "momoflow", file: "a.momoflow" }), []);
    assert.deepEqual(
      normalizeTaskDefinition({
        type: "momoflow",
        file: "a.momoflow",
        workflow: "w",
        params: { n: 1 },
      }),
      { type: "momoflow", action: "run", file: "a.momoflow", workflow: "w", params: { n: 1 } },
    );
    assert.deepEqual(
      taskDefinitionProblems({ type: "momoflow", action: "deploy", params: [1], workflow: 3 }),
      [
        '"action" must be one of run, rollback, test, bench (got "deploy")',
        '"file" must name a .momoflow file',
        `"workflow" must be a workflow's name`,
        '"params" must be an object of NAME: value',
      ],
    );
    assert.deepEqual(taskDefinitionProblems({ file: "a", params: { n: null } }), [
      'param "n" has no value',
    ]);
    assert.deepEqual(taskDefinitionProblems({ file: "a", resume: 7 }), [
      '"resume" must be the id of a run',
    ]);
    assert.equal(normalizeTaskDefinition({ file: "a", resume: "r1" }).resume, "r1");
  });

  it("runs benchmarks (no file) in the workspace folder", () => {
    assert.deepEqual(taskDefinitionProblems({ type: "momoflow", action: "bench" }), []);
    assert.deepEqual(cliArguments({ type: "momoflow", action: "bench" }, "/ws"), [
      "bench",
      "--workdir",
      "/ws",
    ]);
    assert.equal(taskLabel({ type: "momoflow", action: "bench" }, ""), "bench");
    assert.notEqual(
      taskKey({ type: "momoflow", action: "bench" }, "/ws"),
      taskKey({ type: "momoflow", action: "bench" }, "/other"),
    );
  });

  it("a run key's file-only key is that of a task naming no workflow of the file (its only one)", () => {
    const named = taskKey(
      { type: "momoflow", action: "run", file: "site.momoflow", workflow: "w" },
      "/ws",
    );
    const unnamed = taskKey({ type: "momoflow", action: "run", file: "/ws/site.momoflow" }, "/ws");
    assert.equal(unnamedWorkflowKey(named), unnamed);
    assert.equal(unnamedWorkflowKey(unnamed), undefined);
    const test = taskKey({ type: "momoflow", action: "test", file: "/ws/site.momoflow" }, "/ws");
    assert.equal(unnamedWorkflowKey(test), undefined);
  });

  it("keys runs by resolved file and workflow; tests apart", () => {
    const a = taskKey(
      { type: "momoflow", action: "run", file: "site.momoflow", workflow: "w" },
      "/ws",
    );
    const b = taskKey(
      { type: "momoflow", action: "rollback", file: "/ws/site.momoflow", workflow: "w" },
      "/ws",
    );
    const c = taskKey(
      { type: "momoflow", action: "run", file: "/ws/site.momoflow", workflow: "v" },
      "/ws",
    );
    const t = taskKey(
      { type: "momoflow", action: "test", file: "/ws/site.momoflow", workflow: "w" },
      "/ws",
    );
    assert.equal(a, b, "a rollback during a run of the same workflow is the same workflow");
    assert.notEqual(a, c);
    assert.notEqual(a, t);
    assert.equal(
      taskKey(
        { type: "momoflow", action: "run", file: "${workspaceFolder}/x.momoflow" },
        "/ws",
      ).includes("${workspaceFolder}/x.momoflow"),
      true,
    );
  });

  it("labels tasks by action and workflow", () => {
    assert.equal(taskLabel(run, "site.momoflow"), "run publish_site");
    assert.equal(taskLabel({ ...run, resume: "r1" }, "site.momoflow"), "resume publish_site");
    assert.equal(
      taskLabel({ ...run, action: "rollback" }, "site.momoflow"),
      "rollback publish_site",
    );
    assert.equal(
      taskLabel({ type: "momoflow", action: "run", file: "x" }, "x.momoflow"),
      "run x.momoflow",
    );
    assert.equal(
      taskLabel({ type: "momoflow", action: "test", file: "x", filter: "ok" }, "x.momoflow"),
      'test "ok"',
    );
    assert.equal(
      taskLabel({ type: "momoflow", action: "test", file: "x" }, "x.momoflow"),
      "test x.momoflow",
    );
  });
});
