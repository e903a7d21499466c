import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A folder given to check or fmt that holds no .momoflow file (a typo, the
 * files in a dot-folder): before, `check` said "no problems in 0 files" and
 * both exited 0, a pass for what was never checked.
 */
describe("momoflow check and fmt: a folder holding no .momoflow file is bad input", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-empty-folder-");
  const setUp = (): void => {
    mkdirSync(join(tmp(), "empty"));
    mkdirSync(join(tmp(), "src", ".hidden"), { recursive: true });
    writeFileSync(join(tmp(), "src", ".hidden", "w.momoflow"), "workflow w {}\n");
    mkdirSync(join(tmp(), "good"));
    writeFileSync(
      join(tmp(), "good", "w.momoflow"),
      'workflow w {\n  step a { run: "true"  rollback: none }\n}\n',
    );
  };

  for (const command of [["check"], ["fmt"], ["fmt", "--check"], ["check", "--format", "json"]])
    it(`${command.join(" ")}: exit 2, naming the folder and where files are looked for`, async () => {
      setUp();
      const out = await runCli([...command, "good", "empty"], tmp());
      assert.equal(out.code, 2, out.stdout + out.stderr);
      assert.match(
        out.stderr,
        /empty: no \.momoflow file in this folder \(its subfolders are searched, but not dot-folders or node_modules\)/,
      );
      const hidden = await runCli([...command, "src"], tmp());
      assert.equal(hidden.code, 2, hidden.stdout + hidden.stderr);
      assert.match(hidden.stderr, /src: no \.momoflow file in this folder/);
    });

  it("check of a folder with files still checks them", async () => {
    setUp();
    const out = await runCli(["check", "good"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stderr, /no problems in 1 file/);
  });
});
