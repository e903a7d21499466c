import assert from "node:assert/strict";
import Ajv from "ajv";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { killedRecorded, runRecorded } from "../support/recorded-run";
import { latestRunDir } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";
import type { RunResultFile } from "../../src/record/result-file";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

/**
 * `release` appends what each of its steps did to ops.log and each undo to
 * the same file; `tag` fails for the region named by `fail_in`. `ship`
 * calls it once per region.
 */
const RELEASE = `workflow release {
  param region: string
  param fail_in: string = "none"
  step bump {
    run: "echo start-\${region} >> ops.log && sleep 0.3"
    rollback: "echo undo-bump-\${region} >> ops.log"
  }
  step tag {
    needs: bump
    run: "echo end-\${region} >> ops.log && test \${region} != \${fail_in} && echo v-\${region}"
    rollback: "echo undo-tag-\${region} >> ops.log"
  }
}
`;

function ship(concurrency: number, failIn = "none"): string {
  return `${RELEASE}
workflow ship {
  concurrency: ${concurrency}
  param regions: list = ["eu", "us", "ap"]
  step deploy {
    description: "deploy \${region}"
    for_each: region in regions
    max_parallel: 2
    run: workflow release(region: region, fail_in: "${failIn}")
  }
  step announce {
    needs: deploy
    run: "echo \${steps.deploy.outputs} > announced.txt"
    rollback: "rm announced.txt"
  }
}
`;
}

const read = (path: string): string[] =>
  existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").filter(Boolean) : [];
const resultOf = (runDir: string): RunResultFile =>
  JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as RunResultFile;
const statuses = (file: RunResultFile): Record<string, string> =>
  Object.fromEntries(file.steps.map((s) => [s.id, s.status]));

/** The undos of ops.log, in order. */
const undos = (workdir: string): string[] =>
  read(join(workdir, "ops.log")).filter((line) => line.startsWith("undo-"));

describe("fan-out of a workflow call: for_each on a step that calls a workflow", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-fan-out-calls-");

  it("checks without MF041: for_each and max_parallel belong to a calling step, its item is in scope in the arguments", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "check", ship(4));
    const out = await runCli(["check", file], workdir);
    assert.equal(out.code, 0, said(out));
  });

  it("graph draws the call once, its steps named deploy[*]/<step>, the calling step a fan-out node that calls release", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "graph", ship(4));
    const out = await runCli(["graph", file, "--workflow", "ship", "--format", "json"], workdir);
    assert.equal(out.code, 0, said(out));
    const graph = JSON.parse(out.stdout) as {
      nodes: { id: string; calls?: string; forEach?: { item: string; maxParallel?: number } }[];
      edges: { from: string; to: string }[];
    };
    assert.deepEqual(
      graph.nodes.map((n) => n.id),
      ["deploy[*]/bump", "deploy[*]/tag", "deploy", "announce"],
    );
    const deploy = graph.nodes.find((n) => n.id === "deploy");
    assert.equal(deploy?.calls, "release");
    assert.equal(deploy?.forEach?.item, "region");
    assert.equal(deploy?.forEach?.maxParallel, 2);
    assert.deepEqual(graph.edges, [
      { from: "deploy[*]/bump", to: "deploy[*]/tag" },
      { from: "deploy[*]/tag", to: "deploy" },
      { from: "deploy", to: "announce" },
    ]);
  });

  it("runs the called workflow once per item, named deploy[i]/<step>, with the list of the calls' outputs", async () => {
    const { workdir, runDir, out } = await runRecorded(tmp(), "ok", ship(4), 0, [
      "--workflow",
      "ship",
    ]);
    assert.deepEqual(read(join(workdir, "announced.txt")), ["v-eu v-us v-ap"]);
    const steps = statuses(resultOf(runDir));
    // Each call is described with its item; the step as written, the item left out.
    const described = Object.fromEntries(resultOf(runDir).steps.map((s) => [s.id, s.description]));
    assert.equal(described["deploy[1]"], "deploy us");
    assert.equal(described["deploy"], "deploy …");
    for (const k of [0, 1, 2]) {
      assert.equal(steps[`deploy[${k}]/bump`], "success", JSON.stringify(steps));
      assert.equal(steps[`deploy[${k}]/tag`], "success", JSON.stringify(steps));
      assert.equal(steps[`deploy[${k}]`], "success", JSON.stringify(steps));
    }
    assert.equal(steps["deploy"], "success");
    assert.equal(steps["announce"], "success");
    assert.match(out.stdout, /deploy\[1\]\/tag/);
    // The step's row counts its calls, not each called step.
    assert.match(out.stdout, /deploy +success .* 3 instances: 3 ✓\n/);
    assert.ok(existsSync(join(runDir, "logs", "deploy%5B1%5D%2Ftag.log")), "the called step's log");
    // The record holds what the schemas say; step_fanned_out lists every step of every call first.
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const validEvent = ajv.compile(journalSchema);
    const events = readFileSync(join(runDir, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { type: string; step?: string; instances?: { id: string }[] },
      );
    for (const event of events) assert.ok(validEvent(event), JSON.stringify(validEvent.errors));
    const fannedOut = events.findIndex((e) => e.type === "step_fanned_out");
    assert.deepEqual(
      events[fannedOut]!.instances!.map((i) => i.id),
      [
        "deploy[0]/bump",
        "deploy[0]/tag",
        "deploy[0]",
        "deploy[1]/bump",
        "deploy[1]/tag",
        "deploy[1]",
        "deploy[2]/bump",
        "deploy[2]/tag",
        "deploy[2]",
      ],
    );
    const firstStart = events.findIndex(
      (e) => e.type === "step_started" && e.step?.startsWith("deploy["),
    );
    assert.ok(fannedOut < firstStart, "recorded before any call's step starts");
    const validResult = ajv.compile(resultSchema);
    assert.ok(validResult(resultOf(runDir)), JSON.stringify(validResult.errors));
    // Never more than max_parallel calls between their first step's start and their last's end.
    let open = 0;
    let most = 0;
    for (const line of read(join(workdir, "ops.log"))) {
      open += line.startsWith("start-") ? 1 : line.startsWith("end-") ? -1 : 0;
      most = Math.max(most, open);
    }
    assert.equal(most, 2, read(join(workdir, "ops.log")).join("\n"));
  });

  it("runs a call's independent steps side by side, never more steps at once than the run's concurrency", async () => {
    const { workdir } = await runRecorded(
      tmp(),
      "branches",
      `workflow build {
  param os: string
  step a {
    run: "echo start-\${os}-a >> ops.log && sleep 0.4 && echo end-\${os}-a >> ops.log"
    rollback: none
  }
  step b {
    run: "echo start-\${os}-b >> ops.log && sleep 0.4 && echo end-\${os}-b >> ops.log"
    rollback: none
  }
}
workflow ship {
  concurrency: 3
  step deploy {
    for_each: os in ["linux", "mac"]
    run: workflow build(os: os)
  }
}
`,
      0,
      ["--workflow", "ship"],
    );
    const ops = read(join(workdir, "ops.log"));
    let open = 0;
    let most = 0;
    for (const line of ops) {
      open += line.startsWith("start-") ? 1 : -1;
      most = Math.max(most, open);
    }
    // Both steps of the first call started before either ended, and no more than 3 steps ran at once.
    assert.ok(ops.indexOf("start-linux-b") < ops.indexOf("end-linux-a"), ops.join("\n"));
    assert.ok(ops.indexOf("start-linux-a") < ops.indexOf("end-linux-b"), ops.join("\n"));
    assert.equal(most, 3, ops.join("\n"));
  });

  it("goes over a JSON step output and a glob, read when due; a false when skips that call; no items skip the step", async () => {
    const { workdir, out } = await runRecorded(
      tmp(),
      "items",
      `workflow show {
  param site: string
  step describe {
    run: "echo '{\\"name\\": \\"\${site}\\"}'"
    output: json
    rollback: none
  }
}
workflow ship {
  step list_sites {
    run: "mkdir -p data && touch data/y.csv data/x.csv && echo '[\\"blog\\", \\"shop\\", \\"skip\\"]'"
    output: json
    rollback: none
  }
  step by_site {
    needs: list_sites
    for_each: site in steps.list_sites.output
    when: site != "skip"
    run: workflow show(site: site)
  }
  step by_file {
    needs: list_sites
    for_each: file in glob("data/*.csv")
    run: workflow show(site: "\${stem(file)}")
  }
  step by_nothing {
    for_each: file in glob("nothing/*.csv")
    run: workflow show(site: file)
  }
  step by_skipped {
    for_each: site in ["a", "b"]
    when: site == "none"
    run: workflow show(site: site)
  }
  step report {
    needs: [by_site, by_file, by_nothing]
    run: "echo \${steps.by_site.outputs[1].name} \${steps.by_file.outputs[0].name} [\${steps.by_nothing.outputs}] > report.txt"
    rollback: none
  }
}
`,
      0,
      ["--workflow", "ship"],
    );
    assert.deepEqual(read(join(workdir, "report.txt")), ["shop x []"], said(out));
    assert.match(out.stdout, /by_site +success .* 3 instances: 2 ✓ 1 skipped\n/);
    assert.match(out.stdout, /by_site\[2\]\/describe +skipped/);
    assert.match(out.stdout, /by_nothing +skipped .*has no items, so no instance ran/);
    // A step none of whose calls ran says so on its own line too, counting calls, not called steps.
    assert.match(out.stdout, /○ by_skipped skipped +2 instances: 2 skipped\n/);
  });

  it("a handler in a call made per item sees a step a continue_on_error failure blocked as not_run, as in a call made once", async () => {
    const text = `workflow part {
  param n: int
  step lint {
    run: "exit 3"
    continue_on_error: true
    rollback: none
  }
  step publish {
    needs: lint
    run: "true"
    rollback: none
  }
  step report {
    needs: publish
    when: steps.publish.status == not_run
    run: "echo reported-\${n} >> reports.log"
    rollback: none
  }
}

workflow w {
  step each {
    for_each: n in [1, 2]
    run: workflow part(n: n)
  }
  step once {
    run: workflow part(n: 0)
  }
}
`;
    const { file, workdir } = writeWorkflow(tmp(), "handlers", text);
    const out = await runCli(
      ["run", file, "--workdir", workdir, "--workflow", "w", "--json"],
      workdir,
    );
    assert.equal(out.code, 1, said(out));
    const steps = statuses(JSON.parse(out.stdout) as RunResultFile);
    for (const call of ["each[0]", "each[1]", "once"]) {
      assert.equal(steps[`${call}/publish`], "not_run", JSON.stringify(steps));
      assert.equal(steps[`${call}/report`], "success", JSON.stringify(steps));
    }
    assert.deepEqual(read(join(workdir, "reports.log")).sort(), [
      "reported-0",
      "reported-1",
      "reported-2",
    ]);
  });

  /**
   * `checks` as the call-made-once test has it (cli-workflow-calls): `risky`
   * fails with continue_on_error after doing part of its work (undone at
   * once), `fine` succeeds. `ship` calls it once per region and once more
   * (`once`), so each view can set a call made per item beside a call made once.
   */
  const TOLERATED = `workflow checks {
  param region: string
  step risky {
    run: "echo risky-\${region} >> order.txt; exit 3"
    rollback: "echo undo-risky-\${region} >> order.txt"
    continue_on_error: true
  }
  step fine {
    run: "echo fine-\${region} >> order.txt; echo fine-out-\${region}"
    rollback: "echo undo-fine-\${region} >> order.txt"
  }
}

workflow ship {
  concurrency: 1
  param fail: string = "no"
  step checked {
    for_each: region in ["eu", "us"]
    run: workflow checks(region: region)
  }
  step once {
    needs: [checked]
    run: workflow checks(region: "x")
  }
  step announce {
    needs: [checked, once]
    when: steps.checked.status == success && steps.once.status == success
    run: "echo announce \${steps.checked.outputs} \${steps.once.output} >> order.txt; test \${fail} = no"
    rollback: none
  }
}

test "each call goes on after its continue_on_error step, as a call made once does" {
  workflow: ship
  expect status == success
  expect step checked == success
  expect step checked[0] == success
  expect step checked[1] == success
  expect step checked[0]/risky == rolled_back
  expect step checked[1]/fine == success
  expect output checked[1] == "fine-out-us"
  expect step once == success
  expect step once/risky == rolled_back
  expect output announce == ""
}
`;

  /** Each row's status in `run --json`'s result, by step id. */
  const jsonStatuses = (stdout: string): Record<string, string> =>
    statuses(JSON.parse(stdout) as RunResultFile);

  it("a called step that fails with continue_on_error does not hold a call made per item: each call ends as a call made once does, in every view", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "tolerated", TOLERATED);
    const order = (): string[] => {
      const lines = read(join(workdir, "order.txt"));
      rmSync(join(workdir, "order.txt"), { force: true });
      return lines;
    };
    const run = (...args: string[]): Promise<CliOutcome> =>
      runCli(["run", file, "--workdir", workdir, "--workflow", "ship", ...args], workdir);
    const call = (region: string): string[] => [
      `risky-${region}`,
      `undo-risky-${region}`,
      `fine-${region}`,
    ];

    const out = await run("--json");
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(order(), [
      ...call("eu"),
      ...call("us"),
      ...call("x"),
      "announce fine-out-eu fine-out-us fine-out-x",
    ]);
    const shown = jsonStatuses(out.stdout);
    assert.deepEqual(
      ["checked", "checked[0]", "checked[1]", "once", "announce"].map((id) => shown[id]),
      ["success", "success", "success", "success", "success"],
      JSON.stringify(shown),
    );
    for (const call of ["checked[0]", "checked[1]", "once"]) {
      assert.equal(shown[`${call}/risky`], "rolled_back");
      assert.equal(shown[`${call}/fine`], "success");
    }
    // The record says what the run said: the half-done work undone at once is no rollback of the call.
    assert.deepEqual(statuses(resultOf(latestRunDir(workdir)!)), shown);
    // So do the summary's notes: each call went on, as a call made once does.
    const summary = await run();
    assert.equal(summary.code, 0, said(summary));
    order();
    assert.match(summary.stdout, /^ {2}checked +success .* 2 instances: 2 ✓$/m, summary.stdout);
    assert.doesNotMatch(summary.stdout, /called steps/, summary.stdout);

    // A later failure undoes each call's completed steps; no failed step's undo runs twice.
    const failed = await run("--param", "fail=yes", "--json");
    assert.equal(failed.code, 1, said(failed));
    assert.deepEqual(order().slice(-3), ["undo-fine-x", "undo-fine-us", "undo-fine-eu"]);
    const undone = jsonStatuses(failed.stdout);
    assert.equal(undone["checked"], "rolled_back", JSON.stringify(undone));
    assert.deepEqual(statuses(resultOf(latestRunDir(workdir)!)), undone);

    // Left to momoflow rollback, each call's two steps are undone from the record, as one unit.
    const kept = await run("--param", "fail=yes", "--no-rollback");
    assert.equal(kept.code, 1, said(kept));
    order();
    const rollback = await runCli(["rollback", latestRunDir(workdir)!], workdir);
    assert.equal(rollback.code, 0, said(rollback));
    assert.deepEqual(order(), [
      "undo-fine-x",
      "undo-risky-x",
      "undo-fine-us",
      "undo-risky-us",
      "undo-fine-eu",
      "undo-risky-eu",
    ]);

    const tests = await runCli(["test", file], workdir);
    assert.equal(tests.code, 0, said(tests));
  });

  it("a continue_on_error failure whose undo at once failed leaves a call made per item success, as a call made once, in every view; a failed undo of the rollback counts calls", async () => {
    const text = `workflow checks {
  param region: string
  step risky {
    run: "echo half > half-\${region}.txt; exit 3"
    rollback: "exit 7"
    continue_on_error: true
  }
  step fine {
    run: "echo fine-\${region}"
    rollback: "test \${region} != us"
  }
}

workflow ship {
  concurrency: 1
  param fail: string = "no"
  step checked {
    for_each: region in ["eu", "us"]
    run: workflow checks(region: region)
  }
  step once {
    needs: [checked]
    run: workflow checks(region: "x")
  }
  step announce {
    needs: [checked, once]
    when: steps.checked.status == success && steps.once.status == success
    run: "test \${fail} = no && echo announced"
    rollback: none
  }
}

test "each call reads success, in expect step as in a when" {
  workflow: ship
  expect status == success
  expect output announce == "announced"
  expect step checked == success
  expect step checked[0] == success
  expect step checked[0]/risky == rollback_failed
  expect step once == success
  expect step once/risky == rollback_failed
}
`;
    const { file, workdir } = writeWorkflow(tmp(), "undo-at-once-failed", text);
    const run = (fail: string): Promise<CliOutcome> =>
      runCli(
        [
          "run",
          file,
          "--workdir",
          workdir,
          "--workflow",
          "ship",
          "--param",
          `fail=${fail}`,
          "--json",
        ],
        workdir,
      );
    /** The rows of `checked` and `once`, as `run --json` and as result.json have them. */
    const rows = (stdout: string): string[][] => {
      const pick = (file: RunResultFile): string[] =>
        file.steps
          .filter((s) => s.id === "checked" || s.id === "once")
          .map((s) => `${s.id} ${s.status} ${s.error ?? ""}`.trim());
      return [pick(JSON.parse(stdout) as RunResultFile), pick(resultOf(latestRunDir(workdir)!))];
    };

    const out = await run("no");
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(rows(out.stdout), [
      ["checked success", "once success"],
      ["checked success", "once success"],
    ]);
    assert.match(
      statuses(resultOf(latestRunDir(workdir)!))["checked[0]/risky"]!,
      /rollback_failed/,
    );

    // The run's rollback fails to undo us's fine: one call of two, whatever the steps of the calls.
    const failed = await run("yes");
    assert.equal(failed.code, 1, said(failed));
    const error =
      'rollback failed: 1 of 2 instances could not be undone: "checked[1]/fine" (shell command "test us != us" exited with code 1)';
    assert.deepEqual(rows(failed.stdout), [
      [`checked rollback_failed ${error}`, "once success"],
      [`checked rollback_failed ${error}`, "once success"],
    ]);

    const tests = await runCli(["test", file], workdir);
    assert.equal(tests.code, 0, said(tests));
  });

  it("fails the run when a call fails, and undoes each instance's steps in reverse as one unit", async () => {
    const { workdir, runDir } = await runRecorded(tmp(), "fail", ship(1, "us"), 1, [
      "--workflow",
      "ship",
    ]);
    assert.deepEqual(undos(workdir), [
      "undo-tag-us",
      "undo-bump-us",
      "undo-tag-eu",
      "undo-bump-eu",
    ]);
    const file = resultOf(runDir);
    assert.equal(file.status, "rolled_back");
    const steps = statuses(file);
    assert.equal(steps["deploy[0]/bump"], "rolled_back");
    assert.equal(steps["deploy[1]/tag"], "rolled_back");
    assert.equal(steps["deploy[2]/bump"], "not_run");
    assert.equal(steps["deploy"], "failed");
    assert.equal(steps["announce"], "not_run");
  });

  it("undoes calls that ran side by side each as one unit, not step by step in the order they ended", async () => {
    const { workdir, runDir } = await runRecorded(
      tmp(),
      "side-by-side",
      `${RELEASE}
workflow ship {
  concurrency: 2
  step deploy {
    for_each: region in ["eu", "us"]
    run: workflow release(region: region)
  }
  step announce {
    needs: deploy
    run: "exit 3"
    rollback: none
  }
}
`,
      1,
      ["--workflow", "ship"],
    );
    assert.equal(resultOf(runDir).status, "rolled_back");
    const ran = read(join(workdir, "ops.log")).filter((line) => !line.startsWith("undo-"));
    // Both calls' bumps ran before either tag: the steps ended interleaved.
    assert.deepEqual(ran.slice(0, 2).sort(), ["start-eu", "start-us"], ran.join("\n"));
    const unit = (region: string): string[] => [`undo-tag-${region}`, `undo-bump-${region}`];
    const undone = undos(workdir);
    assert.ok(
      JSON.stringify(undone) === JSON.stringify([...unit("us"), ...unit("eu")]) ||
        JSON.stringify(undone) === JSON.stringify([...unit("eu"), ...unit("us")]),
      undone.join("\n"),
    );
  });

  it("reuses each called step of each instance on --resume, and runs what failed or never ran", async () => {
    const broken = `${RELEASE.replace("test ${region} != ${fail_in}", "test ! -e broken-${region}")}
workflow ship {
  param regions: list = ["eu", "us", "ap"]
  step deploy {
    for_each: region in regions
    run: workflow release(region: region)
  }
}
`;
    const { file, workdir } = writeWorkflow(tmp(), "resume", broken);
    writeFileSync(join(workdir, "broken-us"), "");
    const first = await runCli(
      ["run", file, "--workflow", "ship", "--workdir", workdir, "--no-rollback"],
      workdir,
    );
    assert.equal(first.code, 1, said(first));
    rmSync(join(workdir, "broken-us"));
    const again = await runCli(
      ["run", file, "--workflow", "ship", "--workdir", workdir, "--resume", "--json"],
      workdir,
    );
    assert.equal(again.code, 0, said(again));
    const file2 = JSON.parse(again.stdout) as RunResultFile;
    const reused = file2.steps.filter((s) => s.reusedFrom !== undefined).map((s) => s.id);
    assert.deepEqual(reused, ["deploy[0]/bump", "deploy[0]/tag", "deploy[1]/bump"]);
    // A call all of whose steps were reused did nothing: no CPU or memory of its own (`—`), not its joining's heap growth.
    const call = file2.steps.find((s) => s.id === "deploy[0]")!;
    assert.equal(call.metrics.peakMemoryBytes, 0, JSON.stringify(call.metrics));
    assert.equal(call.metrics.memory, undefined, JSON.stringify(call.metrics));
    assert.equal(call.metrics.cpuUserMs, 0, JSON.stringify(call.metrics));
    assert.deepEqual(file2.steps.find((s) => s.id === "deploy")?.output, ["v-eu", "v-us", "v-ap"]);
    // Each region's bump ran once over both runs; us's tag twice (it failed, then ran again).
    const ran = read(join(workdir, "ops.log"));
    assert.deepEqual(
      ran.filter((l) => l.startsWith("start-")),
      ["start-eu", "start-us", "start-ap"],
    );
    assert.deepEqual(
      ran.filter((l) => l === "end-us"),
      ["end-us", "end-us"],
    );
  });

  it("a resume that never reaches the step takes its calls over: its rollback undoes each call as one unit, once", async () => {
    const { file, workdir } = writeWorkflow(
      tmp(),
      "take-over",
      `${RELEASE}
workflow ship {
  param v: string = "good"
  step gate {
    run: "test \${v} = good"
    rollback: none
  }
  step deploy {
    needs: gate
    for_each: region in ["eu", "us"]
    run: workflow release(region: region)
  }
  step last {
    needs: deploy
    run: "test -f needed.txt"
    rollback: none
  }
}
`,
    );
    const run = (...args: string[]) =>
      runCli(["run", file, "--workflow", "ship", "--workdir", workdir, ...args], workdir);
    const first = await run("--no-rollback");
    assert.equal(first.code, 1, said(first));
    const resumed = await run("--resume", "--param", "v=bad");
    assert.equal(resumed.code, 1, said(resumed));
    const ops = read(join(workdir, "ops.log"));
    assert.deepEqual(
      ops.filter((line) => !line.startsWith("undo-")),
      ["start-eu", "end-eu", "start-us", "end-us"],
      "no call ran again",
    );
    const undone = ["undo-tag-us", "undo-bump-us", "undo-tag-eu", "undo-bump-eu"];
    assert.deepEqual(undos(workdir), undone, said(resumed));
    assert.match(resumed.stdout, /deploy\[1\]\/tag\s+rolled_back\s+0\s.*reused from run/);
    const again = await runCli(["rollback", latestRunDir(workdir)!], workdir);
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(undos(workdir), undone);
  });

  it("calls once per item inside a called workflow: go/deploy[0]/bump, named so by tests too; go's time spans its calls", async () => {
    const flows = `workflow release {
  param region: string
  step bump {
    run: "sleep 0.2 && echo bump-\${region} >> ops.log"
    rollback: "echo undo-bump-\${region} >> ops.log"
  }
}
workflow regional {
  param regions: list
  step deploy {
    for_each: region in regions
    run: workflow release(region: region)
  }
}
workflow ship {
  step go {
    run: workflow regional(regions: ["eu", "us", "ap"])
  }
}
test "nested" {
  workflow: ship
  fail: go/deploy[2]/bump
  expect step go/deploy[0]/bump == rolled_back
  expect step go/deploy == failed
  expect step go == failed
}
`;
    const { file, workdir, runDir } = await runRecorded(tmp(), "in-call", flows, 0, [
      "--workflow",
      "ship",
    ]);
    const steps = resultOf(runDir).steps;
    const go = steps.find((s) => s.id === "go")!;
    const bump = steps.find((s) => s.id === "go/deploy[0]/bump")!;
    assert.equal(bump.status, "success");
    assert.ok(go.metrics.startTime <= bump.metrics.startTime, JSON.stringify([go, bump]));
    assert.ok(go.metrics.durationMs >= bump.metrics.durationMs, JSON.stringify([go, bump]));
    const tested = await runCli(["test", file], workdir);
    assert.equal(tested.code, 0, said(tested));
  });

  it("masks an item given to a secret param of the called workflow everywhere the record holds it, its fan-out line too", async () => {
    const { runDir, out } = await runRecorded(
      tmp(),
      "secret-item",
      `workflow login {
  param token: secret
  step use {
    run: "echo using \${token}"
    rollback: none
  }
}
workflow ship {
  step deploy {
    for_each: t in ["tok-aaa111", "tok-bbb222"]
    run: workflow login(token: t)
  }
}
`,
      0,
      ["--workflow", "ship"],
    );
    assert.doesNotMatch(out.stdout, /tok-/);
    for (const name of ["journal.jsonl", "result.json"])
      assert.doesNotMatch(readFileSync(join(runDir, name), "utf8"), /tok-/, name);
  });

  it("runs a for_each step of the called workflow in each instance (deploy[1]/parts[0]), and undoes it: run --json and result.json say so alike", async () => {
    const { workdir, runDir, out } = await runRecorded(
      tmp(),
      "nested",
      `workflow release {
  param region: string
  step parts {
    for_each: p in ["a", "b"]
    run: "echo \${region}-\${p} >> ops.log && echo \${region}-\${p}"
    rollback: "echo undo-\${region}-\${p} >> ops.log"
  }
}
workflow ship {
  step deploy {
    for_each: region in ["eu", "us"]
    run: workflow release(region: region)
  }
  step boom {
    needs: deploy
    run: "echo \${steps.deploy.outputs}; exit 1"
  }
}
`,
      1,
      ["--workflow", "ship", "--json"],
    );
    assert.match(out.stderr, /boom +\| eu-a eu-b us-a us-b/);
    assert.deepEqual(undos(workdir), ["undo-us-b", "undo-us-a", "undo-eu-b", "undo-eu-a"]);
    const file = resultOf(runDir);
    assert.equal(file.status, "rolled_back", said(out));
    const steps = statuses(file);
    assert.equal(steps["deploy[1]/parts[0]"], "rolled_back");
    assert.equal(steps["deploy[1]/parts"], "rolled_back");
    assert.equal(steps["deploy"], "rolled_back");
    // The run settles a called fan-out step before the step whose call holds it, as the record reads them.
    assert.deepEqual(statuses(JSON.parse(out.stdout) as RunResultFile), steps);
  });

  it("undoes each instance as one unit from the record after a SIGKILL (momoflow rollback)", async () => {
    const { workdir, runDir } = await killedRecorded(
      tmp(),
      "killed",
      ship(1),
      '"step":"deploy[1]/tag","attempt"',
      ["--workflow", "ship"],
    );
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    assert.deepEqual(undos(workdir), [
      "undo-tag-us",
      "undo-bump-us",
      "undo-tag-eu",
      "undo-bump-eu",
    ]);
    const steps = statuses(resultOf(runDir));
    assert.equal(steps["deploy[0]/tag"], "rolled_back", JSON.stringify(steps));
    assert.equal(steps["deploy[1]/bump"], "rolled_back", JSON.stringify(steps));
  });

  it("undoes a called step's js() rollback from the record after a SIGKILL, with the instance's item", async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "undo.mjs"),
      `import { appendFileSync } from "node:fs";
export async function make(args) { appendFileSync("ops.log", "make-" + args.region + "\\n"); return args.region; }
export async function unmake(args) { appendFileSync("ops.log", "undo-make-" + args.region + "\\n"); }
`,
    );
    const { workdir, runDir } = await killedRecorded(
      dir,
      "js-killed",
      `workflow release {
  param region: string
  step make {
    run: js("./undo.mjs", "make", region: region)
    rollback: js("./undo.mjs", "unmake", region: region)
  }
}
workflow ship {
  step deploy {
    for_each: region in ["eu", "us"]
    run: workflow release(region: region)
  }
}
`,
      '"step":"deploy[1]/make","attempt"',
      ["--workflow", "ship"],
    );
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    assert.deepEqual(undos(workdir), ["undo-make-us", "undo-make-eu"]);
  });

  describe("tests name an instance's called steps: deploy[1]/tag", () => {
    const WORKFLOWS = `workflow release {
  param region: string
  step bump {
    run: create_file(path: "bump-\${region}.txt", content: region)
  }
  step tag {
    needs: bump
    run: "echo v-\${region}"
    rollback: none
  }
}
workflow ship {
  step deploy {
    for_each: region in ["eu", "us"]
    run: workflow release(region: region)
  }
}
`;

    it("fail:, expect step and expect output name an instance's called steps, the instance, and the list", async () => {
      const { file, workdir } = writeWorkflow(
        tmp(),
        "named",
        `${WORKFLOWS}
test "each region is released" {
  workflow: ship
  expect status == success
  expect step deploy[0]/bump == success
  expect output deploy == ["v-eu", "v-us"]
  expect output deploy[1] == "v-us"
  expect output deploy[1]/tag == "v-us"
  expect file "bump-us.txt" exists
}
test "a called step of one instance fails" {
  workflow: ship
  fail: deploy[1]/tag
  expect status == rolled_back
  expect step deploy == failed
  expect step deploy[1] == failed
  expect step deploy[0] == rolled_back
  expect step deploy[0]/bump == rolled_back
  expect step deploy[1]/tag == failed
  expect file "bump-eu.txt" missing
  expect file "bump-us.txt" missing
}
`,
      );
      const out = await runCli(["test", file], workdir);
      assert.equal(out.code, 0, said(out));
      assert.match(out.stdout, /2 passed, 0 failed/);
    });

    it("a fail: or expect step naming a call past the items read during the run fails the test, saying how many ran", async () => {
      const { file, workdir } = writeWorkflow(
        tmp(),
        "absent",
        `${WORKFLOWS.replace(
          'for_each: region in ["eu", "us"]',
          "for_each: region in regions",
        ).replace("workflow ship {", 'workflow ship {\n  param regions: list = ["eu", "us"]')}
test "past the items" {
  workflow: ship
  fail: deploy[5]/tag
  expect step deploy[1]/tag == success
}
test "an expectation past the items" {
  workflow: ship
  expect step deploy[7]/bump == success
}
`,
      );
      const out = await runCli(["test", file], workdir);
      assert.equal(out.code, 1, said(out));
      assert.match(
        out.stdout,
        /fail: deploy\[5\]\/tag failed no step: the run had no deploy\[5\]\/tag \(step deploy ran 2 instances, deploy\[0\] to deploy\[1\]\)/,
      );
      assert.match(
        out.stdout,
        /the run had no deploy\[7\]\/bump \(step deploy ran 2 instances, deploy\[0\] to deploy\[1\]\)/,
      );
    });

    it("momoflow check: MF002 for an instance past the written-out list, or a step the called workflow lacks", async () => {
      const { file, workdir } = writeWorkflow(
        tmp(),
        "typos",
        `${WORKFLOWS}
test "typos" {
  workflow: ship
  fail: deploy[2]/tag
  expect step deploy[0]/bmup == success
}
`,
      );
      const out = await runCli(["check", file], workdir);
      assert.equal(out.code, 1, said(out));
      assert.match(
        out.stdout,
        /MF002: step "deploy" has no instance \[2\]: it runs 2 instances, deploy\[0\] to deploy\[1\]/,
      );
      assert.match(
        out.stdout,
        /MF002: unknown step "bmup" in workflow "release"; did you mean "bump"\?/,
      );
    });
  });
});
