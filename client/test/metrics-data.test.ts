import assert from "node:assert/strict";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunResultFile, listRuns, processStamp } from "@momoflow/record";
import { ENGINE_URL, runCli, startCli, waitFor } from "../../engine/test/support/cli-process";
import {
  benchReportPath,
  cliGraphLoader,
  gatherMetrics,
  parseGraphJson,
  readBenchView,
  runsDirOfRoot,
  runsOfWorkflow,
  toRunView,
  type GraphLoader,
} from "../src/webview/metrics-data";
import { MAX_TIMELINE_STEPS } from "../src/webview/protocol";
import {
  CLI,
  cli,
  makeMetricsWorkspace,
  REPO,
  type MetricsWorkspace,
} from "./helpers/metrics-workspace";

const loadGraph: GraphLoader = cliGraphLoader({
  runtime: { command: process.execPath, env: {} },
  cliPath: CLI,
});

describe("metrics panel data (real run records)", function () {
  this.timeout(60_000);
  let ws: MetricsWorkspace;

  before(async () => {
    ws = await makeMetricsWorkspace();
  });
  after(() => ws?.cleanup());

  it("shows a secret param's value as *** in the run, its steps' errors and the history", async () => {
    const root = mkdtempSync(join(tmpdir(), "momoflow-metrics-secret-"));
    try {
      const source = join(root, "deploy.momoflow");
      writeFileSync(
        source,
        `workflow deploy {\n  param api_key: secret\n  step say {\n    run: "echo key \${api_key}"\n  }\n  step fail {\n    needs: say\n    run: "echo bad key \${api_key} >&2; exit 4"\n  }\n}\n`,
      );
      assert.equal(cli(["run", source, "--param", "api_key=hunter2-in-webview"], root), 1);
      const data = await gatherMetrics({ root, source }, loadGraph);
      const shown = JSON.stringify(data);
      assert.equal(shown.includes("hunter2-in-webview"), false, shown);
      assert.match(data.run!.steps.find((s) => s.id === "fail")!.error!, /bad key \*\*\*/);
      assert.equal(data.history.length, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("reads the history of the workflow, oldest first, with each run's status and duration", async () => {
    const data = await gatherMetrics({ root: ws.root, source: ws.source }, loadGraph);
    assert.deepEqual(data.problems, []);
    assert.equal(data.workflow, "publish_site");
    assert.deepEqual(
      data.history.map((h) => h.status),
      ws.runs.map((r) => r.status),
    );
    const starts = data.history.map((h) => h.startTime);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
    for (const entry of data.history) {
      assert.ok(entry.durationMs! > 0);
      assert.equal(entry.steps, 3);
    }
    // target=production runs announce too; the default target skips it, which counts as
    // done, as in the run's own success rate (the Run tab's "Steps succeeded").
    assert.deepEqual(
      data.history.map((h) => h.succeeded),
      [3, 3, 0, 3, 0],
    );
  });

  it("shows the last run's steps on a timeline from the run's start, with memory where they ran", async () => {
    const { run } = await gatherMetrics({ root: ws.root, source: ws.source }, loadGraph);
    assert.ok(run);
    assert.equal(run.status, "rolled_back");
    assert.deepEqual(run.rolledBackSteps, ["build"]);
    assert.match(run.error!, /publish/);
    assert.deepEqual(
      run.steps.map((s) => [s.id, s.status, s.attempts]),
      [
        ["build", "rolled_back", 1],
        ["publish", "failed", 1],
        ["announce", "not_run", 0],
      ],
    );
    for (const step of run.steps) {
      assert.ok(step.startMs >= 0 && step.endMs >= step.startMs);
      assert.ok(step.endMs <= run.durationMs + 5, `${step.id} ends within the run`);
    }
    const [build, publish, announce] = run.steps;
    assert.ok(publish!.startMs >= build!.endMs - 1, "publish starts after build (it needs it)");
    // A shell step's figure is its processes' peak (none when they ended before being read).
    if (build!.memory) assert.equal(build!.memory.kind, "child_peak");
    assert.equal(publish!.memory?.kind, "heap_growth", "copy_file runs in the engine");
    assert.ok(publish!.memory!.bytes < 32 * 1024 * 1024, "heap growth, not the engine's RSS");
    assert.equal(announce!.memory, undefined, "a step that did not run has no memory figure");
    assert.match(publish!.error!, /is a file, not a folder/);
    assert.equal(announce!.reversible, false);
    assert.equal(announce!.effectFree, undefined, "a shell command is irreversible");
    assert.equal(run.omittedSteps, 0);
  });

  it("gets the graph from the CLI, with 0-based ranges of the step names", async () => {
    const { graph } = await gatherMetrics({ root: ws.root, source: ws.source }, loadGraph);
    assert.ok(graph);
    assert.equal(graph.workflow, "publish_site");
    assert.equal(graph.file, ws.source);
    assert.deepEqual(
      graph.nodes.map((n) => [n.id, n.reversible]),
      [
        ["build", true],
        ["publish", true],
        ["announce", false],
      ],
    );
    assert.deepEqual(graph.edges, [
      { from: "build", to: "publish" },
      { from: "publish", to: "announce" },
    ]);
    // `step build {` is line 20 of the file: line 19 from 0, after "  step ".
    assert.deepEqual(graph.nodes[0]!.range, {
      start: { line: 19, character: 7 },
      end: { line: 19, character: 12 },
    });
  });

  it("carries effect-free steps (a log, a rollback: none) into the Run tab's data and the graph", async () => {
    const data = await gatherMetrics({ root: ws.root, source: ws.releaseSource }, loadGraph);
    assert.deepEqual(data.problems, []);
    assert.equal(data.workflow, "release_notes");
    assert.equal(data.history.length, 1);
    const run = data.run!;
    assert.equal(run.status, "rolled_back", "steps with nothing to undo do not make it partial");
    assert.deepEqual(run.rolledBackSteps, ["write_notes"]);
    const kinds = (steps: { id: string; reversible: boolean; effectFree?: boolean }[]) =>
      Object.fromEntries(steps.map((s) => [s.id, [s.reversible, s.effectFree]]));
    const expected = {
      write_notes: [true, undefined],
      announce: [false, true],
      check_notes: [false, true],
      push: [false, undefined],
      tag: [false, undefined],
    };
    assert.deepEqual(kinds(run.steps), expected);
    assert.deepEqual(kinds(data.graph!.nodes), expected, "the graph says what the record says");
    // announce and check_notes run side by side: their order is the clock's.
    assert.deepEqual(Object.fromEntries(run.steps.map((s) => [s.id, s.status])), {
      write_notes: "rolled_back",
      announce: "success",
      check_notes: "success",
      push: "failed",
      tag: "not_run",
    });
  });

  it("shapes the benchmark report: scaling samples and fit, rollback positions, ratios, language", async () => {
    const bench = readBenchView(ws.root);
    assert.ok(bench);
    assert.equal(bench.profile, "tiny");
    // tiny: sizes 1, 5, 20, three repetitions each.
    assert.deepEqual(
      bench.scaling.medians.map((m) => m.steps),
      [1, 5, 20],
    );
    assert.equal(bench.scaling.samples.length, 9);
    assert.equal(bench.scaling.fit.n, 9);
    assert.ok(Number.isFinite(bench.scaling.fit.slope));
    assert.deepEqual(
      bench.rollback.positions.map((p) => p.position),
      ["start", "middle", "end"],
    );
    assert.deepEqual(
      bench.commands.operations.map((o) => o.id),
      ["register", "get", "invoke", "command_step", "direct"],
    );
    assert.ok(bench.language, "the language category is measured under the test runner");
    assert.equal(
      bench.ratios.length,
      3 + 2 * 2 + 3 + 5 + bench.language.operations.length,
      "a ratio per scaling size, scalability size × record on/off, position, command and language operation",
    );
    for (const r of bench.ratios) assert.ok(r.ratio > 0 && Number.isFinite(r.ratio), r.label);
    assert.ok(bench.baselineUs > 0);
  });

  it("without a file, shows the workflow of the newest run and finds its graph from the record", async () => {
    const data = await gatherMetrics({ root: ws.root }, loadGraph);
    assert.equal(data.workflow, "publish_site");
    assert.equal(data.graph?.file, ws.source);
    assert.equal(data.history.length, ws.runs.length);
  });

  it("a graph the CLI cannot make is a problem, not a failure", async () => {
    const data = await gatherMetrics(
      { root: ws.root, source: join(ws.root, "missing.momoflow"), workflow: "publish_site" },
      loadGraph,
    );
    assert.equal(data.graph, null);
    assert.equal(data.problems.length, 1);
    assert.match(data.problems[0]!, /^Graph: /);
    // The runs of the workflow are still shown (none is from that file: every run of the id).
    assert.equal(data.history.length, ws.runs.length);
  });

  it("a workflow with no run shows no run and no history", async () => {
    const data = await gatherMetrics({ root: ws.root, workflow: "something_else" });
    assert.equal(data.run, null);
    assert.deepEqual(data.history, []);
    assert.equal(data.workflow, "something_else");
  });
});

describe("metrics panel data (edge cases)", function () {
  this.timeout(30_000);
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-metrics-edge-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** The metrics of a run or step of 1 ms that used 1 KiB. */
  const metrics = {
    startTime: 0,
    endTime: 1,
    durationMs: 1,
    cpuUserMs: 0,
    cpuSystemMs: 0,
    peakMemoryBytes: 1024,
  };

  /** The result.json of run `r` of `workflow` in `root`, which succeeded with `steps`. */
  const succeeded = (
    workflow: RunResultFile["workflow"],
    steps: RunResultFile["steps"] = [],
  ): RunResultFile => ({
    v: 1,
    runId: "r",
    workflow,
    workdir: root,
    status: "success",
    metrics,
    successRate: 1,
    rolledBackSteps: [],
    steps,
  });

  it("an empty folder has nothing to show and no problems", async () => {
    const data = await gatherMetrics({ root }, loadGraph);
    assert.deepEqual(data, {
      workflow: null,
      run: null,
      history: [],
      graph: null,
      bench: null,
      problems: [],
    });
  });

  it("a file's History holds its runs of several runs folders (its own, the root's of older versions), oldest first, each once", async () => {
    const folder = join(root, "jobs");
    mkdirSync(folder);
    const source = join(folder, "publish-site.momoflow");
    copyFileSync(join(REPO, "test-fixtures", "valid", "publish-site.momoflow"), source);
    assert.equal(cli(["run", source, "--workdir", root], root), 0);
    assert.equal(cli(["run", source], root), 0);
    const [old] = listRuns(runsDirOfRoot(root));
    const [own] = listRuns(runsDirOfRoot(folder));
    const data = await gatherMetrics({
      root,
      source,
      runsDirs: [runsDirOfRoot(folder), runsDirOfRoot(root), runsDirOfRoot(root)],
    });
    assert.deepEqual(
      data.history.map((h) => h.runId),
      [old!.runId, own!.runId],
    );
    assert.equal(data.run?.runId, own!.runId, "the Run tab shows the newest");
  });

  it("a run without result.json is running while its process lives, killed once it is gone, as momoflow runs says", async () => {
    const source = join(root, "publish-site.momoflow");
    copyFileSync(join(REPO, "test-fixtures", "valid", "publish-site.momoflow"), source);
    assert.equal(cli(["run", source, "--workdir", root], root), 0);
    const [only] = runsOfWorkflow(listRuns(runsDirOfRoot(root)), "publish_site");
    rmSync(join(only!.dir, "result.json"));
    const journal = join(only!.dir, "journal.jsonl");
    const lines = readFileSync(journal, "utf8").trimEnd().split("\n");
    const history = async () =>
      (await gatherMetrics({ root, source })).history.map((h) => [h.runId, h.status, h.durationMs]);

    // Its end is in the journal (result.json could not be written): the status it ended with.
    const finished = JSON.parse(lines.at(-1)!) as { type: string; metrics: { durationMs: number } };
    assert.equal(finished.type, "run_finished");
    assert.deepEqual(await history(), [[only!.runId, "success", finished.metrics.durationMs]]);

    // No end recorded, and the process that ran it is gone: killed.
    writeFileSync(journal, lines.slice(0, -1).join("\n") + "\n");
    assert.deepEqual(await history(), [[only!.runId, "killed", undefined]]);
    const data = await gatherMetrics({ root, source });
    assert.equal(data.run, null, "the Run tab shows the last finished run");

    // No end recorded, and its process lives (this one, named as a run's first line names it).
    const start = JSON.parse(lines[0]!) as Record<string, unknown>;
    const own = processStamp(process.pid)!;
    const alive = { ...start, pid: own.pid, pidStartTicks: own.startTicks };
    writeFileSync(journal, [JSON.stringify(alive), ...lines.slice(1, -1)].join("\n") + "\n");
    assert.deepEqual(await history(), [[only!.runId, "running", undefined]]);
  });

  it("counts a run's steps in the history as the run's own rate does: a fan-out's instances, not its own row; a skipped step as done", async () => {
    const source = join(root, "fan.momoflow");
    writeFileSync(
      source,
      [
        "workflow fan {",
        '  step each {\n    for_each: x in ["a", "b", "c"]\n    run: "echo ${x}"\n    rollback: none\n  }',
        '  step check {\n    needs: each\n    when: false\n    run: "echo no"\n    rollback: none\n  }',
        '  step last {\n    needs: each\n    run: "echo last"\n    rollback: none\n  }',
        "}",
        "",
      ].join("\n"),
    );
    assert.equal(cli(["run", source, "--workdir", root], root), 0);
    const data = await gatherMetrics({ root, source });
    const [entry] = data.history;
    // each[0], each[1], each[2], check (skipped) and last; not each itself.
    assert.deepEqual([entry!.succeeded, entry!.steps], [5, 5]);
    assert.equal(entry!.succeeded! / entry!.steps!, data.run!.successRate);
  });

  it("a damaged benchmark report is a problem; an unknown version too", async () => {
    mkdirSync(join(root, ".momoflow", "bench"), { recursive: true });
    writeFileSync(benchReportPath(root), "{ not json");
    let data = await gatherMetrics({ root });
    assert.equal(data.bench, null);
    assert.match(data.problems[0]!, /^Benchmarks: .*latest\.json is not JSON/);
    writeFileSync(benchReportPath(root), JSON.stringify({ v: 2, categories: {} }));
    data = await gatherMetrics({ root });
    assert.match(data.problems[0]!, /not a benchmark report of format version 1/);
  });

  it("prefers the runs of the given file, and falls back to every run of the workflow id", () => {
    const runs = [
      { runId: "a", dir: "/a", workflowId: "w", startTime: 1, source: "/x/one.momoflow" },
      { runId: "b", dir: "/b", workflowId: "w", startTime: 2, source: "/x/two.momoflow" },
      { runId: "c", dir: "/c", workflowId: "v", startTime: 3, source: "/x/one.momoflow" },
    ];
    assert.deepEqual(
      runsOfWorkflow(runs, "w", "/x/one.momoflow").map((r) => r.runId),
      ["a"],
    );
    assert.deepEqual(
      runsOfWorkflow(runs, "w", "/x/moved.momoflow").map((r) => r.runId),
      ["a", "b"],
    );
    assert.deepEqual(
      runsOfWorkflow(runs, "w").map((r) => r.runId),
      ["a", "b"],
    );
  });

  it("keeps at most MAX_TIMELINE_STEPS steps of a huge run, in start order, and counts the rest", () => {
    const metrics = (start: number) => ({
      startTime: start,
      endTime: start + 1,
      durationMs: 1,
      cpuUserMs: 0,
      cpuSystemMs: 0,
      peakMemoryBytes: 64 * 1024 * 1024,
      memory: { kind: "heap_growth" as const, bytes: 1024 },
    });
    const count = MAX_TIMELINE_STEPS + 7;
    const result: RunResultFile = {
      v: 1,
      runId: "r",
      workflow: { id: "big", name: "big", version: "1" },
      workdir: root,
      status: "success",
      metrics: { ...metrics(1000), durationMs: count, endTime: 1000 + count },
      successRate: 1,
      rolledBackSteps: [],
      // Listed in reverse: the view sorts by start.
      steps: Array.from({ length: count }, (_, i) => ({
        id: `s${count - 1 - i}`,
        needs: [],
        reversible: true,
        status: "success" as const,
        attempts: 1,
        metrics: metrics(1000 + count - 1 - i),
      })),
    };
    const view = toRunView(result);
    assert.equal(view.steps.length, MAX_TIMELINE_STEPS);
    assert.equal(view.omittedSteps, 7);
    // How the steps left out ended, for the graph (which counts every step).
    assert.deepEqual(
      view.omitted?.map((s) => s.id),
      Array.from({ length: 7 }, (_, i) => `s${MAX_TIMELINE_STEPS + i}`),
    );
    assert.deepEqual(view.omitted?.[0], {
      id: `s${MAX_TIMELINE_STEPS}`,
      status: "success",
      attempts: 1,
      durationMs: 1,
    });
    assert.equal(view.steps[0]!.id, "s0");
    assert.equal(view.steps[0]!.startMs, 0);
    assert.equal(view.steps[1]!.startMs, 1);
    assert.deepEqual(view.steps[0]!.memory, { kind: "heap_growth", bytes: 1024 });
    assert.equal(view.steps[0]!.effectFree, undefined);
  });

  it("lists a call's own row before the steps it called, and a fan-out's before its instances", () => {
    /** A step of the run that started `start` ms after it. */
    const at = (id: string, start: number): RunResultFile["steps"][number] => ({
      id,
      needs: [],
      reversible: true,
      status: "rolled_back",
      attempts: 1,
      metrics: { ...metrics, startTime: start, endTime: start + 1 },
    });
    // As result.json has them: a call's steps right before the row that stands for the call,
    // whose time starts with its first called step's.
    const view = toRunView(
      succeeded({ id: "pipeline", name: "pipeline", version: "1" }, [
        at("convert[0]", 3),
        at("convert[1]", 6),
        at("convert", 3),
        at("release/bump", 12),
        at("release/tag", 16),
        at("release", 12),
        at("deploy[0]/bump", 20),
        at("deploy[0]", 20),
        at("deploy", 20),
        at("after", 30),
      ]),
    );
    assert.deepEqual(
      view.steps.map((s) => s.id),
      [
        "convert",
        "convert[0]",
        "convert[1]",
        "release",
        "release/bump",
        "release/tag",
        "deploy",
        "deploy[0]",
        "deploy[0]/bump",
        "after",
      ],
    );
  });

  it("shows the version a workflow declared, and none for the default one", () => {
    assert.equal(toRunView(succeeded({ id: "w", name: "w", version: "2.0.0" })).version, "2.0.0");
    const none = toRunView(
      succeeded({ id: "w", name: "w", version: "1.0.0", defaultVersion: true }),
    );
    assert.equal(none.version, undefined);
    assert.equal("version" in none, false);
    // A record of an earlier momoflow cannot tell: its version is shown as recorded.
    assert.equal(toRunView(succeeded({ id: "w", name: "w", version: "1.0.0" })).version, "1.0.0");
  });

  it("carries only a real effectFree: true from result.json", () => {
    const result = succeeded(
      { id: "w", name: "w", version: "1" },
      [true, false, "yes", undefined].map((effectFree, i) => ({
        id: `s${i}`,
        needs: [],
        reversible: false,
        // A hand-edited or damaged record may hold anything here.
        effectFree: effectFree as boolean | undefined,
        status: "success" as const,
        attempts: 1,
        metrics,
      })),
    );
    assert.deepEqual(
      toRunView(result).steps.map((s) => [s.id, s.effectFree]),
      [
        ["s0", true],
        ["s1", undefined],
        ["s2", undefined],
        ["s3", undefined],
      ],
    );
  });

  it("refuses graph JSON that is not a workflow graph", () => {
    assert.throws(() => parseGraphJson("[]"), /not a workflow graph/);
    assert.throws(
      () =>
        parseGraphJson(
          JSON.stringify({ workflow: "w", file: "/f", nodes: [{ id: "a" }], edges: [] }),
        ),
      /malformed node \(node 1\)/,
    );
    const node = (extra: object) =>
      JSON.stringify({
        workflow: "w",
        file: "/f",
        nodes: [
          {
            id: "a",
            reversible: false,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
            ...extra,
          },
        ],
        edges: [],
      });
    assert.deepEqual(parseGraphJson(node({ effectFree: true })).nodes[0]!.effectFree, true);
    assert.equal(parseGraphJson(node({ effectFree: false })).nodes[0]!.effectFree, undefined);
    assert.equal(parseGraphJson(node({})).nodes[0]!.effectFree, undefined);
    assert.throws(
      () => parseGraphJson(node({ effectFree: "yes" })),
      /malformed node \(step "a": effectFree is not true or false\)/,
    );
    assert.throws(
      () => parseGraphJson(node({ reversible: true, effectFree: true })),
      /malformed node \(step "a" is both reversible and effect-free\)/,
    );
    assert.throws(
      () =>
        parseGraphJson(
          JSON.stringify({
            workflow: "w",
            file: "/f",
            nodes: [],
            edges: [{ from: "a" }],
          }),
        ),
      /malformed edge/,
    );
    assert.throws(() => parseGraphJson("{"), SyntaxError);
  });

  it("a workflow run from a JavaScript module: its runs are shown, and the Graph says it draws .momoflow files only", async () => {
    const module = join(root, "hello.mjs");
    writeFileSync(
      module,
      `import { WorkflowDefinition, CommandStep } from ${JSON.stringify(ENGINE_URL)};\n` +
        `export default new WorkflowDefinition({ id: "hello", steps: [new CommandStep("say", "log", { message: "hi" })] });\n`,
    );
    assert.equal(cli(["run", module], root), 0);
    const data = await gatherMetrics({ root }, loadGraph);
    assert.equal(data.workflow, "hello");
    assert.equal(data.run?.status, "success");
    assert.equal(data.graph, null);
    // Not the .momoflow parser's errors on JavaScript (`hello.mjs:1:8: error MF001: …`).
    assert.deepEqual(data.problems, [
      "Graph: hello runs from hello.mjs, a JavaScript workflow module: graphs are drawn of .momoflow files",
    ]);
  });

  it("the CLI's refusal becomes the graph problem's text", async () => {
    const file = join(root, "two.momoflow");
    writeFileSync(
      file,
      'workflow a {\n  step x { run: "true" }\n}\n\nworkflow b {\n  step y { run: "true" }\n}\n',
    );
    await assert.rejects(loadGraph(file, undefined), /declares 2 workflows/);
    const graph = await loadGraph(file, "b");
    assert.deepEqual(
      graph.nodes.map((n) => n.id),
      ["y"],
    );
  });
  it("the Graph tab's fan-out in a called workflow counts the list the call gives (×3, not ×N)", async () => {
    const file = join(root, "called-count.momoflow");
    writeFileSync(
      file,
      `workflow release {
  param regions: list
  step deploy {
    for_each: region in regions
    run: "echo \${region}"
    rollback: none
  }
}

workflow ship {
  step release {
    run: workflow release(regions: ["eu", "us", "ap"])
  }
}
`,
    );
    const graph = await loadGraph(file, "ship");
    assert.deepEqual(
      graph.nodes.map((n) => [n.id, n.forEach?.count]),
      [
        ["release/deploy", 3],
        ["release", undefined],
      ],
    );
  });
});

describe("metrics panel data (an undo run again, real SIGKILL)", function () {
  this.timeout(60_000);
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-metrics-again-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** `mk`'s undo notes it started in ops.log, then waits for good while the file `block` exists. */
  const WORKFLOW = `workflow again {
  step first {
    run: "echo first >> ops.log"
    rollback: "echo undone-first >> ops.log"
  }
  step mk {
    needs: first
    run: "echo mk >> ops.log"
    rollback: "echo undo-mk >> ops.log; if [ -f block ]; then sleep 60; fi; echo undone-mk >> ops.log"
  }
}
`;

  const ops = (): string => {
    const path = join(root, "ops.log");
    return existsSync(path) ? readFileSync(path, "utf8") : "";
  };

  it("says in the run's history entry the undos a rollback ran again, in the words of momoflow runs <run>", async () => {
    const source = join(root, "again.momoflow");
    writeFileSync(source, WORKFLOW);
    const run = await runCli(["run", source, "--workdir", root], root);
    assert.equal(run.code, 0, run.stderr);
    const [only] = runsOfWorkflow(listRuns(runsDirOfRoot(root)), "again");
    const before = await gatherMetrics({ root, source });
    assert.equal(before.history[0]!.undosRunAgain, undefined, "none before any rollback");

    // A rollback killed while mk's undo waits; the next one runs that undo again from its start.
    writeFileSync(join(root, "block"), "");
    const { child, done } = startCli(["rollback", only!.dir], root);
    try {
      await waitFor(() => ops().includes("undo-mk"), "the undo of mk to start");
    } finally {
      child.kill("SIGKILL");
    }
    assert.equal((await done).signal, "SIGKILL");
    rmSync(join(root, "block"));
    const second = await runCli(["rollback", only!.dir], root);
    assert.equal(second.code, 0, second.stderr);

    const shown = await runCli(["runs", only!.dir], root);
    assert.equal(shown.code, 0, shown.stderr);
    const cliLines = shown.stdout
      .split("\n")
      .filter((line) => line.startsWith("  mk: "))
      .map((line) => line.trim());
    assert.equal(cliLines.length, 1, shown.stdout);
    assert.match(cliLines[0]!, /^mk: the rollback at \d\d:\d\d:\d\d was killed at its undo/);

    const data = await gatherMetrics({ root, source });
    assert.deepEqual(data.problems, []);
    const [entry] = data.history;
    assert.equal(entry!.status, "rolled_back");
    assert.deepEqual(entry!.undosRunAgain, cliLines);

    // A hand-edited entry of another shape is left out, as momoflow runs leaves it out.
    const resultFile = join(only!.dir, "result.json");
    const edited = JSON.parse(readFileSync(resultFile, "utf8")) as { undosRunAgain: unknown[] };
    edited.undosRunAgain = [{ stepId: 7, how: "killed" }, ...edited.undosRunAgain];
    writeFileSync(resultFile, JSON.stringify(edited));
    const afterEdit = await gatherMetrics({ root, source });
    assert.deepEqual(afterEdit.problems, []);
    assert.deepEqual(afterEdit.history[0]!.undosRunAgain, cliLines);
  });

  it("says in the run's history entry the steps a rollback found undone already on their workers, in the words of momoflow runs <run>", async () => {
    const source = join(root, "found.momoflow");
    writeFileSync(source, WORKFLOW.replace("workflow again", "workflow found"));
    const run = await runCli(["run", source, "--workdir", root], root);
    assert.equal(run.code, 0, run.stderr);
    const [only] = runsOfWorkflow(listRuns(runsDirOfRoot(root)), "found");
    const rollback = await runCli(["rollback", only!.dir], root);
    assert.equal(rollback.code, 0, rollback.stderr);
    const before = await gatherMetrics({ root, source });
    assert.equal(before.history[0]!.foundUndone, undefined, "none: nothing ran on workers");

    // What a run --on's rollback records (distributed tests make it with real workers), and an entry of
    // another shape, which momoflow runs leaves out.
    const resultFile = join(only!.dir, "result.json");
    const edited = JSON.parse(readFileSync(resultFile, "utf8")) as Record<string, unknown>;
    edited.foundUndone = [
      { stepId: "mk", on: ["w1"] },
      { stepId: "first", on: ["w1", "w2"] },
      { stepId: 7, on: "w1" },
    ];
    writeFileSync(resultFile, JSON.stringify(edited));
    const shown = await runCli(["runs", only!.dir], root);
    assert.equal(shown.code, 0, shown.stderr);
    const cliLines = shown.stdout
      .split("\n")
      .filter((line) => / its journal shows it undone already /.test(line))
      .map((line) => line.trim());
    assert.deepEqual(cliLines, [
      "mk: on worker w1 its journal shows it undone already (by an earlier rollback), so it was not undone again",
      "first: on workers w1, w2 its journal shows it undone already (by an earlier rollback), so it was not undone again",
    ]);

    const data = await gatherMetrics({ root, source });
    assert.deepEqual(data.problems, []);
    assert.deepEqual(data.history[0]!.foundUndone, cliLines);
  });
});
