import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { journalText, runCli, startCli, waitFor } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

interface StepResultJson {
  id: string;
  status: string;
}

/** Conditions through the real CLI: operators, and handlers that run after a failure. */
describe("momoflow: conditions and handler steps", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-conditions-");

  function write(name: string, text: string): string {
    const path = join(tmp(), name);
    writeFileSync(path, text);
    return path;
  }

  const statuses = (stdout: string): Record<string, string> =>
    Object.fromEntries((JSON.parse(stdout).steps as StepResultJson[]).map((r) => [r.id, r.status]));

  const HANDLERS = `workflow release {
  param fail_deploy: bool = true
  step build {
    run: create_file(path: "build.txt", content: "built")
  }
  step deploy {
    needs: build
    run: "if [ \${fail_deploy} = true ]; then exit 3; fi"
    rollback: none
  }
  step announce {
    needs: deploy
    run: create_file(path: "announced.txt")
  }
  step report {
    needs: deploy
    when: steps.deploy.status == failed
    run: create_file(path: "report.txt", content: "deploy failed")
  }
  step finish {
    needs: [announce, report]
    when: steps.announce.status == not_run && steps.report.status == success
    run: "echo finished > finish.txt"
    rollback: none
  }
}
`;

  it("evaluates &&, ||, !, ordering and contains as the docs say", async () => {
    const file = write(
      "ops.momoflow",
      `workflow ops {
  param n: int = 3
  param tags: list = ["a", "b"]
  step count {
    run: "echo 7"
    rollback: none
  }
  step yes_and {
    needs: count
    when: steps.count.output > 5 && !(n >= 4) || false
    run: log(message: "yes")
  }
  step no_or {
    when: n < 3 || contains(tags, "c")
    run: log(message: "no")
  }
  step yes_contains {
    when: contains("abc", "bc") && contains(tags, "b") && 30s == 30000ms
    run: log(message: "yes")
  }
}
`,
    );
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(statuses(out.stdout), {
      count: "success",
      yes_and: "success",
      no_or: "skipped",
      yes_contains: "success",
    });
  });

  it("after a failure, starts only the handlers, before the rollback, and keeps what they did", async () => {
    const file = write("release.momoflow", HANDLERS);
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.status, "rolled_back");
    assert.deepEqual(statuses(out.stdout), {
      build: "rolled_back",
      deploy: "failed",
      announce: "not_run",
      report: "success",
      finish: "success",
    });
    assert.equal(existsSync(join(tmp(), "build.txt")), false, "the build was undone");
    assert.equal(readFileSync(join(tmp(), "report.txt"), "utf8"), "deploy failed");
    assert.ok(existsSync(join(tmp(), "finish.txt")));
    assert.match(result.error, /step "deploy" failed/);
    // The handlers ran before the rollback started, and the record says they handled the failure.
    const events = journalText(tmp())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; step?: string; afterFailure?: true });
    const order = events.map((e) => `${e.type}:${e.step ?? ""}`);
    assert.ok(
      order.indexOf("step_finished:finish") < order.indexOf("rollback_started:"),
      order.join(" "),
    );
    const report = events.find((e) => e.type === "step_finished" && e.step === "report");
    assert.equal(report?.afterFailure, true);
  });

  it("a later `momoflow rollback` also leaves a handler's effect alone", async () => {
    const file = write("release.momoflow", HANDLERS);
    const run = await runCli(["run", file, "--no-rollback", "--json"], tmp());
    assert.equal(run.code, 1, run.stderr);
    assert.ok(existsSync(join(tmp(), "build.txt")));
    const undo = await runCli(["rollback", file], tmp());
    assert.equal(undo.code, 0, undo.stderr + undo.stdout);
    assert.equal(existsSync(join(tmp(), "build.txt")), false, "the build was undone");
    assert.ok(existsSync(join(tmp(), "report.txt")), "the report was kept");
  });

  it("without a failure, a handler's condition is false and it is skipped", async () => {
    const file = write("release.momoflow", HANDLERS);
    const out = await runCli(["run", file, "--param", "fail_deploy=false", "--json"], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(statuses(out.stdout), {
      build: "success",
      deploy: "success",
      announce: "success",
      report: "skipped",
      finish: "skipped",
    });
  });

  it("a cancelled run starts no handler", async () => {
    const file = write(
      "cancel.momoflow",
      `workflow cancel {
  step slow {
    run: "sleep 20"
    rollback: none
  }
  step handler {
    needs: slow
    when: steps.slow.status != success
    run: "touch handled.txt"
    rollback: none
  }
}
`,
    );
    const { child, done } = startCli(["run", file], tmp());
    await waitFor(() => journalText(tmp()).includes('"step_process"'), "the slow step to start");
    child.kill("SIGTERM");
    const outcome = await done;
    assert.equal(outcome.code, 130, outcome.stderr);
    assert.equal(existsSync(join(tmp(), "handled.txt")), false);
    const started = journalText(tmp())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; step?: string })
      .filter((e) => e.type === "step_started")
      .map((e) => e.step);
    assert.deepEqual(started, ["slow"]);
  });

  /**
   * The workflow's `timeout` stops the run as Ctrl+C does, and docs/language.md
   * (handlers, the workflow `timeout`) says so: no step starts after it, not
   * even a handler; one already running is stopped, and what it did is kept;
   * the rollback then undoes the rest. Only the status differs (`failed`, exit 1).
   */
  const TIMED_OUT = (handlerRun: string, failFirst: boolean): string => `workflow timed {
  timeout: 1s
  step build {
    run: create_file(path: "build.txt", content: "built")
  }
  step deploy {
    needs: build
    run: "${failFirst ? "exit 3" : "sleep 20"}"
    rollback: none
  }
  step report {
    needs: deploy
    when: steps.deploy.status == failed
    run: "${handlerRun}"
    rollback: "rm -f report.txt"
  }
}
`;

  it("the workflow's timeout starts no handler, as Ctrl+C, and rolls back the rest", async () => {
    const file = write("timed.momoflow", TIMED_OUT("touch report.txt", false));
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.status, "rolled_back");
    assert.match(result.error, /workflow "timed" timed out after 1s/);
    assert.deepEqual(statuses(out.stdout), {
      build: "rolled_back",
      deploy: "failed",
      report: "not_run",
    });
    assert.equal(existsSync(join(tmp(), "report.txt")), false, "the handler never started");
    assert.equal(existsSync(join(tmp(), "build.txt")), false, "the build was undone");
  });

  it("the summary says the handler did not run because of the timeout; a run that did not time out says nothing of it", async () => {
    const file = write("timed.momoflow", TIMED_OUT("touch report.txt", false));
    const out = await runCli(["run", file], tmp());
    assert.equal(out.code, 1, out.stderr);
    assert.match(out.stdout, /\n {2}report +not_run +0 /, out.stdout);
    assert.match(
      out.stdout,
      /\n {2}workflow "timed" timed out after 1s\n {2}not run after the workflow's timeout \(no step starts then, not even a handler\): report\n/,
      out.stdout,
    );
    // Failed before the timeout, the handler ran: nothing was left unstarted by it.
    const failed = write("failed.momoflow", TIMED_OUT("touch report.txt", true));
    const ran = await runCli(["run", failed], tmp());
    assert.equal(ran.code, 1, ran.stderr);
    assert.doesNotMatch(ran.stdout, /after the workflow's timeout/, ran.stdout);
  });

  it("a handler running when the workflow's timeout passes is stopped, and what it did is kept", async () => {
    const file = write("timed.momoflow", TIMED_OUT("touch report.txt; sleep 20", true));
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.status, "rolled_back");
    assert.match(result.error, /step "deploy" failed/, "the run's error stays the first failure");
    assert.deepEqual(statuses(out.stdout), {
      build: "rolled_back",
      deploy: "failed",
      report: "failed",
    });
    assert.ok(existsSync(join(tmp(), "report.txt")), "the handler's effect is kept");
    assert.equal(existsSync(join(tmp(), "build.txt")), false, "the build was undone");
  });

  it("reading the output of a need that was skipped says it was skipped, not to check the needs", async () => {
    const file = write(
      "skipped-need.momoflow",
      `workflow w {
  param go: bool = false
  step maybe {
    when: go
    run: "echo hi"
    rollback: none
  }
  step reader {
    needs: maybe
    when: steps.maybe.output == "hi"
    run: log(message: "read")
  }
}
`,
    );
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const reader = (JSON.parse(out.stdout).steps as (StepResultJson & { error?: string })[]).find(
      (s) => s.id === "reader",
    );
    assert.match(reader?.error ?? "", /step `maybe` has no output: it ended skipped$/);
    assert.doesNotMatch(reader?.error ?? "", /does this step need it/);
  });
});
