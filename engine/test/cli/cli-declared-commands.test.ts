import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * Declared commands: a long chain of them runs, a loop is refused by check
 * and run alike, and an argument only known during the run is held to its
 * parameter's type.
 */
describe("momoflow: declared commands", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-declared-commands-");

  /** `c0` calls `c1` … calls `c<depth>`, which appends to order.txt; its undo appends too. */
  function chain(depth: number): string {
    const links = Array.from(
      { length: depth },
      (_, i) => `command c${i}(word: string) {\n  run: c${i + 1}(word: word)\n}\n`,
    );
    return `${links.join("")}command c${depth}(word: string) {
  run: "echo \${word} >> order.txt"
  rollback: "echo undo-\${word} >> order.txt"
}
`;
  }

  function order(): string[] {
    return readFileSync(join(tmp(), "order.txt"), "utf8").trim().split("\n");
  }

  it("runs and undoes a chain of 40 commands, which check accepts (only a command reached again is a loop)", async () => {
    writeFileSync(
      join(tmp(), "chain.momoflow"),
      `${chain(40)}
workflow deep {
  step s {
    run: c0(word: "bottom")
  }
  step fail {
    needs: s
    run: "exit 3"
  }
}
`,
    );
    const check = await runCli(["check", "chain.momoflow"], tmp());
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const run = await runCli(["run", "chain.momoflow"], tmp());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /loop/);
    // The step ran through all 40 and its undo (c40's rollback, reached the same way) ran once.
    assert.deepEqual(order(), ["bottom", "undo-bottom"]);
  });

  it("refuses commands whose run leads back to them: MF043 in check, and run stops before any step", async () => {
    writeFileSync(
      join(tmp(), "loop.momoflow"),
      `command deploy(target: string) {
  run: push(target: target)
}

command push(target: string) {
  run: deploy(target: target)
}

workflow ship {
  step first {
    run: "echo first >> order.txt"
  }
  step go {
    needs: first
    run: deploy(target: "prod")
  }
}
`,
    );
    const check = await runCli(["check", "loop.momoflow"], tmp());
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.match(check.stdout, /MF043: commands call each other in a loop: deploy → push → deploy/);
    assert.match(check.stdout, /MF043: commands call each other in a loop: push → deploy → push/);
    const run = await runCli(["run", "loop.momoflow"], tmp());
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /MF043/);
    assert.throws(() => readFileSync(join(tmp(), "order.txt")), /ENOENT/);
  });

  it("holds an argument only known during the run to its parameter's type; text that reads as the type passes as it is", async () => {
    writeFileSync(
      join(tmp(), "typed.momoflow"),
      `command say(p: string, n: int, d: duration) {
  run: "echo \${p} \${n} \${d} >> order.txt"
}

workflow w {
  step j {
    output: json
    run: "echo '{\\"xs\\": [1, 2], \\"n\\": \\"7\\", \\"d\\": \\"2s\\"}'"
  }
  step fits {
    needs: j
    run: say(p: "text", n: steps.j.output.n, d: steps.j.output.d)
  }
  step list {
    needs: fits
    run: say(p: steps.j.output.xs, n: 1, d: 1s)
  }
}
`,
    );
    const check = await runCli(["check", "typed.momoflow"], tmp());
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const run = await runCli(["run", "typed.momoflow", "--json"], tmp());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const steps = (
      JSON.parse(run.stdout) as { steps: { id: string; status: string; error?: string }[] }
    ).steps;
    const list = steps.find((s) => s.id === "list")!;
    assert.equal(list.status, "failed");
    assert.match(
      list.error ?? "",
      /typed\.momoflow:16:17: argument "p" of command `say` must be a string, got a list \(declared `p: string`\)/,
    );
    // "7" and "2s" passed as they were given; the list never reached the shell.
    assert.deepEqual(order(), ["text 7 2s"]);
  });

  it("reports in check (MF008, at the argument) a step output given to a param the command's own timeout reads, which run refuses", async () => {
    writeFileSync(
      join(tmp(), "slow.momoflow"),
      `command slow(limit: duration, note: string = "x") {
  run: "sleep 0.1; echo \${note}"
  timeout: limit
}

workflow main {
  step a {
    run: "echo 5s"
  }
  step b {
    needs: [a]
    run: slow(limit: steps.a.output, note: steps.a.output)
  }
  step c {
    needs: [a]
    run: slow(limit: 1s, note: steps.a.output)
  }
  step d {
    needs: [a]
    run: slow(limit: steps.a.output)
    timeout: 5s
  }
  step e {
    for_each: t in ["1s", "2s"]
    run: slow(limit: t)
  }
}
`,
    );
    const check = await runCli(["check", "slow.momoflow"], tmp());
    assert.equal(check.code, 1, check.stdout + check.stderr);
    const lines = check.stdout.trim().split("\n");
    assert.deepEqual(
      lines.filter((l) => l.includes("MF008")),
      [
        "slow.momoflow:12:22: error MF008: `steps.a.output` is only known during the run, but command `slow` reads `limit` in its `timeout`, " +
          'which step "b" needs before it starts: give `limit` a value known before the run (a literal, a param or a var), or give step "b" a `timeout` of its own',
        "slow.momoflow:25:22: error MF008: `t` is only known during the run, but command `slow` reads `limit` in its `timeout`, " +
          'which step "e" needs before it starts: give `limit` a value known before the run (a literal, a param or a var), or give step "e" a `timeout` of its own',
      ],
    );
    assert.equal(lines.length, 2, check.stdout);
    assert.match(check.stderr, /^2 errors in 1 file/);
    const run = await runCli(["run", "slow.momoflow"], tmp());
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /MF008: `steps\.a\.output` is only known during the run, but command `slow`/,
    );
  });
});
