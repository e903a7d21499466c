import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { journalEvents, latestResult, reasonsById, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import type { RunResultFile } from "../../src/record/result-file";

/**
 * `release` calls `tag` unless `go` is false; `tag`'s `push` calls `notes`
 * (a call inside a call); `fan` calls `tag` once per region, its `when`
 * skipping one region; `build` has a `when` of its own.
 */
const WORKFLOW = `workflow notes {
  step write { run: "echo notes" rollback: none }
}
workflow tag {
  param region: string = "eu"
  step build { when: region != "none" run: "echo built" rollback: none }
  step push { needs: build run: workflow notes() }
}
workflow ship {
  param go: bool = false
  step release { when: go run: workflow tag() }
  step fan {
    for_each: region in ["eu", "us"]
    when: region != "us"
    run: workflow tag(region: region)
  }
}
`;

const RELEASE_WHY = "its call release was skipped: when: go is false";
const FAN_WHY = 'its call fan[1] was skipped: when: region != "us" is false';

/**
 * The steps of a called workflow that the CALLING step's `when` skipped say
 * so — which call and its condition — live, in the summary, in --json and
 * result.json, and in the journal's `reason`; a call inside the call names
 * the outermost call that was skipped.
 */
describe("a called step skipped by its call's when says why (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-call-skip-reason-");

  it("names the call and its condition live, in the summary, --json, result.json and the journal", async () => {
    const file = join(tmp(), "ship.momoflow");
    writeFileSync(file, WORKFLOW);
    const out = await startCli(["run", file, "--workflow", "ship"], tmp()).done;
    assert.equal(out.code, 0, said(out));
    // The calling step keeps its own reason.
    assert.match(out.stdout, /^ {2}○ release skipped {2}when: go is false$/m, said(out));
    for (const id of ["release/build", "release/push", "release/push/write"])
      assert.match(
        out.stdout,
        new RegExp(`^ {2}○ ${id} skipped {2}its call release was skipped: when: go is false$`, "m"),
        said(out),
      );
    assert.match(
      out.stdout,
      /^ {2}○ fan\[1\]\/build skipped {2}its call fan\[1\] was skipped: when: region != "us" is false$/m,
      said(out),
    );
    // The summary's note column.
    assert.match(
      out.stdout,
      /^ {2}release\/push\/write +skipped +0 +— +— +its call release was skipped: when: go is false$/m,
      said(out),
    );

    const result = latestResult(tmp());
    const recorded = reasonsById(result.steps);
    assert.equal(recorded.release, "when: go is false");
    assert.equal(recorded["release/build"], RELEASE_WHY);
    assert.equal(recorded["release/push/write"], RELEASE_WHY);
    assert.equal(recorded["fan[1]/build"], FAN_WHY);
    assert.equal(recorded["fan[1]/push/write"], FAN_WHY);
    // The call that ran: its steps ran, no reason.
    assert.equal(recorded["fan[0]/build"], undefined);
    const finished = journalEvents(runDirOf(tmp())).find(
      (e) => e.type === "step_finished" && e.step === "release/push/write",
    );
    assert.equal(finished?.reason, RELEASE_WHY);

    const json = await startCli(["run", file, "--workflow", "ship", "--json"], tmp()).done;
    assert.equal(json.code, 0, said(json));
    const printed = reasonsById((JSON.parse(json.stdout) as RunResultFile).steps);
    assert.equal(printed["release/push"], RELEASE_WHY);
    assert.equal(printed["fan[1]/push/write"], FAN_WHY);
  });

  it("a called step skipped by its own when, its call having run, gives its own condition", async () => {
    const file = join(tmp(), "ship.momoflow");
    writeFileSync(
      file,
      WORKFLOW.replace(
        'step fan {\n    for_each: region in ["eu", "us"]',
        'step fan {\n    for_each: region in ["eu", "none"]',
      ).replace('when: region != "us"', "when: true"),
    );
    const out = await startCli(["run", file, "--workflow", "ship", "--json"], tmp()).done;
    assert.equal(out.code, 0, said(out));
    const steps = (JSON.parse(out.stdout) as RunResultFile).steps;
    assert.equal(
      steps.find((s) => s.id === "fan[1]/build")?.reason,
      'when: region != "none" is false',
    );
  });
});
