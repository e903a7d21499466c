import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, type CliOutcome } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { withoutRecordedUndoFunction, writeJsUndoWorkflow } from "../support/js-undo-workflow";
import { runDirOf } from "../support/run-record-files";

const COUNTS = `workflow counts {
  param count: int
  param size: int
  step a {
    run: "echo \${count} \${size}"
  }
}
`;

const TWO = `workflow first {
  step a {
    run: "echo 1"
  }
}

workflow second {
  step a {
    run: "echo 2"
  }
}
`;

const BROKEN = `workflow broken {
  step a {
    run: "echo \${nope}"
  }
}
`;

const TESTS = `workflow guarded {
  param token: secret
  step a {
    run: "echo ok"
  }
}

test "a fixture that is not there" {
  workflow: guarded
  params: { token: "long-enough-secret" }
  files: "fixtures/nope"
  expect status == success
}

test "a secret too short" {
  workflow: guarded
  params: { token: env.SHORT_TOKEN }
  expect status == success
}
`;

/**
 * The errors a command meets before any step runs (a bad `--param`, a
 * workflow it cannot pick, a fixture that is not there) name the file the
 * way `momoflow check` names it: relative to the current folder, also when
 * that means `../` — not as an absolute path.
 */
describe("errors at a run's start name files as momoflow check does", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-start-paths-");
  const said = (out: CliOutcome): string => `exit ${out.code}\n${out.stdout}${out.stderr}`;

  /** `proj/` with the workflows, and `here/`, the current folder: beside it. */
  function layout(): string {
    mkdirSync(join(tmp(), "proj"));
    mkdirSync(join(tmp(), "here"));
    writeFileSync(join(tmp(), "proj", "counts.momoflow"), COUNTS);
    writeFileSync(join(tmp(), "proj", "two.momoflow"), TWO);
    writeFileSync(join(tmp(), "proj", "broken.momoflow"), BROKEN);
    return join(tmp(), "here");
  }

  /** Fails when `text` holds the temp folder's absolute path. */
  function assertNoAbsolutePath(text: string, out: CliOutcome): void {
    assert.ok(!text.includes(tmp()), `an absolute path is printed:\n${said(out)}`);
  }

  it("momoflow check names a file beside the current folder ../proj/…", async () => {
    const here = layout();
    const out = await runCli(["check", "../proj/broken.momoflow"], here);
    assert.equal(out.code, 1, said(out));
    assert.match(out.stdout, /^\.\.\/proj\/broken\.momoflow:3:18: error MF008: /m);
  });

  it("run: a --param of the wrong type, at the param's declaration", async () => {
    const here = layout();
    const out = await runCli(
      ["run", "../proj/counts.momoflow", "--param", "count=abc", "--param", "size=1"],
      here,
    );
    assert.equal(out.code, 2, said(out));
    assert.equal(
      out.stderr,
      'momoflow: ../proj/counts.momoflow:2:9: --param count: expected an int (a whole number), got "abc" (declared `count: int`)\n',
    );
  });

  it("run: every required param not given, a line each", async () => {
    const here = layout();
    const out = await runCli(["run", "../proj/counts.momoflow"], here);
    assert.equal(out.code, 2, said(out));
    assert.match(out.stderr, /^momoflow: 2 params of workflow `counts` are wrong:$/m);
    assert.match(out.stderr, /^ {2}\.\.\/proj\/counts\.momoflow:2:9: param `count: int` /m);
    assert.match(out.stderr, /^ {2}\.\.\/proj\/counts\.momoflow:3:9: param `size: int` /m);
    assertNoAbsolutePath(out.stderr, out);
  });

  it("run: a file of two workflows, and a workflow it does not have", async () => {
    const here = layout();
    const which = await runCli(["run", "../proj/two.momoflow"], here);
    assert.equal(which.code, 2, said(which));
    assert.equal(
      which.stderr,
      "momoflow: ../proj/two.momoflow declares 2 workflows (first, second): say which with --workflow\n",
    );
    const unknown = await runCli(["run", "../proj/two.momoflow", "--workflow", "third"], here);
    assert.equal(unknown.code, 2, said(unknown));
    assert.match(unknown.stderr, /\.\.\/proj\/two\.momoflow/);
    assertNoAbsolutePath(unknown.stderr, unknown);
  });

  it("rollback: the workflow a js() undo needs (a record that names no function), kept from loading by a param not given again", async () => {
    const here = layout();
    writeJsUndoWorkflow(join(tmp(), "proj"));
    const run = await startCli(["run", "../proj/js-undo.momoflow", "--no-rollback"], here, {
      MOMOFLOW_PARAM_API_KEY: "k3y-value",
    }).done;
    assert.equal(run.code, 1, said(run));
    // A record made before it named the function: the rollback must load the workflow, and says why it cannot.
    withoutRecordedUndoFunction(runDirOf(join(tmp(), "proj")));
    const back = await startCli(["rollback", "../proj/js-undo.momoflow"], here, {
      MOMOFLOW_PARAM_API_KEY: undefined,
    }).done;
    assert.equal(back.code, 1, said(back));
    assert.match(
      back.stdout,
      /the workflow \.\.\/proj\/js-undo\.momoflow could not be loaded to run it: \.\.\/proj\/js-undo\.momoflow:2:9: param `api_key: secret`/,
    );
    assertNoAbsolutePath(back.stdout, back);
  });

  it("test: a fixture that is not there, and a param the workflow refuses", async () => {
    const here = layout();
    writeFileSync(join(tmp(), "proj", "guarded.momoflow"), TESTS);
    const out = await startCli(["test", "../proj/guarded.momoflow"], here, {
      SHORT_TOKEN: "abc",
    }).done;
    assert.equal(out.code, 1, said(out));
    assert.match(
      out.stdout,
      /files: "fixtures\/nope" is not there \(looked for \.\.\/proj\/fixtures\/nope\)/,
    );
    assert.match(
      out.stdout,
      /\.\.\/proj\/guarded\.momoflow:2:9: the secret `token` is 3 characters long/,
    );
    assertNoAbsolutePath(out.stdout, out);
  });
});
