import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { main as basicUsage } from "../../../examples/01-basic-usage";
import { main as commandSystem } from "../../../examples/02-command-system";
import { main as testingAndBenchmarks } from "../../../examples/03-testing-and-benchmarks";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** Runs an example quietly: its console lines are for people, the returned values for us. */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await run();
  } finally {
    console.log = log;
  }
}

describe("examples", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-examples-");

  it("01 basic usage: succeeds, then rolls the report back when publishing fails", async () => {
    const [ok, failed] = await quietly(() => basicUsage(tmp()));
    assert.equal(ok!.status, "success");
    assert.equal(failed!.status, "rolled_back");
    assert.deepEqual(
      failed!.stepResults.map((s) => s.status),
      ["rolled_back", "failed"],
    );
    assert.equal(existsSync(join(tmp(), "report.txt")), false);
  });

  it("02 command system: quotes shell arguments and undoes commands on failure", async () => {
    const [ok, failed] = await quietly(() => commandSystem(tmp()));
    assert.equal(ok!.status, "success");
    assert.deepEqual(ok!.stepResults[0]!.output, { processed: 3, valid: true });
    assert.equal(failed!.status, "partially_rolled_back"); // process_data has no undo
    assert.deepEqual(failed!.rolledBackSteps, ["archive", "notes"]);
    assert.equal(existsSync(join(tmp(), "archive.txt")), false);
    // notes.md was there from the first run: the undo restored it rather than deleting it.
    assert.equal(readFileSync(join(tmp(), "notes.md"), "utf8"), "# Notes\n");
  });

  it("03 testing and benchmarks: the assertions pass and the benchmark report has a baseline", async () => {
    const outcome = await quietly(() => testingAndBenchmarks("tiny", tmp()));
    assert.equal(outcome.assertionsPassed, 5);
    assert.ok(outcome.report.baseline.perCallUs.median > 0);
    assert.ok(existsSync(join(tmp(), ".momoflow", "bench", "latest.json")));
  });

  // What `npm run example:*` runs after its build: the example on the built package, imported
  // as users import it ("momoflow"), not on the sources the tests above load.
  const root = resolve(__dirname, "../../..");
  const scripts = (
    JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const runsOnTheBuild: [script: string, says: RegExp[]][] = [
    ["example:basic", [/^normal run: success/m, /^with a failing publish: rolled_back/m]],
    ["example:commands", [/^pipeline: success/m, /^failing pipeline: partially_rolled_back/m]],
    ["example:testing", [/^performance scenario: success/m, /^failure scenario: rolled_back/m]],
  ];
  for (const [script, says] of runsOnTheBuild) {
    it(`npm run ${script} runs its example on the built package`, () => {
      const build = "npm run -s build && ";
      assert.ok(scripts[script]!.startsWith(build), scripts[script]);
      const [command, ...args] = scripts[script]!.slice(build.length).split(" ");
      assert.equal(command, "tsx");
      const out = spawnSync(join(root, "node_modules", ".bin", "tsx"), args, {
        cwd: root,
        // The example makes its folder in the temp folder, and leaves it for its user: here, in this test's.
        env: { ...process.env, TMPDIR: tmp() },
        encoding: "utf8",
        timeout: 120_000,
      });
      assert.equal(out.status, 0, out.stdout + out.stderr);
      for (const line of says) assert.match(out.stdout, line);
    });
  }

  it("the CLI example (npm start's workflow) runs and publishes the report", async () => {
    const module = resolve(__dirname, "../../../examples/report-workflow.mjs");
    const out = await runCli(["run", module, "--workdir", tmp()], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(
      readFileSync(join(tmp(), "public", "report.md"), "utf8"),
      "# Weekly report\n\nAll green.\n",
    );
    assert.deepEqual(JSON.parse(readFileSync(join(tmp(), "report", "summary.json"), "utf8")), {
      week: 47,
      status: "green",
    });
  });

  it("the .momoflow example (npm start's workflow) checks clean, runs, and its tests pass", async () => {
    const file = resolve(__dirname, "../../../examples/weekly-report.momoflow");
    const check = await runCli(["check", file], tmp());
    assert.equal(check.code, 0);
    assert.equal(check.stdout, "");
    const run = await runCli(["run", file, "--workdir", tmp(), "--param", "week=48"], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(
      readFileSync(join(tmp(), "public", "report.md"), "utf8"),
      "# Weekly report 48\n\nAll green.\n",
    );
    const tests = await runCli(["test", file], tmp());
    assert.equal(tests.code, 0, tests.stdout);
    assert.match(tests.stdout, /2 passed, 0 failed/);
  });
});
