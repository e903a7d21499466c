import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

const WORKFLOW = `workflow w {
  step a {
    run: "touch ran.txt"
  }
}
`;

describe("momoflow run whose runs folder cannot be made (a file stands where it goes)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-record-blocked-");

  it("runs nothing, says why once, in words, and names no run record that is not there", async () => {
    writeFileSync(join(tmp(), "w.momoflow"), WORKFLOW);
    mkdirSync(join(tmp(), ".momoflow"));
    writeFileSync(join(tmp(), ".momoflow", "runs"), "not a folder\n");

    const out = await runCli(["run", "w.momoflow"], tmp());
    const said = `exit ${out.code}\n${out.stdout}\n${out.stderr}`;
    assert.equal(out.code, 1, said);
    assert.ok(!existsSync(join(tmp(), "ran.txt")), "nothing ran");
    const text = out.stdout + out.stderr;
    const reasons = text.split("\n").filter((line) => line.includes("could not be written"));
    assert.equal(reasons.length, 1, said);
    assert.match(
      reasons[0]!,
      /the run record could not be written: \S+\/\.momoflow\/runs is a file, not a folder \(the record goes in \S+\/\.momoflow\/runs\/[^/\s]+\); nothing was run$/,
      said,
    );
    assert.match(reasons[0]!, /nothing was run/, said);
    assert.doesNotMatch(text, /ENOTDIR/, said);
    assert.doesNotMatch(text, /run record:/, said);
  });

  it("--json gives no runDir for a record that was never made", async () => {
    writeFileSync(join(tmp(), "w.momoflow"), WORKFLOW);
    mkdirSync(join(tmp(), ".momoflow"));
    writeFileSync(join(tmp(), ".momoflow", "runs"), "not a folder\n");

    const out = await runCli(["run", "w.momoflow", "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const result = JSON.parse(out.stdout) as { status: string; runDir?: string; error?: string };
    assert.equal(result.status, "failed");
    assert.equal(result.runDir, undefined, out.stdout);
    assert.match(result.error ?? "", /nothing was run/);
  });
});
