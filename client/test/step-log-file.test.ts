import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stepLogFile } from "../src/metrics/step-log-file";
import { cli } from "./helpers/metrics-workspace";

describe("a step's log file, as the extension opens it", function () {
  this.timeout(30_000);
  let root = "";
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-step-log-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function runDir(): string {
    const runs = join(root, ".momoflow", "runs");
    return join(runs, readFileSync(join(runs, "latest"), "utf8").trim());
  }

  it("finds the log result.json names, and none for a step that printed nothing", () => {
    writeFileSync(
      join(root, "wf.momoflow"),
      'workflow w {\n  step talk { run: "echo said-it" }\n  step mute { run: "true" }\n}\n',
    );
    assert.equal(cli(["run", "wf.momoflow"], root), 0);
    const file = stepLogFile(runDir(), "talk");
    assert.ok(file);
    assert.equal(readFileSync(file, "utf8"), "said-it\n");
    assert.equal(stepLogFile(runDir(), "mute"), undefined);
    assert.equal(stepLogFile(runDir(), "no_such_step"), undefined);
  });

  it("never leaves the run folder, whatever result.json says", () => {
    const dir = join(root, "run");
    mkdirSync(dir);
    writeFileSync(join(root, "secret.txt"), "not a log");
    writeFileSync(
      join(dir, "result.json"),
      JSON.stringify({ steps: [{ id: "s", log: "../secret.txt" }] }),
    );
    assert.equal(stepLogFile(dir, "s"), undefined);
  });
});
