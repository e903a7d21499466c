import assert from "node:assert/strict";
import Ajv from "ajv";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { journalText, runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { expectDead, isAlive } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";
import { runIdsOf } from "../support/run-record-files";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";
import type { RunResultFile } from "../../src/record/result-file";

/**
 * Fan-out (`for_each`) through the real CLI, on real files: each instance
 * appends what it did to runs.log and each undo to undo.log, so the order of
 * effects and undos is read from the files the instances wrote.
 */
describe("fan-out: for_each through the real CLI", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-fan-out-");
  const file = (): string => join(tmp(), "flow.momoflow");
  const read = (name: string): string => readFileSync(join(tmp(), name), "utf8");
  const lines = (name: string): string[] =>
    existsSync(join(tmp(), name)) ? read(name).trim().split("\n").filter(Boolean) : [];
  const cli = (...args: string[]): Promise<CliOutcome> => runCli(args, tmp());
  const runsDir = (): string => join(tmp(), ".momoflow", "runs");
  const runIds = (): string[] => runIdsOf(tmp());
  const result = (id = runIds().at(-1)!): RunResultFile =>
    JSON.parse(readFileSync(join(runsDir(), id, "result.json"), "utf8"));
  const statuses = (file: RunResultFile): Record<string, string> =>
    Object.fromEntries(file.steps.map((s) => [s.id, s.status]));

  /**
   * Runs file() and kills the run (SIGKILL) while its instance c sleeps,
   * once the record holds c's process group; gives the group's leader.
   */
  async function killedWhileCSleeps(): Promise<number> {
    const { child, done } = startCli(["run", file()], tmp());
    await waitFor(() => existsSync(join(tmp(), "c.pid")), "instance c to start waiting");
    await waitFor(
      () => /"step_process"[^\n]*"convert\[2\]"/.test(journalText(tmp())),
      "the record of instance c's process group",
    );
    // The group is recorded as its shell starts, maybe before the script wrote its pid.
    await waitFor(() => existsSync(join(tmp(), "c.pid")) && read("c.pid").endsWith("\n"), "c.pid");
    child.kill("SIGKILL");
    assert.equal((await done).signal, "SIGKILL");
    return Number(read("c.pid").trim());
  }

  it("runs one instance per file of a glob, in sorted order, each with its own record, log and item", async () => {
    mkdirSync(join(tmp(), "data"));
    for (const name of ["c", "a", "b"]) writeFileSync(join(tmp(), "data", `${name}.csv`), name);
    writeFileSync(
      file(),
      `workflow convert_all {
  step convert {
    for_each: file in glob("data/*.csv")
    run: "mkdir -p out && cat \${file} > out/\${stem(file)}.json && echo \${basename(file)}"
    rollback: delete_path(path: "out/\${stem(file)}.json")
  }
  step report {
    needs: convert
    run: create_file(path: "report.txt", content: "\${steps.convert.outputs}")
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 0, said(out));
    assert.equal(read("report.txt"), "a.csv b.csv c.csv");
    assert.equal(read("out/b.json"), "b");
    // The summary: each instance after its step, whose row counts them.
    assert.match(out.stdout, /convert\s+success\s+—\s.*3 instances: 3 ✓/);
    assert.match(out.stdout, /convert\[0\]\s+success\s+1\s/);
    assert.match(out.stdout, /convert\[2\]\s+success\s+1\s/);

    const record = result();
    const instances = record.steps.filter((s) => s.instanceOf === "convert");
    assert.deepEqual(
      instances.map((s) => [s.id, s.item, s.output, s.status]),
      [
        ["convert[0]", "data/a.csv", "a.csv", "success"],
        ["convert[1]", "data/b.csv", "b.csv", "success"],
        ["convert[2]", "data/c.csv", "c.csv", "success"],
      ],
    );
    assert.deepEqual(record.steps.find((s) => s.id === "convert")!.output, [
      "a.csv",
      "b.csv",
      "c.csv",
    ]);
    for (const instance of instances) {
      assert.ok(instance.log, `${instance.id} has a log`);
      assert.match(
        readFileSync(join(runsDir(), record.runId, instance.log!), "utf8"),
        new RegExp(`${(instance.item as string).slice(5)}`),
      );
    }
    // The record holds what the schemas say, the fan-out event included.
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const validEvent = ajv.compile(journalSchema);
    const events = journalText(tmp())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string });
    for (const event of events) assert.ok(validEvent(event), JSON.stringify(validEvent.errors));
    const fannedOut = events.filter((e) => e.type === "step_fanned_out");
    assert.equal(fannedOut.length, 1);
    const firstInstance = events.findIndex(
      (e) => e.type === "step_started" && (e as unknown as { step: string }).step === "convert[0]",
    );
    assert.ok(events.indexOf(fannedOut[0]!) < firstInstance, "recorded before any instance");
    const validResult = ajv.compile(resultSchema);
    assert.ok(validResult(record), JSON.stringify(validResult.errors));
  });

  it("never runs more instances at once than max_parallel (from the instances' own timestamps)", async () => {
    writeFileSync(
      file(),
      `workflow bounded {
  concurrency: 6
  param items: list = ["1", "2", "3", "4", "5", "6"]
  step each {
    for_each: n in items
    max_parallel: 2
    run: """
      mkdir -p times
      echo "start $(date +%s%N)" > times/\${n}
      sleep 0.3
      echo "end $(date +%s%N)" >> times/\${n}
      """
    rollback: none
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 0, said(out));
    const edges: [number, number][] = [];
    for (const name of readdirSync(join(tmp(), "times"))) {
      for (const line of read(join("times", name)).trim().split("\n")) {
        const [what, ns] = line.split(" ") as [string, string];
        edges.push([Number(BigInt(ns) / 1000n), what === "start" ? 1 : -1]);
      }
    }
    assert.equal(edges.length, 12, "six instances, each started and ended");
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let peak = 0;
    for (const [, delta] of edges) peak = Math.max(peak, (running += delta));
    assert.equal(peak, 2);
  });

  it("after a failed instance starts no new one, and undoes the completed ones in reverse, each with its item", async () => {
    writeFileSync(
      file(),
      `workflow fragile {
  param names: list = ["a", "b", "bad", "c", "d"]
  step convert {
    for_each: name in names
    run: """
      test "\${name}" != bad
      echo \${name} >> runs.log
      """
    rollback: "echo \${name} >> undo.log"
  }
  step after {
    needs: convert
    run: "echo after >> runs.log"
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 1, said(out));
    assert.deepEqual(lines("runs.log"), ["a", "b"]);
    // The half-done failing instance first (it finished last), then b, then a.
    assert.deepEqual(lines("undo.log"), ["bad", "b", "a"]);
    assert.deepEqual(statuses(result()), {
      convert: "failed",
      after: "not_run",
      "convert[0]": "rolled_back",
      "convert[1]": "rolled_back",
      "convert[2]": "rolled_back",
      "convert[3]": "not_run",
      "convert[4]": "not_run",
    });
    assert.match(out.stdout, /step "convert\[2\]" failed/);
  });

  it("goes on after a failed instance with continue_on_error, and ends the step failed", async () => {
    writeFileSync(
      file(),
      `workflow tolerant {
  param names: list = ["a", "bad", "c"]
  step convert {
    for_each: name in names
    continue_on_error: true
    run: """
      test "\${name}" != bad
      echo \${name} >> runs.log
      """
    rollback: none
  }
  step after {
    needs: convert
    run: "echo after >> runs.log"
    rollback: none
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 1, said(out));
    assert.deepEqual(lines("runs.log"), ["a", "c"]);
    const steps = statuses(result());
    assert.equal(steps.convert, "failed");
    assert.equal(steps["convert[2]"], "success");
    assert.equal(steps.after, "not_run");
  });

  it("momoflow rollback of a SIGKILLed fan-out run undoes the instances that completed", async function () {
    if (process.platform !== "linux") this.skip(); // a recorded process group is matched through /proc
    writeFileSync(
      file(),
      `workflow killed {
  param names: list = ["a", "b", "c", "d"]
  step convert {
    for_each: name in names
    max_parallel: 1
    run: """
      echo \${name} >> runs.log
      if [ "\${name}" = c ]; then echo $$ > c.pid; sleep 30; fi
      """
    rollback: "echo \${name} >> undo.log"
  }
}
`,
    );
    const leader = await killedWhileCSleeps();
    try {
      const out = await cli("rollback", file());
      assert.equal(out.code, 0, said(out));
      // c was running when the run was killed: half-done, undone first; d never started.
      assert.deepEqual(lines("undo.log"), ["c", "b", "a"]);
      await expectDead([leader]);
      const steps = statuses(result());
      assert.equal(steps["convert[0]"], "rolled_back");
      assert.equal(steps["convert[3]"], "not_run", "d never started");
    } finally {
      if (isAlive(leader)) process.kill(-leader, "SIGKILL");
    }
  });

  it("momoflow rollback undoes killed instances whose undo is code (js), each with its recorded item", async function () {
    if (process.platform !== "linux") this.skip(); // a recorded process group is matched through /proc
    writeFileSync(
      join(tmp(), "undo.mjs"),
      `import { appendFileSync } from "node:fs";
export function undo(args, context) {
  appendFileSync(context.workingDirectory + "/undo.log", args.name + "\\n");
}
`,
    );
    writeFileSync(
      file(),
      `workflow coded {
  param names: list = ["a", "b", "c"]
  step convert {
    for_each: name in names
    max_parallel: 1
    run: """
      echo \${name} >> runs.log
      if [ "\${name}" = c ]; then echo $$ > c.pid; sleep 30; fi
      """
    rollback: js("./undo.mjs", "undo", name: name)
  }
}
`,
    );
    const leader = await killedWhileCSleeps();
    try {
      const out = await cli("rollback", file());
      assert.equal(out.code, 0, said(out));
      assert.deepEqual(lines("undo.log"), ["c", "b", "a"]);
    } finally {
      if (isAlive(leader)) process.kill(-leader, "SIGKILL");
    }
  });

  it("goes over the files of an absolute glob, such as one beside the workflow (${workflow.dir}), as absolute paths", async () => {
    // It used to walk the pattern's folder under the working directory: no file, the step skipped.
    mkdirSync(join(tmp(), "data"));
    for (const name of ["b", "a"]) writeFileSync(join(tmp(), "data", `${name}.csv`), name);
    writeFileSync(
      file(),
      `workflow beside {
  step each {
    for_each: f in glob("\${workflow.dir}/data/*.csv")
    run: "cat \${f}"
    rollback: none
  }
}

test "files beside the workflow, from the test's own folder" {
  workflow: beside
  expect output each == ["a", "b"]
}
`,
    );
    const work = join(tmp(), "elsewhere");
    const out = await cli("run", file(), "--workdir", work, "--json");
    assert.equal(out.code, 0, said(out));
    const run = JSON.parse(out.stdout) as { steps: { id: string; item?: unknown }[] };
    assert.deepEqual(
      run.steps.filter((s) => s.id.startsWith("each[")).map((s) => s.item),
      [join(tmp(), "data", "a.csv"), join(tmp(), "data", "b.csv")],
    );
    const tested = await cli("test", file());
    assert.equal(tested.code, 0, said(tested));
  });

  it("goes over a step's JSON array output, with the item's fields", async () => {
    writeFileSync(
      file(),
      `workflow from_json {
  step list {
    run: "echo '{\\"sites\\": [{\\"name\\": \\"blog\\"}, {\\"name\\": \\"shop\\"}]}'"
    output: json
    rollback: none
  }
  step deploy {
    needs: list
    for_each: site in steps.list.output.sites
    run: "echo \${site.name} >> runs.log; echo '{\\"url\\": \\"https://'\${site.name}'.example\\"}'"
    output: json
    rollback: none
  }
  step report {
    needs: deploy
    run: "echo \${steps.deploy.outputs[1].url} > report.txt"
    rollback: none
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(lines("runs.log"), ["blog", "shop"]);
    assert.equal(read("report.txt").trim(), "https://shop.example");
    assert.deepEqual(result().steps.find((s) => s.id === "deploy")!.output, [
      { url: "https://blog.example" },
      { url: "https://shop.example" },
    ]);
  });

  it("counts an instance its when skipped apart in the summary, not among the successes", async () => {
    writeFileSync(
      file(),
      `workflow some_items {
  step convert {
    for_each: n in [1, 2, 3, 4]
    when: n != 3
    run: "echo \${n}"
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 0, said(out));
    assert.equal(statuses(result())["convert[2]"], "skipped");
    assert.match(out.stdout, /convert\s+success\s+—\s.*4 instances: 3 ✓ 1 skipped\n/);
  });

  it("skips a step whose items are none, saying why, and runs the steps that need it", async () => {
    writeFileSync(
      file(),
      `workflow nothing {
  step convert {
    for_each: file in glob("data/*.csv")
    run: "echo \${file} >> runs.log"
    rollback: none
  }
  step after {
    needs: convert
    run: "echo after >> runs.log"
    rollback: none
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(lines("runs.log"), ["after"]);
    const reason = 'for_each: glob("data/*.csv") has no items, so no instance ran';
    assert.ok(out.stdout.includes(reason), out.stdout);
    const convert = result().steps.find((s) => s.id === "convert")!;
    assert.equal(convert.status, "skipped");
    assert.equal(convert.reason, reason);
  });

  it("gives a fan-out step with no items, or with every instance skipped, outputs the steps that need it read: [] and nulls", async () => {
    writeFileSync(
      file(),
      `workflow gather {
  param samples: list = []
  step align {
    for_each: sample in samples
    run: "echo aligned \${sample}"
    rollback: none
  }
  step check {
    for_each: n in [1, 2]
    when: n > 2
    run: "echo \${n}"
    rollback: none
  }
  step merge {
    needs: [align, check]
    run: "echo \\"merged [\${steps.align.outputs}] [\${steps.check.outputs}]\\""
    rollback: none
  }
}

test "an empty fan-out gives an empty list" {
  workflow: gather
  expect step align == skipped
  expect output align == []
  expect output merge == "merged [] [ ]"
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 0, said(out));
    assert.match(out.stdout, /merge\s+\| merged \[\] \[ \]\n/);
    const steps = result().steps;
    assert.deepEqual(steps.find((s) => s.id === "align")!.output, []);
    assert.deepEqual(steps.find((s) => s.id === "check")!.output, [null, null]);
    const test = await cli("test", file());
    assert.equal(test.code, 0, said(test));
  });

  it("momoflow rollback of a killed run gives a js() undo the empty outputs of a fan-out step with no items, as the live run does", async function () {
    if (process.platform !== "linux") this.skip(); // a recorded process group is matched through /proc
    writeFileSync(
      join(tmp(), "undo.mjs"),
      `import { appendFileSync } from "node:fs";
export function undo(args, context) {
  appendFileSync(context.workingDirectory + "/undo.log", JSON.stringify(args.aligned) + "\\n");
}
`,
    );
    writeFileSync(
      file(),
      `workflow gather {
  param samples: list = []
  step align {
    for_each: sample in samples
    run: "echo \${sample}"
    rollback: none
  }
  step publish {
    needs: align
    run: "echo $$ > publish.pid; sleep 30"
    rollback: js("./undo.mjs", "undo", aligned: steps.align.outputs)
  }
}
`,
    );
    const { child, done } = startCli(["run", file()], tmp());
    await waitFor(
      () => existsSync(join(tmp(), "publish.pid")) && read("publish.pid").endsWith("\n"),
      "publish.pid",
    );
    child.kill("SIGKILL");
    assert.equal((await done).signal, "SIGKILL");
    const leader = Number(read("publish.pid").trim());
    try {
      const out = await cli("rollback", file());
      assert.equal(out.code, 0, said(out));
      assert.deepEqual(lines("undo.log"), ["[]"]);
    } finally {
      if (isAlive(leader)) process.kill(-leader, "SIGKILL");
    }
  });

  it("says an instance stopped by Ctrl+C was cancelled, not that it failed, in its fan-out step's error", async () => {
    writeFileSync(
      file(),
      `workflow slow {
  step convert {
    for_each: n in [1, 2, 3]
    run: "echo \${n} >> runs.log; sleep 30"
    rollback: none
  }
}
`,
    );
    const { child, done } = startCli(["run", file()], tmp());
    await waitFor(() => lines("runs.log").length === 1, "the first instance's start");
    child.kill("SIGINT");
    const out = await done;
    assert.equal(out.code, 130, said(out));
    const convert = result().steps.find((s) => s.id === "convert")!;
    assert.equal(convert.status, "cancelled");
    assert.match(
      convert.error ?? "",
      /^1 of 3 instances cancelled: "convert\[0\]" \(.*\), 2 not started$/,
    );
  });

  it("resumes a failed fan-out run without running its completed instances again", async () => {
    writeFileSync(
      file(),
      `workflow resumable {
  param names: list = ["a", "b", "c"]
  step convert {
    for_each: name in names
    run: """
      if [ "\${name}" = c ]; then test -f fixed; fi
      echo \${name} >> runs.log
      """
    rollback: none
  }
}
`,
    );
    const failed = await cli("run", file(), "--no-rollback");
    assert.equal(failed.code, 1, said(failed));
    assert.deepEqual(lines("runs.log"), ["a", "b"]);
    const first = runIds()[0]!;
    writeFileSync(join(tmp(), "fixed"), "");
    const resumed = await cli("run", file(), "--resume");
    assert.equal(resumed.code, 0, said(resumed));
    assert.deepEqual(lines("runs.log"), ["a", "b", "c"]);
    const steps = result().steps;
    assert.equal(steps.find((s) => s.id === "convert[0]")!.reusedFrom, first);
    assert.equal(steps.find((s) => s.id === "convert[2]")!.reusedFrom, undefined);
    assert.equal(steps.find((s) => s.id === "convert")!.status, "success");
  });

  it("gives the steps after a fan-out the outputs of its up-to-date instances, as the run that made their files recorded them", async () => {
    mkdirSync(join(tmp(), "in"));
    writeFileSync(join(tmp(), "in", "a.txt"), "a");
    writeFileSync(join(tmp(), "in", "b.txt"), "b");
    writeFileSync(
      file(),
      `workflow upper {
  step convert {
    for_each: f in glob("in/*.txt")
    inputs: f
    outputs: "out/\${stem(f)}.up"
    run: "mkdir -p out && tr a-z A-Z < \${f} > out/\${stem(f)}.up && echo made-\${stem(f)}"
    rollback: delete_path(path: "out/\${stem(f)}.up")
  }
  step gather {
    needs: convert
    run: "echo \${steps.convert.outputs} >> gathered.log"
    rollback: none
  }
}
`,
    );
    const first = await cli("run", file());
    assert.equal(first.code, 0, said(first));
    const again = await cli("run", file());
    assert.equal(again.code, 0, said(again));
    const convert = result().steps.find((s) => s.id === "convert")!;
    assert.equal(convert.status, "skipped", said(again));
    assert.deepEqual(convert.output, ["made-a", "made-b"]);
    assert.equal(convert.reason, "every instance was up to date");
    // One input touched: that instance runs, the other is up to date.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(tmp(), "in", "b.txt"), later, later);
    const touched = await cli("run", file());
    assert.equal(touched.code, 0, said(touched));
    assert.equal(statuses(result())["convert[0]"], "skipped");
    assert.equal(statuses(result())["convert[1]"], "success");
    assert.deepEqual(lines("gathered.log"), ["made-a made-b", "made-a made-b", "made-a made-b"]);
  });

  it("the summary's last line names a few of many steps rolled back, and how many, not each of them", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `"n${i}"`).join(", ");
    writeFileSync(
      file(),
      `workflow wide {
  step make {
    for_each: n in [${names}]
    run: create_file(path: "out/\${n}.txt", content: n)
  }
  step boom {
    needs: make
    run: "exit 1"
    rollback: none
  }
}
`,
    );
    const out = await cli("run", file());
    assert.equal(out.code, 1, said(out));
    const undone = result().rolledBackSteps;
    assert.equal(undone.length, 40);
    const last = out.stdout.split("\n").find((l) => l.includes("% of steps succeeded"))!;
    assert.ok(
      last.endsWith(
        `  ·  rolled back 40 steps: ${undone.slice(0, 6).join(", ")}, …, ${undone.slice(-2).join(", ")}`,
      ),
      last,
    );
    const named = `${undone.slice(0, 6).join(", ")}, …, ${undone.slice(-2).join(", ")}`;
    assert.ok(out.stdout.includes(`↶ rolling back 40 steps: ${named}\n`), out.stdout);
    const again = await cli("rollback", file());
    assert.equal(again.code, 0, said(again));
    const declared = [0, 1, 2, 3, 4, 5].map((i) => `make[${i}]`).join(", ");
    assert.ok(
      again.stdout.includes(
        `nothing to undo: 40 steps already undone: ${declared}, …, make[38], make[39]\n`,
      ),
      said(again),
    );
    // A few are named in full, as before.
    writeFileSync(file(), readFileSync(file(), "utf8").replace(/\[.*\]/, '["a", "b"]'));
    const few = await cli("run", file());
    assert.match(few.stdout, / {2}· {2}rolled back: make\[1\], make\[0\]\n/);
  });

  it("momoflow test runs a test of a fan-out workflow, with a failure injected into it", async () => {
    writeFileSync(
      file(),
      `workflow pair {
  param names: list = ["a", "b"]
  step write {
    for_each: name in names
    run: create_file(path: "\${name}.txt", content: "\${name}")
  }
  step convert {
    needs: write
    for_each: name in names
    run: "cat \${name}.txt"
    rollback: none
  }
}

test "each instance writes its file" {
  workflow: pair
  expect status == success
  expect output convert == ["a", "b"]
  expect file "b.txt" == "b"
}

test "a failed fan-out undoes the one before it" {
  workflow: pair
  fail: convert
  expect status == rolled_back
  expect step write == rolled_back
  expect step convert == failed
  expect file "a.txt" missing
}
`,
    );
    const out = await cli("test", file());
    assert.equal(out.code, 0, said(out));
    assert.match(out.stdout, /2 passed, 0 failed/);
  });
  it("counts each instance as a step in % of steps succeeded, not its fan-out step too: the summary, --json and result.json agree", async () => {
    writeFileSync(
      file(),
      `workflow w {
  step first {
    run: "echo first"
    rollback: none
  }
  step each {
    needs: first
    for_each: name in ["a", "b", "c"]
    run: "test \${name} != c"
    rollback: none
    continue_on_error: true
  }
}
`,
    );
    const out = await cli("run", file(), "--json");
    // first, each[0], each[1] of first, each[0..2]: 3 of 4 (the row of each only sums its instances up).
    const json = JSON.parse(out.stdout) as RunResultFile;
    assert.equal(json.successRate, 3 / 4);
    assert.equal(result().successRate, 3 / 4);
    const text = await cli("run", file());
    assert.match(text.stdout, /75% of steps succeeded/);
    assert.equal(result().successRate, 3 / 4);
    // The record read again (momoflow rollback rebuilds result.json from the journal) says the same.
    const back = await cli("rollback", file());
    assert.equal(back.code, 0, said(back));
    assert.equal(result().successRate, 3 / 4);
  });

  it("counts a fan-out step with no items as one step", async () => {
    writeFileSync(
      file(),
      `workflow w {
  param names: list = []
  step each {
    for_each: name in names
    run: "echo \${name}"
    rollback: none
  }
  step after {
    needs: each
    run: "false"
    rollback: none
  }
}
`,
    );
    const out = await cli("run", file(), "--json");
    assert.equal((JSON.parse(out.stdout) as RunResultFile).successRate, 1 / 2);
  });
  it("expect output of a fan-out's outputs compares lists item by item and shows them as lists when it fails", async () => {
    writeFileSync(
      file(),
      `workflow w {
  step each {
    for_each: n in ["a", "b"]
    run: "echo \${n}"
    rollback: none
  }
}

test "wrong item" {
  workflow: w
  expect output each == ["a", "c"]
}

test "items run together" {
  workflow: w
  expect output each == ["a b"]
}

test "right items" {
  workflow: w
  expect output each == ["a", "b"]
}
`,
    );
    const out = await cli("test", file());
    assert.equal(out.code, 1, said(out));
    assert.match(
      out.stdout,
      /expected the output of each to be \["a","c"\], but it was \["a","b"\]/,
    );
    assert.match(out.stdout, /expected the output of each to be \["a b"\], but it was \["a","b"\]/);
    assert.match(out.stdout, /1 passed, 2 failed/);
  });

  it("pads the output lines after the instances' ids once they are known, also a called step's, leaving the lines printed before as they were", async () => {
    writeFileSync(
      file(),
      `workflow sub {
  step zones {
    for_each: z in ["x"]
    run: "echo sub \${z}"
  }
}
workflow main {
  step list { run: "echo a" }
  step deploy {
    needs: [list]
    for_each: z in ["a", "b"]
    run: "echo deploying \${z}"
  }
  step done { needs: [deploy] run: "echo ok" }
  step c { needs: [done] run: workflow sub() }
  step last { needs: [c] run: "echo bye" }
}
`,
    );
    const out = await cli("run", file(), "--workflow", "main");
    assert.equal(out.code, 0, said(out));
    // The declared ids (c/zones the longest) set the width until deploy's
    // instances are known, then deploy[0], then c/zones[0]: as docker compose
    // widens its prefixes when a container joins.
    assert.deepEqual(
      out.stdout.split("\n").filter((line) => line.includes(" | ")),
      [
        "  list    | a",
        "  deploy[0] | deploying a",
        "  deploy[1] | deploying b",
        "  done      | ok",
        "  c/zones[0] | sub x",
        "  last       | bye",
      ],
    );
  });
});
