import assert from "node:assert/strict";
import Ajv from "ajv";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { latestRunDir } from "../support/run-record-files";
import { useSmallDisk } from "../support/tmpfs-mount";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

/** Whether `file` is a result.json as its schema has it; the errors when not. */
function schemaErrors(file: unknown): string {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(journalSchema);
  const valid = ajv.compile(resultSchema);
  return valid(file) ? "" : ajv.errorsText(valid.errors);
}

/**
 * `quiet` prints a line; `loud` prints 2 MB, more than the 1 MB disk holds
 * (its log stops being written), then succeeds; `after` prints once the
 * logs have stopped (nothing of it reaches its log).
 */
const WORKFLOW = `workflow chatty {
  step quiet {
    run: "echo one line"
  }
  step loud {
    needs: quiet
    run: "head -c 2000000 /dev/zero | tr '\\\\\\\\0' x; echo"
  }
  step after {
    needs: loud
    run: "echo said after the logs stopped"
  }
}
`;

/**
 * When a full disk stops the steps' logs, the run goes on (its journal is the
 * record) and said so only in a live warning: result.json and `momoflow runs
 * <run>` now name the steps whose logs miss what they printed.
 */
describe("disk full: a step's log that stopped being written is said to be incomplete", function () {
  this.timeout(60_000);
  const small = useSmallDisk("momoflow-incomplete-log-", 1024 * 1024);
  // Each test fills the disk: the next one starts on an empty disk, as the first does.
  afterEach(() => {
    for (const name of readdirSync(small.disk))
      rmSync(join(small.disk, name), { recursive: true, force: true });
  });

  it("in result.json, in the run's summary and in momoflow runs <run>", async () => {
    const workdir = join(small.disk, "work");
    mkdirSync(workdir);
    const file = join(small.outside, "chatty.momoflow");
    writeFileSync(file, WORKFLOW);
    const run = await startCli(["run", file, "--workdir", workdir], workdir).done;
    const printed = run.stdout + run.stderr;
    assert.equal(run.code, 0, printed);
    assert.match(printed, /logs are no longer written/, printed);
    const runDir = latestRunDir(workdir)!;
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8"));
    assert.deepEqual(result.incompleteLogs, ["loud", "after"], JSON.stringify(result, null, 1));
    assert.equal(schemaErrors(result), "");
    const logLine = /the logs of steps "loud", "after" are incomplete/;
    assert.match(printed, logLine, "the run's summary says it");

    const runs = await startCli(["runs", runDir, "--workdir", workdir], workdir).done;
    assert.equal(runs.code, 0, runs.stdout + runs.stderr);
    assert.match(runs.stdout, logLine, runs.stdout);
  });

  it("still after a momoflow rollback rewrites result.json", async () => {
    const workdir = join(small.disk, "work-rollback");
    mkdirSync(workdir);
    const file = join(small.outside, "chatty-fails.momoflow");
    writeFileSync(
      file,
      WORKFLOW.replace(
        'run: "echo said after the logs stopped"',
        'run: "echo said after the logs stopped; exit 1"\n    rollback: "true"',
      ).replace("needs: quiet", 'needs: quiet\n    rollback: "true"'),
    );
    const run = await startCli(["run", file, "--workdir", workdir, "--no-rollback"], workdir).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const runDir = latestRunDir(workdir)!;
    const undo = await startCli(["rollback", runDir], workdir).done;
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8"));
    // Rewritten by the rollback (`quiet` has no undo: it stays done).
    assert.equal(result.status, "partially_rolled_back");
    assert.deepEqual(result.incompleteLogs?.slice(0, 2), ["loud", "after"], JSON.stringify(result));
    assert.equal(schemaErrors(result), "");
  });

  it("in what momoflow run --json prints", async () => {
    const workdir = join(small.disk, "work-json");
    mkdirSync(workdir);
    const file = join(small.outside, "chatty-json.momoflow");
    writeFileSync(file, WORKFLOW);
    const run = await startCli(["run", file, "--workdir", workdir, "--json"], workdir).done;
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.incompleteLogs, ["loud", "after"], run.stdout);
    assert.equal(schemaErrors(json), "");
  });
});
