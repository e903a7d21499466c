import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scriptStopMessages } from "../src/testing/script-stop-messages";

describe("a failed test's message at the line where a step's script stopped", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-script-stop-"));
    writeFileSync(join(root, "audit.momoflow"), "");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is placed at the script's line of the file the CLI named, from the folder it ran in", () => {
    // As momoflow test --json words a run that ended otherwise than expected.
    const message =
      'expected the run to be success, but it was rolled_back (step "deploy" failed: shell command "echo starting …" exited with code 1 at line 2 of the script (audit.momoflow:26), `false`: starting)';
    assert.deepEqual(
      scriptStopMessages(
        [{ message }, { message: "expected file out.txt to exist" }],
        root,
        join(root, "audit.momoflow"),
      ),
      [
        {
          file: join(root, "audit.momoflow"),
          line: 25,
          text: 'The script stopped here: step "deploy" failed: exit code 1 at line 2, `false`: starting',
        },
      ],
    );
  });

  it("is none when no failure names a script's line, or its file is not there", () => {
    const gone =
      'expected the run to be success, but it was failed (step "x" failed: shell command "a …" exited with code 2 at line 3 of the script (gone.momoflow:9), `b`)';
    assert.deepEqual(
      scriptStopMessages([{ message: gone }], root, join(root, "audit.momoflow")),
      [],
    );
  });
});
