import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * `ship` has a secret `key`, and hands `release` — whose own secret param is
 * also called `key` — a value made from it. `hold` never ends on its own:
 * the run is killed there, and `momoflow rollback` undoes from the record.
 */
const WORKFLOW = `workflow release {
  param key: secret
  step upload {
    run: "echo upload-\${key} >> ops.log"
    rollback: "echo undo-upload-\${key} >> ops.log"
  }
}

workflow ship {
  param key: secret
  step mine {
    run: "echo mine-\${key} >> ops.log"
    rollback: "echo undo-mine-\${key} >> ops.log"
  }
  step release {
    needs: mine
    run: workflow release(key: ARGUMENT)
  }
  step hold {
    needs: release
    run: "sleep 30"
    rollback: none
  }
}
`;

const KEY = "caller-key-7f3a";

/**
 * A called workflow's secret param is kept in the run record as a reference,
 * never as its value. The reference must say where the value comes from in
 * the run's own terms: `momoflow rollback` after a kill resolves it from its
 * own `--param` and `MOMOFLOW_PARAM_<NAME>`, which give the *caller's*
 * params. A callee's secret param named like one of the caller's, but given
 * another value, was kept as `param.key` — the caller's — and the undo
 * after the kill ran with the caller's value: it undid something else than
 * what the step did (a resource of another name deleted, say).
 */
describe("momoflow rollback after a kill: a called workflow's secret param is undone with its own value", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-call-secret-undo-");

  async function killedAtHold(argument: string): Promise<{ file: string; workdir: string }> {
    const { file, workdir } = writeWorkflow(tmp(), "flow", WORKFLOW.replace("ARGUMENT", argument));
    const run = startCli(["run", file, "--workdir", workdir, "--workflow", "ship"], workdir, {
      MOMOFLOW_PARAM_KEY: KEY,
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"hold","attempt":1',
    });
    const out = await run.done;
    assert.equal(out.signal, "SIGKILL", said(out));
    return { file, workdir };
  }

  async function rolledBack(file: string, workdir: string): Promise<CliOutcome> {
    const out = await startCli(
      ["rollback", file, "--workdir", workdir, "--workflow", "ship"],
      workdir,
      { MOMOFLOW_PARAM_KEY: KEY },
    ).done;
    assert.equal(out.code, 0, said(out));
    return out;
  }

  const ops = (workdir: string): string[] =>
    readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n");

  it("an argument made from the caller's secret: the undo gets the value the step ran with", async () => {
    const { file, workdir } = await killedAtHold('"${key}-derived"');
    const journal = readFileSync(
      join(
        workdir,
        ".momoflow",
        "runs",
        readFileSync(join(workdir, ".momoflow", "runs", "latest"), "utf8").trim(),
        "journal.jsonl",
      ),
      "utf8",
    );
    assert.ok(!journal.includes(KEY), "the record holds no secret");
    const out = await rolledBack(file, workdir);
    assert.deepEqual(
      ops(workdir),
      [`mine-${KEY}`, `upload-${KEY}-derived`, `undo-upload-${KEY}-derived`, `undo-mine-${KEY}`],
      said(out),
    );
  });

  it("the caller's secret itself under the same name: the undo gets it", async () => {
    const { file, workdir } = await killedAtHold("key");
    await rolledBack(file, workdir);
    assert.deepEqual(ops(workdir), [
      `mine-${KEY}`,
      `upload-${KEY}`,
      `undo-upload-${KEY}`,
      `undo-mine-${KEY}`,
    ]);
  });
});

/**
 * A called workflow's secret param given a step's output: the record keeps
 * it under its name in the call, `param.release/key`, and `momoflow rollback`
 * says to give it with `--param release/key=...`. The run itself has no such
 * param, yet that is what the message asks for: `--param` must take it, not
 * refuse it as a param the run does not have.
 */
describe("momoflow rollback --param gives a called workflow's secret param the record reads", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-call-secret-param-");
  const FLOW = `workflow release {
  param key: secret
  step upload {
    run: "echo upload-\${key} >> ops.log"
    rollback: "echo undo-upload-\${key} >> ops.log"
  }
}

workflow ship {
  step login {
    run: "echo token-5e1b9c"
    rollback: none
  }
  step release {
    needs: login
    run: workflow release(key: steps.login.output)
  }
  step hold {
    needs: release
    run: "sleep 30"
    rollback: none
  }
}
`;

  it("as the rollback's error says, and the undo runs with it", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "flow", FLOW);
    const args = ["--workdir", workdir, "--workflow", "ship"];
    const killed = await startCli(["run", file, ...args], workdir, {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"hold","attempt":1',
    }).done;
    assert.equal(killed.signal, "SIGKILL", said(killed));
    const without = await startCli(["rollback", file, ...args], workdir).done;
    assert.equal(without.code, 1, said(without));
    assert.match(said(without), /give it with --param release\/key=\.\.\./);
    const given = await startCli(
      ["rollback", file, ...args, "--param", "release/key=token-5e1b9c"],
      workdir,
    ).done;
    assert.equal(given.code, 0, said(given));
    assert.deepEqual(readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n"), [
      "upload-token-5e1b9c",
      "undo-upload-token-5e1b9c",
    ]);
  });

  it("a name neither the run nor its record's undos have is still refused", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "flow", FLOW);
    const args = ["--workdir", workdir, "--workflow", "ship"];
    await startCli(["run", file, ...args], workdir, {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"hold","attempt":1',
    }).done;
    const out = await startCli(["rollback", file, ...args, "--param", "release/kye=x"], workdir)
      .done;
    assert.equal(out.code, 2, said(out));
    assert.match(out.stderr, /the run has no param `release\/kye`; did you mean `release\/key`\?/);
  });
});
