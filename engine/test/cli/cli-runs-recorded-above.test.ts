import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

const FLOW = `workflow w {
  step a {
    run: "echo a > a.txt"
    rollback: "rm -f a.txt"
  }
}
`;

/**
 * A run works in its file's folder unless told otherwise; runs of a file in
 * a sub-folder that were made from a folder above it (`--workdir`, an
 * earlier version, the editor of a workspace) are recorded there. Looking
 * for them from the file finds none in its own folder: the CLI says where
 * they are and how to reach them, rather than only that there are none.
 */
describe("runs of a file recorded in a folder above it (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-runs-above-");

  it("momoflow rollback <file> and momoflow runs <file> name the folder and its --workdir", async () => {
    mkdirSync(join(tmp(), "sub"));
    writeFileSync(join(tmp(), "sub", "f.momoflow"), FLOW);
    const ran = await runCli(["run", "sub/f.momoflow", "--workdir", "."], tmp());
    assert.equal(ran.code, 0, said(ran));

    const undo = await runCli(["rollback", "f.momoflow"], join(tmp(), "sub"));
    assert.equal(undo.code, 2, said(undo));
    assert.match(
      undo.stderr,
      /no run of f\.momoflow in .*\n {2}runs of it are recorded in \.\.\/\.momoflow\/runs \(it was run from there\): give that folder with --workdir \.\./,
    );
    const listed = await runCli(["runs", "f.momoflow"], join(tmp(), "sub"));
    assert.equal(listed.code, 0, said(listed));
    assert.match(
      listed.stdout,
      /no runs recorded in .*\n {2}runs of it are recorded in \.\.\/\.momoflow\/runs \(it was run from there\): give that folder with --workdir \.\.\n$/,
    );
    const back = await runCli(["rollback", "f.momoflow", "--workdir", ".."], join(tmp(), "sub"));
    assert.equal(back.code, 0, said(back));
  });

  it("says only where to look when no folder above has runs of the file", async () => {
    mkdirSync(join(tmp(), "sub"));
    writeFileSync(join(tmp(), "sub", "f.momoflow"), FLOW);
    const undo = await runCli(["rollback", "f.momoflow"], join(tmp(), "sub"));
    assert.equal(undo.code, 2, said(undo));
    assert.match(undo.stderr, /a file moved from another folder has its runs there/);
    assert.doesNotMatch(undo.stderr, /runs of it are recorded in/);
    const listed = await runCli(["runs", "f.momoflow"], join(tmp(), "sub"));
    assert.doesNotMatch(listed.stdout, /runs of it are recorded in/);
  });
});
