import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { FIXTURE_READING_WORKFLOW } from "../support/fixture-reading-workflow";
import { useTempDir } from "../support/temp-dir";

/**
 * A test's `files:` folder is copied with each symbolic link as what it
 * points to. A link that points nowhere failed the test with Node's bare
 * `ENOENT: … stat '…'`, and a link back to a folder that holds it (`loop ->
 * .`) copied the folder into itself forty times over before failing with
 * `ELOOP` and a path of forty `loop/`s. Each is said as what it is, naming
 * the link and where it points, before anything is copied.
 */
describe("a test fixture holding a symbolic link that cannot be copied (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-fixture-links-");

  function fixture(): string {
    const fx = join(tmp(), "fx");
    mkdirSync(join(fx, "sub"), { recursive: true });
    writeFileSync(join(fx, "in.txt"), "data");
    writeFileSync(join(tmp(), "read.momoflow"), FIXTURE_READING_WORKFLOW);
    return fx;
  }

  it("names a link that points nowhere", async () => {
    symlinkSync("gone.txt", join(fixture(), "sub", "dangling"));
    const out = await runCli(["test", "read.momoflow"], tmp());
    assert.equal(out.code, 1, said(out));
    assert.match(
      out.stdout,
      /files: "fx": its symbolic link fx\/sub\/dangling points to gone\.txt, which is not there/,
    );
    assert.doesNotMatch(out.stdout, /ENOENT/);
  });

  for (const [name, target] of [
    ["the folder that holds it", "."],
    ["a folder above it", ".."],
  ] as const) {
    it(`names a link back to ${name}, which a copy cannot end`, async () => {
      symlinkSync(target, join(fixture(), "sub", "loop"));
      const out = await runCli(["test", "read.momoflow"], tmp());
      assert.equal(out.code, 1, said(out));
      assert.match(
        out.stdout,
        new RegExp(
          `files: "fx": its symbolic link fx/sub/loop points to ${target.replace(/\./g, "\\.")}, a folder that holds the link: copied as what it points to, it would hold itself`,
        ),
      );
      assert.doesNotMatch(out.stdout, /ELOOP|loop\/loop/);
    });
  }
});
