import assert from "node:assert/strict";
import Ajv from "ajv";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { journalText, runCli, startCli, waitFor } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

/** A called workflow in its own file: each step appends to order.txt, and so does each undo. */
const RELEASE = `
workflow release {
  param part: string
  param pause: string = "0"
  step bump {
    run: "echo bump \${part} >> order.txt; echo 1.2.\${part}"
    rollback: "echo undo-bump >> order.txt"
  }
  step publish {
    needs: [bump]
    run: "sleep \${pause}; echo publish \${steps.bump.output} >> order.txt; echo published \${steps.bump.output}"
    rollback: "echo undo-publish >> order.txt"
  }
}
`;

/** The caller, importing the release; `fail` makes its last step fail. */
const SHIP = `
import "lib/release.momoflow"

workflow ship {
  param part: string = "patch"
  param fail: string = "no"
  step test {
    run: "echo test >> order.txt"
    rollback: "echo undo-test >> order.txt"
  }
  step release {
    needs: [test]
    run: workflow release(part: part)
  }
  step announce {
    needs: [release]
    run: "echo announce \${steps.release.output} >> order.txt; test \${fail} = no"
  }
}
`;

describe("momoflow run: workflows calling workflows", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-calls-");

  function write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(tmp(), path, ".."), { recursive: true });
      writeFileSync(join(tmp(), path), text);
    }
  }

  function order(): string[] {
    return readFileSync(join(tmp(), "order.txt"), "utf8").trim().split("\n");
  }

  it("gives the calling step the call's time: from its first called step's start to its end (summary, --json, result.json)", async () => {
    write({
      "span.momoflow": `workflow sub {
  step a {
    run: "sleep 0.3"
    rollback: none
  }
  step b {
    needs: [a]
    run: "sleep 0.2"
    rollback: none
  }
}
workflow main {
  step call {
    run: workflow sub()
  }
}
`,
    });
    const out = await runCli(["run", "span.momoflow", "--workflow", "main", "--json"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    type Step = { id: string; metrics: { startTime: number; endTime: number; durationMs: number } };
    const json = JSON.parse(out.stdout) as { steps: Step[] };
    const file = latestResult(tmp()) as unknown as { steps: Step[] };
    for (const steps of [json.steps, file.steps]) {
      const by = new Map(steps.map((s) => [s.id, s.metrics]));
      const [a, b, call] = [by.get("call/a")!, by.get("call/b")!, by.get("call")!];
      assert.equal(call.startTime, a.startTime, JSON.stringify(steps));
      assert.ok(call.endTime >= b.endTime, JSON.stringify(steps));
      // The call's span is read from wall-clock milliseconds (its steps' start and end), theirs to the
      // microsecond: the span may round below their sum by under a millisecond.
      assert.ok(call.durationMs > a.durationMs + b.durationMs - 1, JSON.stringify(steps));
    }
    // The summary's row says so too: seconds, not the join's fraction of a millisecond.
    const text = await runCli(["run", "span.momoflow", "--workflow", "main"], tmp());
    assert.match(
      text.stdout,
      /^ {2}call +success +1 +(5\d\d|\d{3,}) ms|^ {2}call +success +1 +\d+(\.\d+)? s/m,
      text.stdout,
    );
  });

  it("runs an imported workflow's steps in the caller's run, in order, with the call's arguments, and its output", async () => {
    write({ "lib/release.momoflow": RELEASE, "ship.momoflow": SHIP });
    const out = await runCli(["run", "ship.momoflow", "--param", "part=minor", "--json"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.deepEqual(order(), [
      "test",
      "bump minor",
      "publish 1.2.minor",
      "announce published 1.2.minor",
    ]);
    const result = JSON.parse(out.stdout) as { steps: { id: string; status: string }[] };
    assert.deepEqual(
      result.steps.map((s) => `${s.id} ${s.status}`),
      [
        "test success",
        "release/bump success",
        "release/publish success",
        "release success",
        "announce success",
      ],
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    assert.ok(ajv.validate(resultSchema, result), ajv.errorsText());
  });

  it("runs nested calls: a called workflow calling another, named release/tag/push", async () => {
    write({
      "nested.momoflow": `
workflow tag {
  param name: string
  step push { run: "echo push \${name} >> order.txt" }
}
workflow release {
  param part: string
  step bump { run: "echo bump \${part} >> order.txt" }
  step tag { needs: [bump] run: workflow tag(name: "v-\${part}") }
  step notes { needs: [tag] run: "echo notes >> order.txt" }
}
workflow ship {
  step release { run: workflow release(part: "major") }
  step done { needs: [release] run: "echo done >> order.txt" }
}
`,
    });
    const out = await runCli(["run", "nested.momoflow", "--workflow", "ship"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.deepEqual(order(), ["bump major", "push v-major", "notes", "done"]);
    assert.match(out.stdout, /release\/tag\/push\s+success/);
  });

  it("runs called steps with the caller's env: and the callee's own over it, which ${env.X} reads too", async () => {
    write({
      "env.momoflow": `
workflow outer {
  env: { REGION: "eu", WHO: "outer" }
  step call { run: workflow inner() }
}

workflow inner {
  env: { WHO: "inner" }
  step show { run: "printenv REGION WHO > env.txt; echo \${env.WHO} >> env.txt" }
}
`,
    });
    const run = await runCli(["run", "env.momoflow", "--workflow", "outer"], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(readFileSync(join(tmp(), "env.txt"), "utf8"), "eu\ninner\ninner\n");
  });

  it("skips every called step when the calling step's when is false, nested calls too", async () => {
    write({
      "when.momoflow": `
workflow tag {
  step push { run: "echo push >> order.txt" }
}
workflow release {
  param tagged: bool
  step bump { run: "echo bump >> order.txt" }
  step tag { needs: [bump] when: tagged run: workflow tag() }
}
workflow ship {
  param go: bool = true
  param tagged: bool = false
  step release { when: go run: workflow release(tagged: tagged) }
  step done { needs: [release] run: "echo done >> order.txt" }
}
`,
    });
    const run = (...params: string[]) =>
      runCli(["run", "when.momoflow", "--workflow", "ship", "--json", ...params], tmp());
    const statuses = (stdout: string): string[] =>
      (JSON.parse(stdout) as { steps: { id: string; status: string }[] }).steps.map(
        (s) => `${s.id} ${s.status}`,
      );

    const skipped = await run("--param", "go=false");
    assert.equal(skipped.code, 0, skipped.stdout + skipped.stderr);
    assert.deepEqual(order(), ["done"]);
    assert.deepEqual(statuses(skipped.stdout), [
      "release/bump skipped",
      "release/tag/push skipped",
      "release/tag skipped",
      "release skipped",
      "done success",
    ]);

    writeFileSync(join(tmp(), "order.txt"), "");
    const inner = await run("--param", "tagged=false");
    assert.equal(inner.code, 0, inner.stdout + inner.stderr);
    assert.deepEqual(order(), ["bump", "done"]);

    writeFileSync(join(tmp(), "order.txt"), "");
    const all = await run("--param", "tagged=true");
    assert.equal(all.code, 0, all.stdout + all.stderr);
    assert.deepEqual(order(), ["bump", "push", "done"]);
  });

  it("rolls a failure back through the called steps, undoing the call as one unit where the caller would be undone", async () => {
    // `other` runs beside the call and ends between its two steps (once bump wrote,
    // a second before publish does): undone in plain reverse order it would come between them.
    write({
      "lib/release.momoflow": RELEASE,
      "ship.momoflow": `
import "lib/release.momoflow"
workflow ship {
  concurrency: 2
  step test { run: "echo test >> order.txt" rollback: "echo undo-test >> order.txt" }
  step release { needs: [test] run: workflow release(part: "patch", pause: "1") }
  step other { needs: [test] run: "until grep -q bump order.txt; do sleep 0.05; done; echo other >> order.txt" rollback: "echo undo-other >> order.txt" }
  step announce { needs: [release, other] run: "exit 3" }
}
`,
    });
    const out = await runCli(["run", "ship.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const lines = order();
    assert.deepEqual(lines.slice(0, 4).sort(), [
      "bump patch",
      "other",
      "publish 1.2.patch",
      "test",
    ]);
    assert.ok(lines.indexOf("other") < lines.indexOf("publish 1.2.patch"), lines.join(", "));
    assert.deepEqual(lines.slice(4), ["undo-publish", "undo-bump", "undo-other", "undo-test"]);
    assert.match(out.stdout, /release\/bump\s+rolled_back/);
    // The calling step's row says the call completed; its note, that the rollback undid the call's steps.
    assert.match(
      out.stdout,
      /^ {2}release +success +1 +[\d.]+ m?s +— +2 called steps: 0 ✓ 2 ↶$/m,
      out.stdout,
    );
  });

  it("after SIGKILL mid-call, momoflow rollback undoes the completed called steps as a unit, then the caller's", async () => {
    write({
      "ship.momoflow": `
workflow release {
  step bump { run: "echo bump >> order.txt" rollback: "echo undo-bump >> order.txt" }
  step wait { needs: [bump] run: "echo waiting >> order.txt; sleep 30" rollback: "echo undo-wait >> order.txt" }
}
workflow ship {
  step test { run: "echo test >> order.txt" rollback: "echo undo-test >> order.txt" }
  step release { needs: [test] run: workflow release() }
}
`,
    });
    const { child, done } = startCli(["run", "ship.momoflow", "--workflow", "ship"], tmp());
    await waitFor(
      () => journalText(tmp()).includes('"step":"release/wait"') && order().includes("waiting"),
      "the called step release/wait to start",
    );
    child.kill("SIGKILL");
    assert.equal((await done).signal, "SIGKILL");

    const out = await runCli(["rollback", "ship.momoflow", "--workflow", "ship"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.deepEqual(order(), ["test", "bump", "waiting", "undo-wait", "undo-bump", "undo-test"]);
  });

  it("--resume reuses each called step that succeeded, and runs the rest of the call", async () => {
    write({
      "ship.momoflow": `
workflow release {
  param part: string
  step bump { run: "echo bump \${part} >> order.txt; echo 1.\${part}" rollback: "echo undo-bump >> order.txt" }
  step publish { needs: [bump] run: "test -f ready; echo publish \${steps.bump.output} >> order.txt" rollback: "echo undo-publish >> order.txt" }
}
workflow ship {
  step test { run: "echo test >> order.txt" rollback: "echo undo-test >> order.txt" }
  step release { needs: [test] run: workflow release(part: "2") }
}
`,
    });
    const first = await runCli(
      ["run", "ship.momoflow", "--workflow", "ship", "--no-rollback"],
      tmp(),
    );
    assert.equal(first.code, 1, first.stdout + first.stderr);
    assert.deepEqual(order(), ["test", "bump 2"]);

    writeFileSync(join(tmp(), "ready"), "");
    const resumed = await runCli(
      ["run", "ship.momoflow", "--workflow", "ship", "--resume", "--json"],
      tmp(),
    );
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.deepEqual(order(), ["test", "bump 2", "publish 1.2"]);
    const steps = (JSON.parse(resumed.stdout) as { steps: { id: string; reusedFrom?: string }[] })
      .steps;
    assert.deepEqual(
      steps.map((s) => `${s.id}${s.reusedFrom ? " reused" : ""}`),
      ["test reused", "release/bump reused", "release/publish", "release"],
    );
  });

  it("momoflow test runs a test of a workflow that calls another", async () => {
    write({
      "lib/release.momoflow": RELEASE,
      "ship.momoflow": `${SHIP}
test "a failed announcement undoes the release" {
  workflow: ship
  params: { part: "minor", fail: "yes" }
  expect status == rolled_back
  expect step announce == failed
  expect file "order.txt" contains "undo-publish\\nundo-bump\\nundo-test"
}

test "failing the calling step undoes the steps it called" {
  workflow: ship
  fail: release
  expect status == rolled_back
  expect step announce == not_run
  expect file "order.txt" contains "publish 1.2.patch\\nundo-publish\\nundo-bump\\nundo-test"
}
`,
    });
    const out = await runCli(["test", "ship.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /2 passed, 0 failed/);
  });

  it("momoflow check reports an unknown called workflow with did-you-mean and a call cycle", async () => {
    write({
      "bad.momoflow": `
workflow ship {
  step release { run: workflow relase() }
  step again { run: workflow ship() }
}
workflow release {
  step bump { run: "echo bump" }
}
`,
    });
    const out = await runCli(["check", "bad.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /3:32: error MF040: unknown workflow "relase"; did you mean "release"\?/,
    );
    assert.match(out.stdout, /4:30: error MF042: workflow call cycle: ship → ship/);
  });

  it("reads fields of a call's output, and goes over it, when the called workflow's last step declares output: json", async () => {
    write({
      "lib/sites.momoflow": `
workflow list_sites {
  step list {
    run: """echo '{"sites": [{"name": "blog"}, {"name": "shop"}]}'"""
    output: json
    rollback: none
  }
}
workflow wrapped {
  step inner { run: workflow list_sites() }
}
`,
      "deploy.momoflow": `
import "lib/sites.momoflow"

workflow deploy {
  step sites { run: workflow wrapped() }
  step each {
    needs: sites
    for_each: site in steps.sites.output.sites
    run: "echo deploying \${site.name} >> order.txt; echo \${site.name}"
    rollback: none
  }
  step first {
    needs: sites
    run: "echo first \${steps.sites.output.sites[0].name}"
    rollback: none
  }
}

test "the call's JSON output" {
  workflow: deploy
  expect output sites.sites[1].name == "shop"
  expect output each == ["blog", "shop"]
  expect output first == "first blog"
}
`,
    });
    const check = await runCli(["check", "deploy.momoflow"], tmp());
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const run = await runCli(["run", "deploy.momoflow"], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(order(), ["deploying blog", "deploying shop"]);
    const test = await runCli(["test", "deploy.momoflow"], tmp());
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /1 passed, 0 failed/);
  });

  it("says where output: json goes when a call's output is text: on the called workflow's last step", async () => {
    write({
      "text.momoflow": `
workflow leaf {
  step say {
    run: "echo plain"
    rollback: none
  }
}
workflow top {
  step call { run: workflow leaf() }
  step read {
    needs: call
    run: "echo \${steps.call.output.name}"
    rollback: none
  }
}
`,
    });
    const out = await runCli(["check", "text.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /12:36: error MF008: the output of "call" is text: it has no field "name"; declare `output: json` on step "say" of workflow "leaf" \(a call's output is its workflow's last step's\) to read its fields/,
    );
  });

  it("says why a call has no output: the called workflow's last step, nested calls followed, ended skipped", async () => {
    write({
      "skip.momoflow": `
workflow stats {
  param notify: bool = false
  step compute {
    run: "echo 3"
    rollback: none
  }
  step ping {
    needs: compute
    when: notify
    run: "echo pinged"
    rollback: none
  }
}
workflow wrapped {
  step inner { run: workflow stats() }
}
workflow top {
  step call { run: workflow wrapped() }
  step read {
    needs: call
    run: "echo \${steps.call.output}"
    rollback: none
  }
}

test "the call gave no output" {
  workflow: top
  expect output call != "3"
}
`,
    });
    const out = await runCli(["run", "skip.momoflow", "--workflow", "top"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /skip\.momoflow:22:18: step `call` has no output: a call's output is its workflow's last step's, and call\/inner\/ping \(the last step of workflow `stats`\) ended skipped/,
    );
    // A test reads it the same way: no output is not the "" of a step that printed nothing.
    const test = await runCli(["test", "skip.momoflow"], tmp());
    assert.equal(test.code, 1, test.stdout + test.stderr);
    assert.match(
      test.stdout,
      /expect output call != "3": step call has no output: a call's output is its workflow's last step's, and call\/inner\/ping ended skipped/,
    );
  });

  it("takes a call's output as the list it is when the called workflow's last step fans out, in check as in the run", async () => {
    write({
      "fan.momoflow": `
workflow regions {
  step each {
    for_each: region in ["eu", "us"]
    run: "echo \${region}"
    rollback: none
  }
}
workflow top {
  step call { run: workflow regions() }
  step second {
    needs: call
    run: "echo second \${steps.call.output[1]}"
    rollback: none
  }
  step deploy {
    needs: call
    for_each: region in steps.call.output
    run: "echo deploying \${region} >> order.txt"
    rollback: none
  }
}

test "the call's output is its fan-out's list" {
  workflow: top
  expect output call == ["eu", "us"]
  expect output call[0] == "eu"
  expect output second == "second us"
}
`,
    });
    const check = await runCli(["check", "fan.momoflow"], tmp());
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const run = await runCli(["run", "fan.momoflow", "--workflow", "top"], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(order(), ["deploying eu", "deploying us"]);
    const test = await runCli(["test", "fan.momoflow"], tmp());
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /1 passed, 0 failed/);
  });

  it("runs calls nested 40 deep, which check accepts: only a workflow calling itself again is a cycle", async () => {
    const depth = 40;
    const chain = Array.from(
      { length: depth },
      (_, i) => `workflow w${i} {\n  step s { run: workflow w${i + 1}() }\n}\n`,
    );
    write({
      "deep.momoflow": `${chain.join("")}workflow w${depth} {
  step s {
    run: "echo bottom >> order.txt"
  }
}
`,
    });
    const check = await runCli(["check", "deep.momoflow"], tmp());
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const out = await runCli(["run", "deep.momoflow", "--workflow", "w0"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.doesNotMatch(out.stderr, /cycle/);
    assert.deepEqual(order(), ["bottom"]);
  });

  it("checks an argument only known during the run against its param's type when the call starts", async () => {
    write({
      "typed.momoflow": `
workflow sub {
  param items: list
  param count: int
  step each {
    for_each: item in items
    run: "echo \${item} \${count} >> order.txt"
    rollback: none
  }
}
workflow top {
  step j {
    run: """echo '{"xs": ["a", "b"], "n": 3}'"""
    output: json
    rollback: none
  }
  step text {
    run: "echo 2"
    rollback: none
  }
  step good {
    needs: [j, text]
    run: workflow sub(items: steps.j.output.xs, count: steps.text.output)
  }
  step bad {
    needs: good
    run: workflow sub(items: steps.j.output.n, count: 1)
  }
}
`,
    });
    const check = await runCli(["check", "typed.momoflow"], tmp());
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const out = await runCli(["run", "typed.momoflow", "--workflow", "top"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.deepEqual(order(), ["a 2", "b 2"]);
    assert.match(
      out.stdout + out.stderr,
      /typed\.momoflow:27:30: argument "items" of workflow `sub` must be a list, got number 3 \(declared `items: list`\)/,
    );
    // The called step that was due fans out: its items are not what failed, the call's argument is.
    assert.match(out.stdout, /step "bad\/each" failed: \S+typed\.momoflow:27:30: argument "items"/);
    assert.doesNotMatch(out.stdout + out.stderr, /for_each items could not be read/);
  });

  it("a called step that fails with continue_on_error does not hold the call: it ends as the called workflow would on its own", async () => {
    write({
      "ship.momoflow": `
workflow checks {
  param then: string = "none"
  step risky {
    run: "echo risky >> order.txt; exit 3"
    rollback: "echo undo-risky >> order.txt"
    continue_on_error: true
  }
  step fine { run: "echo fine >> order.txt; echo fine-out" rollback: "echo undo-fine >> order.txt" }
}
workflow ship {
  param fail: string = "no"
  step checked { run: workflow checks() }
  step announce {
    needs: [checked]
    when: steps.checked.status == success
    run: "echo announce \${steps.checked.output} >> order.txt; test \${fail} = no"
  }
}
test "the call goes on after its continue_on_error step" {
  workflow: ship
  expect status == success
  expect step checked == success
  expect step checked/risky == rolled_back
  expect output announce == ""
}
`,
    });
    const alone = await runCli(["run", "ship.momoflow", "--workflow", "checks", "-q"], tmp());
    assert.equal(alone.code, 0, alone.stdout + alone.stderr);
    const calledAlone = order();
    writeFileSync(join(tmp(), "order.txt"), "");

    const out = await runCli(["run", "ship.momoflow", "--workflow", "ship", "--json"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.deepEqual(order(), [...calledAlone, "announce fine-out"]);
    const result = JSON.parse(out.stdout) as {
      status: string;
      steps: { id: string; status: string }[];
    };
    assert.equal(result.status, "success");
    assert.deepEqual(
      result.steps.map((s) => `${s.id} ${s.status}`),
      ["checked/risky rolled_back", "checked/fine success", "checked success", "announce success"],
    );

    // A later failure undoes the call's completed steps; the failed one's undo is not run twice.
    writeFileSync(join(tmp(), "order.txt"), "");
    const failed = await runCli(
      ["run", "ship.momoflow", "--workflow", "ship", "--param", "fail=yes"],
      tmp(),
    );
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.deepEqual(order(), [...calledAlone, "announce fine-out", "undo-fine"]);

    // Left to momoflow rollback, both called steps are undone from the record.
    writeFileSync(join(tmp(), "order.txt"), "");
    const kept = await runCli(
      ["run", "ship.momoflow", "--workflow", "ship", "--param", "fail=yes", "--no-rollback"],
      tmp(),
    );
    assert.equal(kept.code, 1, kept.stdout + kept.stderr);
    const rollback = await runCli(["rollback", "ship.momoflow", "--workflow", "ship"], tmp());
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assert.deepEqual(order(), ["risky", "fine", "announce fine-out", "undo-fine", "undo-risky"]);

    const tests = await runCli(["test", "ship.momoflow"], tmp());
    assert.equal(tests.code, 0, tests.stdout + tests.stderr);
  });

  it("a called step that needs a failed continue_on_error step still never runs, and the run fails naming it", async () => {
    write({
      "ship.momoflow": `
workflow checks {
  step risky { run: "exit 3" continue_on_error: true }
  step next { needs: [risky] run: "echo next" }
}
workflow ship {
  step checked { run: workflow checks() }
}
`,
    });
    const out = await runCli(["run", "ship.momoflow", "--workflow", "ship"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /2 steps never ran: "checked\/next" \(it needs "checked\/risky", which failed\), "checked" \(it needs "checked\/next", which never ran\)/,
    );
  });
});
