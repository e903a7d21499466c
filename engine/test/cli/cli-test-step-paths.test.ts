import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A release that a ship calls, itself calling a tag: each step and each undo
 * appends a line to order.txt, so a test can read what ran and what was undone.
 */
const WORKFLOWS = `
workflow tag {
  step push {
    run: "echo push >> order.txt; echo pushed"
    rollback: "echo undo-push >> order.txt"
  }
}

workflow release {
  step bump {
    run: "echo bump >> order.txt; echo 1.4.0"
    rollback: "echo undo-bump >> order.txt"
  }
  step convert {
    needs: bump
    for_each: part in ["a", "b", "c"]
    run: "echo convert-\${part} >> order.txt; echo \${part}-done"
    rollback: "echo undo-convert-\${part} >> order.txt"
  }
  step tag {
    needs: convert
    run: workflow tag()
  }
}

workflow ship {
  step prepare {
    run: "echo prepare >> order.txt"
    rollback: "echo undo-prepare >> order.txt"
  }
  step release {
    needs: prepare
    run: workflow release()
  }
  step announce {
    needs: release
    run: "echo announce >> order.txt"
    rollback: none
  }
}

workflow convert_given {
  param parts: list = ["a", "b", "c"]
  step convert {
    for_each: part in parts
    run: "echo convert-\${part} >> order.txt; echo \${part}-done"
    rollback: "echo undo-convert-\${part} >> order.txt"
  }
}

workflow convert_all {
  step convert {
    for_each: part in ["a", "b", "c"]
    run: "echo convert-\${part} >> order.txt; echo \${part}-done"
    rollback: "echo undo-convert-\${part} >> order.txt"
  }
}
`;

describe("momoflow test: a test names called steps and fan-out instances", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-test-paths-");

  async function test(tests: string): Promise<{ code: number | null; stdout: string }> {
    writeFileSync(join(tmp(), "ship.momoflow"), WORKFLOWS + tests);
    const out = await runCli(["test", "ship.momoflow"], tmp());
    return { code: out.code, stdout: out.stdout + out.stderr };
  }

  it("fail: release/bump fails the called step; the call's completed steps are undone as one unit", async () => {
    const out = await test(`
test "a called step fails" {
  workflow: ship
  fail: release/bump
  expect status == rolled_back
  expect step release/bump == failed
  expect step release == failed
  expect step release/convert == not_run
  expect step prepare == rolled_back
  expect step announce == not_run
  expect file "order.txt" == "prepare\\nundo-prepare"
}

test "a step of a nested call fails" {
  workflow: ship
  fail: release/tag/push
  expect status == rolled_back
  expect step release/tag/push == failed
  expect step release/tag == failed
  expect step release == failed
  expect step release/bump == rolled_back
  expect step release/convert[2] == rolled_back
  expect file "order.txt" == "prepare\\nbump\\nconvert-a\\nconvert-b\\nconvert-c\\nundo-convert-c\\nundo-convert-b\\nundo-convert-a\\nundo-bump\\nundo-prepare"
}
`);
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /2 passed, 0 failed/);
  });

  it("fail: convert[1] fails that instance only; expect step and expect output read each instance", async () => {
    const out = await test(`
test "one instance fails" {
  workflow: convert_all
  fail: convert[1]
  expect status == rolled_back
  expect step convert[0] == rolled_back
  expect step convert[1] == failed
  expect step convert[2] == not_run
  expect file "order.txt" == "convert-a\\nundo-convert-a"
}

test "each instance's output" {
  workflow: convert_all
  expect step convert[2] == success
  expect output convert[0] == "a-done"
  expect output convert[2] == "c-done"
  expect output convert == ["a-done", "b-done", "c-done"]
}
`);
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /2 passed, 0 failed/);
  });

  it("fail: release/convert[1] fails an instance of a called fan-out step, read as the run names it", async () => {
    const out = await test(`
test "a called instance fails" {
  workflow: ship
  fail: [release/convert[1]]
  expect status == rolled_back
  expect step release/convert[0] == rolled_back
  expect step release/convert[1] == failed
  expect step release/tag/push == not_run
  expect file "order.txt" == "prepare\\nbump\\nconvert-a\\nundo-convert-a\\nundo-bump\\nundo-prepare"
}

test "a called instance's output" {
  workflow: ship
  expect output release/convert[1] == "b-done"
  expect output release/tag/push == "pushed"
  expect step release/tag == success
  expect step release == success
}
`);
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /2 passed, 0 failed/);
  });

  it("an expectation on a called step that does not hold fails, naming the step as the run does", async () => {
    const out = await test(`
test "wrong on purpose" {
  workflow: ship
  fail: release/convert[0]
  expect step release/bump == success
  expect output release/convert[2] == "c-done"
}
`);
    assert.equal(out.code, 1, out.stdout);
    assert.match(out.stdout, /expected step release\/bump to be success, but it was rolled_back/);
    assert.match(
      out.stdout,
      /expect output release\/convert\[2\] == "c-done": step release\/convert\[2\] has no output \(it ended not_run\)/,
    );
  });

  it("a test whose fail: or expect step names an instance its run never had fails, saying how many there were (not_run before its items were read)", async () => {
    const out = await test(`
test "fails an instance past the items" {
  workflow: convert_given
  fail: convert[5]
  expect status == success
}

test "no items at all" {
  workflow: convert_given
  params: { parts: [] }
  fail: [convert[0]]
  expect step convert == skipped
}

test "reads an instance past the items" {
  workflow: convert_given
  expect step convert[7] != failed
}

test "an instance of a fan-out that never started never ran" {
  workflow: ship
  fail: release/bump
  expect step release/convert[1] == not_run
}
`);
    assert.equal(out.code, 1, out.stdout);
    assert.match(out.stdout, /1 passed, 3 failed/);
    assert.match(out.stdout, /✓ an instance of a fan-out that never started never ran/);
    assert.match(
      out.stdout,
      /fail: convert\[5\] failed no step: the run had no convert\[5\] \(step convert ran 3 instances, convert\[0\] to convert\[2\]\)\n\s+at ship\.momoflow:\d+:9/,
    );
    assert.match(
      out.stdout,
      /fail: convert\[0\] failed no step: the run had no convert\[0\] \(step convert had no items, so it ran no instance\)/,
    );
    assert.match(
      out.stdout,
      /expected step convert\[7\] to not be failed, but the run had no convert\[7\] \(step convert ran 3 instances, convert\[0\] to convert\[2\]\)/,
    );
  });

  it("momoflow run names the instances of a called fan-out step release/convert[0]…, each once", async () => {
    writeFileSync(join(tmp(), "ship.momoflow"), WORKFLOWS);
    const out = await runCli(["run", "ship.momoflow", "--workflow", "ship", "--json"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const result = JSON.parse(out.stdout) as { steps: { id: string; status: string }[] };
    const ids = result.steps.map((s) => s.id).filter((id) => id.startsWith("release/convert"));
    assert.deepEqual(ids, [
      "release/convert",
      "release/convert[0]",
      "release/convert[1]",
      "release/convert[2]",
    ]);
  });

  it("momoflow check reports a path that names no step, with did you mean among the called workflow's steps", async () => {
    writeFileSync(
      join(tmp(), "ship.momoflow"),
      `${WORKFLOWS}
test "typos" {
  workflow: ship
  fail: release/bmup
  expect step release/convert[3] == failed
  expect step prepare[0] == success
}
`,
    );
    const out = await runCli(["check", "ship.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /error MF002: unknown step "bmup" in workflow "release"; did you mean "bump"\?/,
    );
    assert.match(out.stdout, /error MF002: step "release\/convert" has no instance \[3\]/);
    assert.match(out.stdout, /error MF002: step "prepare" has no instances/);
  });
  it("momoflow check counts a called fan-out's instances when the call gives its list written out, or leaves it to a default", async () => {
    writeFileSync(
      join(tmp(), "ship.momoflow"),
      `${WORKFLOWS}
workflow ship_given {
  param own: list = ["x"]
  step given {
    run: workflow convert_given(parts: ["a", "b"])
  }
  step left {
    needs: given
    run: workflow convert_given()
  }
  step mine {
    needs: left
    run: workflow convert_given(parts: own)
  }
  step each {
    needs: mine
    for_each: group in [["a"], ["b", "c"]]
    run: workflow convert_given(parts: group)
  }
}

test "instances past the lists the calls give" {
  workflow: ship_given
  expect step given/convert[1] == success
  expect step given/convert[2] == success
  expect step left/convert[3] == success
  expect step mine/convert[9] == success
  expect step each[1]/convert[8] == success
}
`,
    );
    const out = await runCli(["check", "ship.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const errors = out.stdout.split("\n").filter((line) => line.includes("error"));
    assert.deepEqual(
      errors.map((line) => line.replace(/^.*error MF/, "MF")),
      [
        'MF002: step "given/convert" has no instance [2]: it runs 2 instances, given/convert[0] to given/convert[1]',
        'MF002: step "left/convert" has no instance [3]: it runs 3 instances, left/convert[0] to left/convert[2]',
      ],
      out.stdout,
    );
  });

  it("a `/` after an instance or a field is MF002 that keeps the instance and says it calls no workflow", async () => {
    writeFileSync(
      join(tmp(), "ship.momoflow"),
      `${WORKFLOWS}
test "slash after an instance" {
  workflow: convert_all
  fail: convert[1]/build
  expect step convert[1]/build == success
  expect output convert[1]/build == "b-done"
}

test "nested" {
  workflow: ship
  expect step release/convert[0]/x == success
  expect step release/bump.x/y == success
}
`,
    );
    const out = await runCli(["check", "ship.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const instance =
      /an instance of step "convert" of workflow "convert_all" calls no workflow \(a step with `for_each` runs its own `run`\), so "convert\[1\]\/build" names no step of the run; write convert\[1\] for the instance/g;
    assert.equal(out.stdout.match(instance)?.length, 3, out.stdout);
    assert.match(
      out.stdout,
      /MF002: an instance of step "convert" of workflow "release" calls no workflow .*"release\/convert\[0\]\/x" names no step of the run; write release\/convert\[0\] for the instance/,
    );
    assert.match(
      out.stdout,
      /MF002: "release\/bump\.x" reads the output of step "bump" of workflow "release", which calls no workflow, so "release\/bump\.x\/y" names no step of the run/,
    );
    assert.doesNotMatch(out.stdout, /without "build"|MF007/, out.stdout);
  });

  it("a field after an instance in expect step is MF007 whose suggestion keeps the instance", async () => {
    writeFileSync(
      join(tmp(), "ship.momoflow"),
      `${WORKFLOWS}
test "field" {
  workflow: convert_all
  expect step convert[1].name == success
}
`,
    );
    const out = await runCli(["check", "ship.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /MF007: `expect step` compares the status of a step: write expect step convert\[1\] == success, without "name"/,
    );
  });
});
