import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** A file step and a shell step, both writing relative paths. */
const WRITES_RELATIVE = [
  "workflow w {",
  '  step made { run: create_file(path: "made.txt", content: "made") }',
  '  step shell { needs: made  run: "printf %s shell > shell.txt"  rollback: "rm -f shell.txt" }',
  "}",
  "",
].join("\n");

describe("momoflow run and rollback: the workflow file's folder is the default working directory", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-folder-");
  /** `tmp/sub/w.momoflow`, and `tmp/elsewhere`, the folder the CLI is started in. */
  const setUp = (source: string): { sub: string; elsewhere: string } => {
    const sub = join(tmp(), "sub");
    const elsewhere = join(tmp(), "elsewhere");
    mkdirSync(sub);
    mkdirSync(elsewhere);
    writeFileSync(join(sub, "w.momoflow"), source);
    return { sub, elsewhere };
  };

  it("run sub/w.momoflow from another folder writes outputs and .momoflow in sub/", async () => {
    const { sub, elsewhere } = setUp(WRITES_RELATIVE);
    const out = await runCli(["run", "../sub/w.momoflow"], elsewhere);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(readFileSync(join(sub, "made.txt"), "utf8"), "made");
    assert.equal(readFileSync(join(sub, "shell.txt"), "utf8"), "shell");
    assert.ok(existsSync(join(sub, ".momoflow", "runs", "latest")), "the run record is in sub/");
    for (const name of ["made.txt", "shell.txt", ".momoflow"])
      assert.equal(existsSync(join(elsewhere, name)), false, `${name} in the current folder`);
  });

  it("--workdir overrides the file's folder", async () => {
    const { sub, elsewhere } = setUp(WRITES_RELATIVE);
    const out = await runCli(["run", "../sub/w.momoflow", "--workdir", "out"], elsewhere);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const workdir = join(elsewhere, "out");
    assert.equal(readFileSync(join(workdir, "made.txt"), "utf8"), "made");
    assert.ok(existsSync(join(workdir, ".momoflow", "runs", "latest")));
    assert.equal(existsSync(join(sub, "made.txt")), false);
    assert.equal(existsSync(join(sub, ".momoflow")), false);
  });

  it("rollback sub/w.momoflow from another folder finds the run in sub/ and undoes it", async () => {
    const { sub, elsewhere } = setUp(WRITES_RELATIVE);
    const run = await runCli(["run", join(sub, "w.momoflow")], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(existsSync(join(sub, "made.txt")));
    const undo = await runCli(["rollback", "../sub/w.momoflow"], elsewhere);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.match(undo.stdout, /rolled_back/);
    assert.equal(existsSync(join(sub, "made.txt")), false);
    assert.equal(existsSync(join(sub, "shell.txt")), false);
  });

  it("rollback with --workdir looks there, not in the file's folder", async () => {
    const { elsewhere } = setUp(WRITES_RELATIVE);
    const run = await runCli(["run", "../sub/w.momoflow"], elsewhere);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const undo = await runCli(["rollback", "../sub/w.momoflow", "--workdir", "."], elsewhere);
    assert.equal(undo.code, 2);
    assert.match(undo.stderr, /no run of \.\.\/sub\/w\.momoflow in .*elsewhere\/\.momoflow\/runs/);
  });

  it("workflow.dir is the file's folder, in a shell action and in a path argument", async () => {
    const { sub, elsewhere } = setUp(
      [
        "workflow w {",
        '  step where { run: "printf %s ${workflow.dir} > where.txt"  rollback: "rm -f where.txt" }',
        '  step near { run: create_file(path: "${workflow.dir}/near.txt", content: "${run.dir}") }',
        "}",
        "",
      ].join("\n"),
    );
    const workdir = join(elsewhere, "work");
    const out = await runCli(["run", "../sub/w.momoflow", "--workdir", "work"], elsewhere);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(readFileSync(join(workdir, "where.txt"), "utf8"), sub);
    assert.equal(readFileSync(join(sub, "near.txt"), "utf8"), workdir);
  });
});
