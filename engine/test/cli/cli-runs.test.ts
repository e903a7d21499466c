import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import runListSchema from "../../../schemas/run-list.schema.json";
import { journalText, runCli, startCli, waitFor } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

const BUILD = `workflow build {
  step make {
    run: "mkdir -p out && echo made > out/made.txt"
    rollback: "rm -rf out"
  }
  step check {
    needs: make
    run: "test -f out/made.txt"
    rollback: none
  }
}
`;

const SLOW = `workflow slow {
  step write {
    run: "echo part > part.txt"
    rollback: "rm -f part.txt"
  }
  step wait {
    needs: write
    run: "sleep 30"
    rollback: none
  }
}
`;

/** What `momoflow runs --json` printed, held to schemas/run-list.schema.json. */
interface RunList {
  runsDir: string;
  total: number;
  runs: {
    runId: string;
    dir: string;
    workflowId: string;
    source?: string;
    status: string;
    durationMs?: number;
    steps?: number;
    succeeded?: number;
    rolledBack?: number;
    pid?: number;
    problem?: string;
  }[];
}

function validRunList(stdout: string): RunList {
  const list: unknown = JSON.parse(stdout);
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.ok(ajv.validate(runListSchema, list), `${ajv.errorsText()}\n${stdout}`);
  return list as RunList;
}

/** The table's rows (header and notes left out), each as its cells. */
function rows(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((line) => /^ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /.test(line))
    .map((line) => line.trim().split(/ {2,}/));
}

describe("CLI: momoflow runs lists the runs of a working folder and how each stands", () => {
  const tmp = useTempDir("momoflow-runs-");

  function write(name: string, text: string): string {
    const path = join(tmp(), name);
    writeFileSync(path, text);
    return path;
  }

  it("says there are none in a folder without runs, and --json says so in its shape", async () => {
    const out = await runCli(["runs"], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, "no runs recorded in .momoflow/runs\n");
    const json = await runCli(["runs", "--json"], tmp());
    assert.equal(json.code, 0, json.stderr);
    const list = validRunList(json.stdout);
    assert.deepEqual(list.runs, []);
    assert.equal(list.total, 0);
  });

  it("lists ended runs newest first: status, time, steps that succeeded and what a rollback undid", async () => {
    write("build.momoflow", BUILD);
    const ok = await runCli(["run", "build.momoflow"], tmp());
    assert.equal(ok.code, 0, ok.stderr);
    // Told to fail `check`: `make` is undone.
    write("broken.momoflow", BUILD.replace("test -f out/made.txt", "exit 3"));
    const failed = await runCli(["run", "broken.momoflow"], tmp());
    assert.equal(failed.code, 1, failed.stdout);

    const out = await runCli(["runs"], tmp());
    assert.equal(out.code, 0, out.stderr);
    const [newest, oldest] = rows(out.stdout);
    // Two files: the file column tells them apart.
    assert.deepEqual(newest!.slice(1, 4), ["build", "broken.momoflow", "rolled_back"]);
    assert.equal(newest![5], "0 of 2 succeeded, 1 rolled back");
    assert.deepEqual(oldest!.slice(1, 4), ["build", "build.momoflow", "success"]);
    assert.equal(oldest![5], "2 of 2 succeeded");
    assert.match(oldest![4]!, /^\d+(\.\d+)? (ms|s)$/);

    const list = validRunList((await runCli(["runs", "--json"], tmp())).stdout);
    assert.deepEqual(
      list.runs.map((r) => [r.status, r.steps, r.succeeded, r.rolledBack]),
      [
        ["rolled_back", 2, 0, 1],
        ["success", 2, 2, 0],
      ],
    );
    assert.deepEqual(
      list.runs.map((r) => r.runId),
      readdirSync(join(tmp(), ".momoflow", "runs"))
        .filter((name) => name !== "latest")
        .sort()
        .reverse(),
    );

    // Only the runs of one file (in its folder, from anywhere), and only the newest.
    const ofFile = validRunList((await runCli(["runs", "build.momoflow", "--json"], tmp())).stdout);
    assert.deepEqual(
      ofFile.runs.map((r) => r.source),
      [join(tmp(), "build.momoflow")],
    );
    const last = await runCli(["runs", "--last", "1"], tmp());
    assert.equal(rows(last.stdout).length, 1);
    assert.match(last.stdout, /\n {2}1 earlier run not shown \(--all shows them\)\n$/);
    const other = await runCli(["runs", "--workflow", "nothing-like-it"], tmp());
    assert.equal(other.stdout, "no runs recorded in .momoflow/runs for workflow nothing-like-it\n");
  });

  it("tells a running run (its pid) from a killed one, which it names with the rollback that undoes it", async () => {
    write("slow.momoflow", SLOW);
    const { child, done } = startCli(["run", "slow.momoflow"], tmp());
    try {
      await waitFor(() => journalText(tmp()).includes('"step":"wait"'), "the step wait to start");
      const running = validRunList((await runCli(["runs", "--json"], tmp())).stdout);
      assert.equal(running.runs[0]!.status, "running");
      assert.equal(running.runs[0]!.pid, child.pid);
      assert.match(rows((await runCli(["runs"], tmp())).stdout)[0]![2]!, /^running \(pid \d+\)$/);
    } finally {
      child.kill("SIGKILL");
      await done;
    }
    const out = await runCli(["runs"], tmp());
    const [killed] = rows(out.stdout);
    assert.deepEqual(killed!.slice(2, 5), ["killed", "—", "—"]);
    const dir = join(".momoflow", "runs", killed![killed!.length - 1]!);
    assert.match(
      out.stdout,
      new RegExp(`a killed run's steps may be half-done: momoflow rollback ${dir} undoes them\\n$`),
    );
    // What the listing says works: the rollback undoes the half-done run, which then reads so.
    assert.ok(existsSync(join(tmp(), "part.txt")));
    const rollback = await runCli(["rollback", dir], tmp());
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assert.ok(!existsSync(join(tmp(), "part.txt")));
    const after = await runCli(["runs"], tmp());
    assert.equal(rows(after.stdout)[0]![2], "rolled_back");
    assert.doesNotMatch(after.stdout, /half-done/);
  });

  it("shows one run in full, named by its folder, its id or a part of it: the summary it ended with, instances after their step", async () => {
    write(
      "fan.momoflow",
      `workflow fan {
  step each {
    for_each: x in ["a", "b"]
    run: "echo \${x}"
    rollback: none
  }
  step last {
    needs: each
    run: "echo last"
    rollback: none
  }
}
`,
    );
    const ran = await runCli(["run", "fan.momoflow"], tmp());
    assert.equal(ran.code, 0, ran.stderr);
    const summary = ran.stdout.slice(ran.stdout.indexOf("\n  step "));
    const runId = /run (\S+) ·/.exec(ran.stdout)![1]!;
    const dir = join(".momoflow", "runs", runId);
    for (const name of [runId, runId.slice(-6), dir]) {
      const out = await runCli(["runs", name], tmp());
      assert.equal(out.code, 0, out.stderr);
      const [head, ...rest] = out.stdout.split("\n");
      assert.match(
        head!,
        new RegExp(`^run ${runId} · workflow fan from fan.momoflow · started \\d{4}-`),
      );
      // The table the run printed as it ended, but for its record's absolute path (the same).
      assert.equal(rest.join("\n"), summary, name);
    }
    const json = validRunList((await runCli(["runs", runId.slice(-6), "--json"], tmp())).stdout);
    assert.deepEqual(
      json.runs.map((r) => [r.runId, r.status, r.steps, r.succeeded]),
      [[runId, "success", 3, 3]],
    );

    assert.equal((await runCli(["run", "fan.momoflow"], tmp())).code, 0);
    const both = await runCli(["runs", "fan"], tmp());
    assert.equal(both.code, 2);
    assert.match(
      both.stderr,
      /^momoflow: fan: 2 runs in \.momoflow\/runs have it in their id \(.+\); give more of it\n$/,
    );
    const none = await runCli(["runs", "zzz-no-run"], tmp());
    assert.equal(none.code, 2);
    assert.equal(
      none.stderr,
      "momoflow: zzz-no-run: no such file, run folder, or run in .momoflow/runs\n",
    );
  });

  it("reads a hand-edited incompleteLogs of a run as the editor does: its step ids, nothing else", async () => {
    write("build.momoflow", BUILD);
    assert.equal((await runCli(["run", "build.momoflow"], tmp())).code, 0);
    const [id] = readdirSync(join(tmp(), ".momoflow", "runs")).filter((n) => n !== "latest");
    const resultFile = join(tmp(), ".momoflow", "runs", id!, "result.json");
    const result = JSON.parse(readFileSync(resultFile, "utf8")) as Record<string, unknown>;
    writeFileSync(resultFile, JSON.stringify({ ...result, incompleteLogs: [7, "check"] }));
    const shown = await runCli(["runs", id!], tmp());
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^ {2}the log of step "check" is incomplete: /m, shown.stdout);
    // Not a list: said nowhere, and the run is still shown (it failed: "….map is not a function").
    writeFileSync(resultFile, JSON.stringify({ ...result, incompleteLogs: "check" }));
    const odd = await runCli(["runs", id!], tmp());
    assert.equal(odd.code, 0, odd.stderr);
    assert.doesNotMatch(odd.stdout, /incomplete/, odd.stdout);
    assert.match(odd.stdout, /^ {2}check +success/m, odd.stdout);
  });

  it("names a damaged result.json instead of failing, and refuses bad options with exit 2", async () => {
    write("build.momoflow", BUILD);
    assert.equal((await runCli(["run", "build.momoflow"], tmp())).code, 0);
    const [id] = readdirSync(join(tmp(), ".momoflow", "runs")).filter((n) => n !== "latest");
    writeFileSync(join(tmp(), ".momoflow", "runs", id!, "result.json"), '{"runId": 1}');
    const list = validRunList((await runCli(["runs", "--json"], tmp())).stdout);
    assert.equal(list.runs[0]!.status, "damaged");
    assert.equal(list.runs[0]!.problem, "its runId is not text");
    assert.equal(rows((await runCli(["runs"], tmp())).stdout)[0]![2], "damaged record");

    for (const [args, message] of [
      [["--last", "0"], "--last 0: expected a whole number of runs, at least 1"],
      [["--last", "2", "--all"], "--last and --all: give one of them"],
      [["--workdir", "missing"], "missing: no such folder (so no runs to list)"],
      [["nope.momoflow"], "nope.momoflow: no such file, run folder, or run in .momoflow/runs"],
    ] as const) {
      const out = await runCli(["runs", ...args], tmp());
      assert.equal(out.code, 2, args.join(" "));
      assert.equal(out.stderr, `momoflow: ${message}\n`);
    }
  });
});
