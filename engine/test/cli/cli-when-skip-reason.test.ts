import assert from "node:assert/strict";
import Ajv from "ajv";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { journalEvents, latestResult, reasonsById, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";
import type { RunResultFile } from "../../src/record/result-file";

/** A step its `when` skips unless TARGET is prod, and a fan-out step whose `when` skips one of its items. */
const WORKFLOW = `workflow ship {
  step build {
    run: "echo built > build.txt"
    rollback: none
  }
  step deploy {
    needs: build
    when: env.TARGET == "prod"
    run: "echo deployed > deploy.txt"
    rollback: none
  }
  step notify {
    needs: build
    for_each: who in ["ops", "dev"]
    when: who != "dev"
    run: "echo \${who} >> notified.txt"
    rollback: none
  }
}
`;

/**
 * A step skipped because its `when` is false says why — the condition as
 * written — on its live line, in the summary, in --json and result.json, and
 * in its journal line (the optional `reason`, as a fan-out without items has).
 */
describe("a step skipped by its when says why (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-when-reason-");

  it("shows the false condition live, in the summary, --json, result.json and the journal", async () => {
    const file = join(tmp(), "ship.momoflow");
    writeFileSync(file, WORKFLOW);
    const out = await startCli(["run", file], tmp(), { TARGET: "dev" }).done;
    assert.equal(out.code, 0, said(out));
    const deployWhy = 'when: env.TARGET == "prod" is false';
    const instanceWhy = 'when: who != "dev" is false';
    assert.match(
      out.stdout,
      /^ {2}○ deploy skipped {2}when: env\.TARGET == "prod" is false$/m,
      said(out),
    );
    assert.match(
      out.stdout,
      /^ {2}○ notify\[1\] skipped {2}when: who != "dev" is false$/m,
      said(out),
    );
    // The summary's note column.
    assert.match(
      out.stdout,
      /^ {2}deploy +skipped +0 +— +— +when: env\.TARGET == "prod" is false$/m,
      said(out),
    );

    const result = latestResult(tmp());
    assert.equal(reasonsById(result.steps).deploy, deployWhy);
    assert.equal(reasonsById(result.steps)["notify[1]"], instanceWhy);
    assert.equal(reasonsById(result.steps).build, undefined);
    const finished = journalEvents(runDirOf(tmp())).find(
      (e) => e.type === "step_finished" && e.step === "deploy",
    );
    assert.equal(finished?.reason, deployWhy);

    const ajv = new Ajv({ allErrors: true, strict: false });
    const validEvent = ajv.compile(journalSchema);
    for (const event of journalEvents(runDirOf(tmp())))
      assert.ok(
        validEvent(event),
        `${JSON.stringify(event)}: ${ajv.errorsText(validEvent.errors)}`,
      );
    const validResult = ajv.compile(resultSchema);
    assert.ok(validResult(result), ajv.errorsText(validResult.errors));

    const json = await startCli(["run", file, "--json"], tmp(), { TARGET: "dev" }).done;
    assert.equal(json.code, 0, said(json));
    const printed = JSON.parse(json.stdout) as RunResultFile;
    assert.equal(reasonsById(printed.steps).deploy, deployWhy);
    assert.equal(reasonsById(printed.steps)["notify[1]"], instanceWhy);
  });

  it("a step calling a workflow gives its when as the reason; the called steps it held give the call's", async () => {
    const file = join(tmp(), "calls.momoflow");
    writeFileSync(
      file,
      `workflow tag {
  step push { run: "echo pushed" rollback: none }
}
workflow ship {
  param go: bool = false
  step release { when: go run: workflow tag() }
}
`,
    );
    const out = await startCli(["run", file, "--workflow", "ship"], tmp()).done;
    assert.equal(out.code, 0, said(out));
    assert.match(out.stdout, /^ {2}○ release skipped {2}when: go is false$/m, said(out));
    assert.match(
      out.stdout,
      /^ {2}○ release\/push skipped {2}its call release was skipped: when: go is false$/m,
      said(out),
    );
  });

  it("gives no reason to a step whose when is true", async () => {
    const file = join(tmp(), "ship.momoflow");
    writeFileSync(file, WORKFLOW);
    const out = await startCli(["run", file, "--json"], tmp(), { TARGET: "prod" }).done;
    assert.equal(out.code, 0, said(out));
    const deploy = (JSON.parse(out.stdout) as RunResultFile).steps.find((s) => s.id === "deploy");
    assert.equal(deploy?.status, "success");
    assert.equal(deploy?.reason, undefined);
  });
});
