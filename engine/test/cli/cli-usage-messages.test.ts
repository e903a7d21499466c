import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

const WORKFLOW = `workflow w {
  step a {
    run: log(message: "hi")
  }
}
`;

describe("CLI: a mistyped option or command says what, the nearest right one, and where the help is", () => {
  const tmp = useTempDir("momoflow-usage-");

  function file(): string {
    const path = join(tmp(), "w.momoflow");
    writeFileSync(path, WORKFLOW);
    return path;
  }

  it("an unknown option names it, the command, the nearest option, and runs nothing", async () => {
    const out = await runCli(["run", file(), "--workdr", tmp()], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      'momoflow: unknown option --workdr for "momoflow run"; did you mean --workdir? ("momoflow run --help" lists the options)\n',
    );
    assert.equal(out.stdout, "");
  });

  it("an option handled apart from the others (run's --resume) is among the suggestions", async () => {
    const out = await runCli(["run", file(), "--resum"], tmp());
    assert.equal(out.code, 2);
    assert.match(out.stderr, /unknown option --resum for "momoflow run"; did you mean --resume\?/);
  });

  it("an unknown option with nothing near says so without a guess", async () => {
    const out = await runCli(["check", file(), "--zzzzzzzz"], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      'momoflow: unknown option --zzzzzzzz for "momoflow check" ("momoflow check --help" lists the options)\n',
    );
  });

  it("an unknown short option is named as written", async () => {
    const out = await runCli(["rollback", file(), "-x"], tmp());
    assert.equal(out.code, 2);
    assert.match(out.stderr, /^momoflow: unknown option -x for "momoflow rollback"/);
  });

  it("an option given without its value says which value it needs", async () => {
    const out = await runCli(["run", file(), "--workflow"], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      'momoflow: option --workflow of "momoflow run" needs a value: --workflow <value> ("momoflow run --help" says what it takes)\n',
    );
  });

  it("a value given to a switch that takes none says so", async () => {
    const out = await runCli(["run", file(), "--json=yes"], tmp());
    assert.equal(out.code, 2);
    assert.match(out.stderr, /^momoflow: option --json of "momoflow run" takes no value/);
  });

  it("an unknown command names the nearest command", async () => {
    const out = await runCli(["rollbak"], tmp());
    assert.equal(out.code, 2);
    assert.match(out.stderr, /^momoflow: unknown command "rollbak"; did you mean "rollback"\?/);
  });

  it("a second file for a command that takes one names it, runs nothing, and says where options go", async () => {
    const out = await runCli(["run", file(), "b.momoflow"], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      'momoflow: run expects one workflow file; "b.momoflow" is a second (options go before or after it; "momoflow run --help" lists them)\n',
    );
    assert.equal(out.stdout, "");
    const graph = await runCli(["graph", file(), "other", "third"], tmp());
    assert.equal(graph.code, 2);
    assert.equal(
      graph.stderr,
      'momoflow: graph expects one .momoflow file; "other", "third" are more (options go before or after it; "momoflow graph --help" lists them)\n',
    );
    const rollback = await runCli(["rollback", "run-a", "run-b"], tmp());
    assert.equal(rollback.code, 2);
    assert.equal(
      rollback.stderr,
      'momoflow: rollback expects a run folder or a workflow file; "run-b" is a second (options go before or after it; "momoflow rollback --help" lists them)\n',
    );
  });

  it("a second parameter given without its own --param says so", async () => {
    const out = await runCli(["run", file(), "--param", "a=1", "b=2"], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      'momoflow: run expects one workflow file; "b=2" is a second (each parameter needs its own --param: --param b=2)\n',
    );
  });

  it("no file at all still shows the command's help", async () => {
    const out = await runCli(["run"], tmp());
    assert.equal(out.code, 2);
    assert.match(out.stderr, /^momoflow: run expects one workflow file\n\nUsage: momoflow run/);
  });

  it("a rollback without its run names the latest run here and the command that undoes it", async () => {
    const none = await runCli(["rollback"], tmp());
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^momoflow: rollback expects a run folder or a workflow file\n\nUsage: momoflow rollback/,
    );
    assert.doesNotMatch(none.stderr, /the latest run here/);

    const ran = await runCli(["run", file()], tmp());
    assert.equal(ran.code, 0, ran.stderr);
    const runId = /run (\S+) ·/.exec(ran.stdout)?.[1];
    assert.ok(runId, ran.stdout);
    const out = await runCli(["rollback"], tmp());
    assert.equal(out.code, 2);
    assert.equal(out.stdout, "");
    const first = out.stderr.split("\n\n")[0];
    assert.equal(
      first,
      `momoflow: rollback expects a run folder or a workflow file; the latest run here is .momoflow/runs/${runId} (workflow w from w.momoflow, success), which this undoes:\n  momoflow rollback .momoflow/runs/${runId}\n(momoflow runs lists the runs here and how each stands)`,
    );
    assert.match(out.stderr, /Usage: momoflow rollback/);

    // Elsewhere, with --workdir: the run folder as the user can type it from there.
    const elsewhere = await runCli(["rollback", "--workdir", tmp()], join(tmp(), ".."));
    assert.equal(elsewhere.code, 2);
    const dir = join(tmp().split("/").pop()!, ".momoflow", "runs", runId);
    assert.match(
      elsewhere.stderr,
      new RegExp(`the latest run here is ${dir} .*\\n  momoflow rollback ${dir}\\n`),
    );
  });
});
