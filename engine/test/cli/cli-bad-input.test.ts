import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { CLI, runCli, type CliOutcome } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** No stack trace: no `    at …` frame and no Node error banner. */
function assertNoStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at /m, stderr);
  assert.doesNotMatch(stderr, /node:internal|Unhandled 'error' event|EPIPE/, stderr);
}

/**
 * Runs the CLI with stdout on a pipe whose read end is closed as soon as the
 * first chunk arrives, like `momoflow … | head -1`: the rest of the output
 * meets a pipe without a reader (EPIPE).
 */
function runWithClosedStdout(args: string[], cwd: string): Promise<CliOutcome> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.once("data", (chunk) => {
    stdout += chunk;
    child.stdout.destroy();
  });
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** A workflow of `count` steps, each needing a step that does not exist: one error line each. */
function manyErrors(count: number): string {
  const steps = Array.from(
    { length: count },
    (_, i) => `  step s${i} {\n    run: "echo ${i}"\n    needs: missing${i}\n  }`,
  );
  return `workflow w {\n${steps.join("\n")}\n}\n`;
}

/** A workflow of `count` steps that each create a folder (in-process, fast). */
function manySteps(count: number): string {
  const steps = Array.from(
    { length: count },
    (_, i) => `  step s${i} {\n    run: create_directory(path: "d${i}")\n  }`,
  );
  return `workflow many {\n${steps.join("\n")}\n}\n`;
}

const paramsWorkflow = `workflow w {
  param retries: int = 1
  param names: list = ["a"]
  step show {
    run: create_file(path: "out.txt", content: "\${retries} \${names}")
  }
}
`;

describe("momoflow on bad input (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-bad-input-");

  describe("a closed output (momoflow … | head)", () => {
    it("check ends quietly with 141 (128 + SIGPIPE), without a stack trace", async () => {
      // ~1.6 MB of problems: far more than a pipe's socket buffers (~208 KB each here) hold,
      // so the write meets the closed end; 3,000 (233 KB) could slip in whole under load.
      writeFileSync(join(tmp(), "big.momoflow"), manyErrors(20_000));
      const out = await runWithClosedStdout(["check", "big.momoflow"], tmp());
      assert.match(out.stdout, /^big\.momoflow:\d+:\d+: error MF002/);
      assert.equal(out.code, 141, out.stderr);
      assertNoStackTrace(out.stderr);
    });

    it("graph --format json ends quietly with 141", async () => {
      writeFileSync(join(tmp(), "many.momoflow"), manySteps(3000));
      const out = await runWithClosedStdout(["graph", "many.momoflow", "--format", "json"], tmp());
      assert.equal(out.code, 141, out.stderr);
      assertNoStackTrace(out.stderr);
    });

    it("fmt --check ends quietly with 141", async () => {
      // Long names: the list of unformatted files (~430 KB) must overflow the pipe's
      // socket buffers (~208 KB here), or it could slip in whole before the end is closed.
      const dir = join(tmp(), "src");
      mkdirSync(dir);
      const name = "x".repeat(200);
      for (let i = 0; i < 2_000; i++)
        writeFileSync(join(dir, `${name}${i}.momoflow`), 'workflow   w{\nstep a{run:"x"}}\n');
      const out = await runWithClosedStdout(["fmt", "--check", "src"], tmp());
      assert.match(out.stdout, /^src\/x+0\.momoflow\n/);
      assert.equal(out.code, 141, out.stderr);
      assertNoStackTrace(out.stderr);
    });

    it("run --json finishes the run (nothing is left half done) and exits with its status", async () => {
      writeFileSync(join(tmp(), "many.momoflow"), manySteps(800));
      const work = join(tmp(), "work");
      const out = await runWithClosedStdout(
        ["run", "many.momoflow", "--json", "--workdir", work],
        tmp(),
      );
      assert.equal(out.code, 0, out.stderr.slice(-2000));
      assertNoStackTrace(out.stderr);
      assert.ok(existsSync(join(work, "d799")), "the last step ran");
    });

    it("with a shell pipe: `momoflow check … | head -1` prints one line, no trace", () => {
      // ~1.6 MB of problems: far more than a pipe's socket buffers (~208 KB each here) hold,
      // so the write meets the closed end; 3,000 (233 KB) could slip in whole under load.
      writeFileSync(join(tmp(), "big.momoflow"), manyErrors(20_000));
      const shell = spawnSync(
        "bash",
        [
          "-c",
          `"${process.execPath}" "${CLI}" check big.momoflow 2>err.txt | head -1; echo "status \${PIPESTATUS[0]}"`,
        ],
        { cwd: tmp(), encoding: "utf8" },
      );
      const lines = shell.stdout.trim().split("\n");
      assert.equal(lines.length, 2, shell.stdout);
      assert.match(lines[0]!, /error MF002/);
      assert.equal(lines[1], "status 141");
      assertNoStackTrace(readFileSync(join(tmp(), "err.txt"), "utf8"));
    });
  });

  describe("a file that is not UTF-8", () => {
    const latin1 = Buffer.concat([
      Buffer.from('workflow w {\n  step a {\n    run: "caf'),
      Buffer.from([0xe9]),
      Buffer.from('"\n  }\n}\n'),
    ]);

    it("fmt reports it with the byte offset, exits 2 and leaves the bytes as they are", async () => {
      const file = join(tmp(), "latin1.momoflow");
      writeFileSync(file, latin1);
      for (const args of [
        ["fmt", "latin1.momoflow"],
        ["fmt", "--check", "latin1.momoflow"],
      ]) {
        const out = await runCli(args, tmp());
        assert.equal(out.code, 2, out.stderr);
        assert.equal(
          out.stderr,
          "latin1.momoflow: not valid UTF-8 (byte offset 37); not formatted\n",
        );
        assert.equal(out.stdout, "");
        assert.deepEqual(readFileSync(file), latin1, "the file is unchanged");
      }
    });

    it("fmt still formats the other files it was given", async () => {
      writeFileSync(join(tmp(), "latin1.momoflow"), latin1);
      writeFileSync(join(tmp(), "plain.momoflow"), 'workflow   w{\nstep a{run:"x"}}\n');
      const out = await runCli(["fmt", "."], tmp());
      assert.equal(out.code, 2);
      assert.match(out.stdout, /^formatted plain\.momoflow$/m);
      assert.notEqual(readFileSync(join(tmp(), "plain.momoflow"), "utf8"), "workflow   w{\n");
    });

    it("check reports it as one MF013 instead of checking replacement characters", async () => {
      writeFileSync(join(tmp(), "latin1.momoflow"), latin1);
      const out = await runCli(["check", "latin1.momoflow"], tmp());
      assert.equal(out.code, 1);
      assert.equal(
        out.stdout,
        "latin1.momoflow:1:1: error MF013: not valid UTF-8 (byte offset 37); not checked\n",
      );
    });
  });

  describe("a file larger than 16 MB", () => {
    it("is not read: check reports one MF013, run runs nothing (exit 2), fmt leaves it", async () => {
      const file = join(tmp(), "huge.momoflow");
      writeFileSync(file, 'workflow w {\n  step a {\n    run: "touch ran"\n  }\n}\n');
      truncateSync(file, 16 * 1024 * 1024 + 1); // NUL padding past the limit
      const check = await runCli(["check", "huge.momoflow"], tmp());
      assert.equal(check.code, 1);
      assert.equal(
        check.stdout,
        `huge.momoflow:1:1: error MF013: file larger than 16 MB: ${file}\n`,
      );
      const run = await runCli(["run", "huge.momoflow"], tmp());
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.ok(!existsSync(join(tmp(), "ran")), "nothing ran");
      const fmt = await runCli(["fmt", "huge.momoflow"], tmp());
      assert.equal(fmt.code, 2);
      assert.equal(statSync(file).size, 16 * 1024 * 1024 + 1, "the file is unchanged");
    });
  });

  describe("--param", () => {
    for (const [setting, min, value] of [
      ["concurrency", 1, "0"],
      ["retries", 0, "-1"],
      ["max_parallel", 1, "0"],
    ] as const) {
      it(`a --param that puts ${setting} below ${min}: exit 2 naming the setting, nothing runs`, async () => {
        const where = setting === "concurrency" ? "workflow" : "step";
        const fanOut = setting === "max_parallel" ? "for_each: x in [1]\n    " : "";
        writeFileSync(
          join(tmp(), "bounds.momoflow"),
          `workflow w {
  param n: int = ${min}
  ${where === "workflow" ? `${setting}: n\n  ` : ""}step s {
    ${fanOut}run: create_file(path: "out.txt", content: "ran")
    ${where === "step" ? `${setting}: n` : ""}
  }
}
`,
        );
        const ok = await runCli(["run", "bounds.momoflow", "--workdir", "ok"], tmp());
        assert.equal(ok.code, 0, ok.stdout + ok.stderr);
        const work = join(tmp(), "work");
        const out = await runCli(
          ["run", "bounds.momoflow", "--workdir", work, "--param", `n=${value}`],
          tmp(),
        );
        assert.equal(out.code, 2, out.stdout + out.stderr);
        assert.match(
          out.stderr,
          new RegExp(
            `bounds\\.momoflow:\\d+:\\d+: ${setting} must be a whole number of at least ${min}, not ${value}`,
          ),
        );
        assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
        assert.ok(!existsSync(join(work, ".momoflow")), "no run was recorded");
      });
    }

    for (const [setting, where] of [
      ["timeout", "workflow"],
      ["timeout", "step"],
      ["rollback_timeout", "step"],
    ] as const) {
      it(`a --param that makes a ${where}'s ${setting} 0s: exit 2 naming the setting, nothing runs`, async () => {
        writeFileSync(
          join(tmp(), "deadline.momoflow"),
          `workflow w {
  param t: duration = 5s
  ${where === "workflow" ? `${setting}: t\n  ` : ""}step s {
    run: create_file(path: "out.txt", content: "ran")
    ${where === "step" ? `${setting}: t` : ""}
  }
}
`,
        );
        const work = join(tmp(), "work");
        const out = await runCli(
          ["run", "deadline.momoflow", "--workdir", work, "--param", "t=0s"],
          tmp(),
        );
        assert.equal(out.code, 2, out.stdout + out.stderr);
        const owner = where === "workflow" ? "workflow `w`" : "step `s`";
        assert.match(
          out.stderr,
          new RegExp(
            `deadline\\.momoflow:\\d+:\\d+: ${setting} of ${owner} must be positive, not 0s`,
          ),
        );
        assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
        assert.ok(!existsSync(join(work, ".momoflow")), "no run was recorded");
      });
    }

    for (const setting of ["timeout", "rollback_timeout"] as const) {
      const file = `command slow(limit: duration) {
  run: create_file(path: "out.txt", content: "ran")
  ${setting}: limit
}

workflow w {
  param t: duration = 5s
  step s {
    run: slow(limit: t)
  }
}
`;
      it(`a command's ${setting} from its own param, which a --param makes 0s: exit 2 naming the step and the setting, nothing runs`, async () => {
        writeFileSync(join(tmp(), "deadline.momoflow"), file);
        const work = join(tmp(), "work");
        const out = await runCli(
          ["run", "deadline.momoflow", "--workdir", work, "--param", "t=0s"],
          tmp(),
        );
        assert.equal(out.code, 2, out.stdout + out.stderr);
        assert.match(
          out.stderr,
          new RegExp(
            `deadline\\.momoflow:9:10: ${setting} of step \`s\` \\(command \`slow\`'s\\) must be positive, not 0s`,
          ),
        );
        assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
        assert.ok(!existsSync(join(work, ".momoflow")), "no run was recorded");
      });

      it(`a command's ${setting} from its own param, given a positive value: the step runs`, async () => {
        writeFileSync(join(tmp(), "deadline.momoflow"), file);
        const work = join(tmp(), "work");
        const out = await runCli(["run", "deadline.momoflow", "--workdir", work], tmp());
        assert.equal(out.code, 0, out.stdout + out.stderr);
        assert.equal(readFileSync(join(work, "out.txt"), "utf8"), "ran");
      });
    }

    for (const name of ["__proto__", "constructor", "prototype", "toString"]) {
      it(`--param ${name}=1 is an unknown param: exit 2, nothing runs`, async () => {
        writeFileSync(join(tmp(), "p.momoflow"), paramsWorkflow);
        const work = join(tmp(), "work");
        const out = await runCli(
          ["run", "p.momoflow", "--workdir", work, "--param", `${name}=1`],
          tmp(),
        );
        assert.equal(out.code, 2, out.stderr);
        assert.equal(
          out.stderr,
          `momoflow: workflow \`w\` has no param \`${name}\` (its params: retries, names)\n`,
        );
        assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
      });
    }

    it("a param given twice is refused, whichever value was meant: exit 2, nothing runs", async () => {
      writeFileSync(join(tmp(), "p.momoflow"), paramsWorkflow);
      const work = join(tmp(), "work");
      const out = await runCli(
        ["run", "p.momoflow", "--workdir", work, "--param", "retries=1", "--param", "retries=2"],
        tmp(),
      );
      assert.equal(out.code, 2, out.stderr);
      assert.equal(out.stderr, "momoflow: --param retries is given twice: give it once\n");
      assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
    });

    it("an empty --workdir and a --concurrency beyond a safe integer are refused: exit 2, nothing runs", async () => {
      writeFileSync(join(tmp(), "p.momoflow"), paramsWorkflow);
      const empty = await runCli(["run", "p.momoflow", "--workdir="], tmp());
      assert.equal(empty.code, 2, empty.stderr);
      assert.equal(empty.stderr, "momoflow: --workdir: expected a folder, got an empty value\n");
      const huge = await runCli(
        ["run", "p.momoflow", "--concurrency", "99999999999999999999"],
        tmp(),
      );
      assert.equal(huge.code, 2, huge.stderr);
      assert.match(huge.stderr, /--concurrency 99999999999999999999: expected a whole number/);
      assert.ok(!existsSync(join(tmp(), "out.txt")) && !existsSync(join(tmp(), ".momoflow")));
    });

    it("bench --out into a folder that is not there is refused before anything is measured", async () => {
      const out = await runCli(["bench", "--quick", "--out", "no/such/dir/report.json"], tmp());
      assert.equal(out.code, 2, out.stderr);
      // The whole of stderr: not one progress line of a benchmark came before it.
      assert.equal(
        out.stderr,
        `momoflow: --out no/such/dir/report.json: there is no folder ${join(tmp(), "no/such/dir")}\n`,
      );
      assert.ok(!existsSync(join(tmp(), ".momoflow", "bench")), "no report was saved");
    });

    it("bench --out naming a read-only file is refused before anything is measured; the file stays", async () => {
      const kept = join(tmp(), "kept.json");
      writeFileSync(kept, "mine\n");
      chmodSync(kept, 0o444);
      const out = await runCli(["bench", "--quick", "--out", "kept.json"], tmp());
      assert.equal(out.code, 2, out.stderr);
      assert.equal(
        out.stderr,
        "momoflow: --out kept.json: the file is read-only (no one may write it): not replaced\n",
      );
      assert.equal(readFileSync(kept, "utf8"), "mine\n");
      assert.ok(!existsSync(join(tmp(), ".momoflow", "bench")), "no report was saved");
    });

    it("an unknown param close to a declared one gets a did-you-mean", async () => {
      writeFileSync(join(tmp(), "p.momoflow"), paramsWorkflow);
      const out = await runCli(["run", "p.momoflow", "--param", "retires=3"], tmp());
      assert.equal(out.code, 2);
      assert.match(out.stderr, /has no param `retires`; did you mean `retries`\?/);
    });

    it("an int beyond 2^53 - 1 is refused with the param's name and the limit", async () => {
      writeFileSync(join(tmp(), "p.momoflow"), paramsWorkflow);
      const work = join(tmp(), "work");
      const out = await runCli(
        ["run", "p.momoflow", "--workdir", work, "--param", "retries=9007199254740993"],
        tmp(),
      );
      assert.equal(out.code, 2, out.stderr);
      assert.match(
        out.stderr,
        /--param retries: expected an int between -9007199254740991 and 9007199254740991 \(2\^53 - 1\), got "9007199254740993": a `number` param keeps a larger one's digits \(a 64-bit id\) \(declared `retries: int`\)/,
      );
      assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
    });

    it("the largest safe int is accepted exactly", async () => {
      writeFileSync(join(tmp(), "p.momoflow"), paramsWorkflow);
      const work = join(tmp(), "work");
      const out = await runCli(
        ["run", "p.momoflow", "--workdir", work, "--param", "retries=9007199254740991"],
        tmp(),
      );
      assert.equal(out.code, 0, out.stderr);
      assert.equal(readFileSync(join(work, "out.txt"), "utf8"), "9007199254740991 a");
    });

    for (const value of ["[1,2", '{"a": 1}', "[1,]"]) {
      it(`a malformed list (${value}) is refused with the param's name and type`, async () => {
        writeFileSync(join(tmp(), "p.momoflow"), paramsWorkflow);
        const work = join(tmp(), "work");
        const out = await runCli(
          ["run", "p.momoflow", "--workdir", work, "--param", `names=${value}`],
          tmp(),
        );
        assert.equal(out.code, 2, out.stderr);
        assert.match(out.stderr, /^momoflow: .*--param names: expected a list: a JSON array/);
        assert.match(out.stderr, /\(declared `names: list`\)\n$/);
        assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
      });
    }

    it("an empty path (--param out=) is refused with the param's name and type, and nothing runs", async () => {
      writeFileSync(
        join(tmp(), "path.momoflow"),
        `workflow w {
  param out: path = "out.txt"
  step first {
    run: create_file(path: "first.txt", content: "1")
  }
  step write {
    needs: first
    run: create_file(path: out, content: "x")
  }
}
`,
      );
      const work = join(tmp(), "work-path");
      const out = await runCli(
        ["run", "path.momoflow", "--workdir", work, "--param", "out="],
        tmp(),
      );
      assert.equal(out.code, 2, out.stdout + out.stderr);
      assert.match(
        out.stderr,
        /--param out: expected a path \(a non-empty string\), got "" \(declared `out: path`\)\n$/,
      );
      assert.ok(!existsSync(join(work, "first.txt")), "nothing ran");
    });

    it("a size that is not a whole number of bytes (1.3B, 0.1KB) is refused naming the param; 1.5KB is 1536 bytes", async () => {
      writeFileSync(
        join(tmp(), "size.momoflow"),
        `workflow w {
  param z: size = 1KB
  step show {
    run: create_file(path: "out.txt", content: "\${z}")
  }
}
`,
      );
      for (const [value, bytes] of [
        ["1.3B", "1.3"],
        ["0.1KB", "102.4"],
      ]) {
        const work = join(tmp(), `work-${value}`);
        const out = await runCli(
          ["run", "size.momoflow", "--workdir", work, "--param", `z=${value}`],
          tmp(),
        );
        assert.equal(out.code, 2, out.stdout + out.stderr);
        assert.ok(
          out.stderr.endsWith(
            `--param z: expected a whole number of bytes, got "${value}" (${bytes} bytes) (declared \`z: size\`)\n`,
          ),
          out.stderr,
        );
        assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
      }
      const work = join(tmp(), "work-whole");
      const ok = await runCli(
        ["run", "size.momoflow", "--workdir", work, "--param", "z=1.5KB", "--json"],
        tmp(),
      );
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    });

    it("every missing and every invalid param is reported in one error: exit 2, nothing runs", async () => {
      writeFileSync(
        join(tmp(), "many.momoflow"),
        `workflow w {
  param region: string
  param count: int
  param zones: list = ["a"]
  param token: secret
  step show {
    run: create_file(path: "out.txt", content: "\${region} \${count} \${zones}")
  }
}
`,
      );
      const work = join(tmp(), "work-many");
      const out = await runCli(
        [
          "run",
          "many.momoflow",
          "--workdir",
          work,
          "--param",
          "zones=[1,",
          "--param",
          "colour=red",
        ],
        tmp(),
      );
      assert.equal(out.code, 2, out.stdout + out.stderr);
      // As \`momoflow check\` names it: relative to the current folder.
      const file = "many.momoflow";
      assert.equal(
        out.stderr,
        [
          "momoflow: 5 params of workflow `w` are wrong:",
          "  workflow `w` has no param `colour` (its params: region, count, zones, token)",
          `  ${file}:2:9: param \`region: string\` of workflow \`w\` is required: give it with --param region=...`,
          `  ${file}:3:9: param \`count: int\` of workflow \`w\` is required: give it with --param count=...`,
          `  ${file}:4:9: --param zones: expected a list: a JSON array like ["a", "b"], or comma-separated values, got "[1," (declared \`zones: list\`)`,
          `  ${file}:5:9: param \`token: secret\` of workflow \`w\` is required: give it with --param token=... or the environment variable MOMOFLOW_PARAM_TOKEN`,
          "",
        ].join("\n"),
      );
      assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
    });

    for (const value of ["0x10", "0b101", "0o17"]) {
      it(`a number written in another base (${value}) is refused, not read as a different number`, async () => {
        writeFileSync(
          join(tmp(), "ratio.momoflow"),
          `workflow w {\n  param ratio: number = 1.5\n  step show {\n    run: create_file(path: "out.txt", content: "\${ratio}")\n  }\n}\n`,
        );
        const work = join(tmp(), "work-ratio");
        const out = await runCli(
          ["run", "ratio.momoflow", "--workdir", work, "--param", `ratio=${value}`],
          tmp(),
        );
        assert.equal(out.code, 2, out.stdout + out.stderr);
        assert.match(
          out.stderr,
          new RegExp(
            `--param ratio: expected a number, got "${value}" \\(declared \`ratio: number\`\\)\n$`,
          ),
        );
        assert.ok(!existsSync(join(work, "out.txt")), "nothing ran");
      });
    }

    it("a JSON value nested more than 64 deep is refused, as in a file, and 64 deep is taken", async () => {
      // Deeper, a step reading it failed with "Maximum call stack size exceeded", saying nothing of where.
      writeFileSync(
        join(tmp(), "deep.momoflow"),
        `workflow w {\n  param m: any = 1\n  step show {\n    run: create_file(path: "out.txt", content: "\${m}")\n  }\n}\n`,
      );
      const deep = (levels: number): string => "[".repeat(levels) + "]".repeat(levels);
      const refused = await runCli(
        ["run", "deep.momoflow", "--workdir", join(tmp(), "w1"), "--param", `m=${deep(20_000)}`],
        tmp(),
      );
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      assert.match(
        refused.stderr,
        /--param m: expected a value nested at most 64 deep, as in a \.momoflow file, got one nested 20000 deep \(declared `m: any`\)\n$/,
      );
      assert.ok(!existsSync(join(tmp(), "w1", "out.txt")), "nothing ran");
      const taken = await runCli(
        ["run", "deep.momoflow", "--workdir", join(tmp(), "w2"), "--param", `m=${deep(64)}`],
        tmp(),
      );
      assert.equal(taken.code, 0, taken.stdout + taken.stderr);
    });

    it("comma-separated and JSON lists still work", async () => {
      writeFileSync(join(tmp(), "p.momoflow"), paramsWorkflow);
      for (const [value, shown] of [
        ["x, y", "1 x y"],
        ['["p", "q"]', "1 p q"],
      ] as const) {
        const work = join(tmp(), `work-${shown.length}-${value.length}`);
        const out = await runCli(
          ["run", "p.momoflow", "--workdir", work, "--param", `names=${value}`],
          tmp(),
        );
        assert.equal(out.code, 0, out.stderr);
        assert.equal(readFileSync(join(work, "out.txt"), "utf8"), shown);
      }
    });
  });

  describe("rollback of a run record that cannot be read", () => {
    const journalOf = (version: number): string =>
      JSON.stringify({
        type: "run_started",
        v: version,
        time: 1,
        runId: "r1",
        workflow: { id: "w", name: "w", version: "1.0.0" },
        workdir: "/tmp",
        pid: 1,
        concurrency: 1,
        rollbackOnFailure: true,
        steps: [],
      }) + "\n";

    for (const [what, text, message] of [
      [
        "a damaged journal (no valid run_started)",
        'garbage\n{"type":"step_started"\n',
        /^momoflow: run journal .*journal\.jsonl has no run_started event \(line 1 is not valid JSON/,
      ],
      [
        "a journal of a newer format version",
        journalOf(2),
        /^momoflow: run journal .*journal\.jsonl has format version 2; this momoflow reads version 1\n$/,
      ],
    ] as const) {
      it(`${what}: exit 2 and one sentence`, async () => {
        const run = join(tmp(), "run");
        mkdirSync(run);
        writeFileSync(join(run, "journal.jsonl"), text);
        const out = await runCli(["rollback", run], tmp());
        assert.equal(out.code, 2, out.stderr);
        assert.match(out.stderr, message);
        assert.equal(out.stderr.trim().split("\n").length, 1, out.stderr);
        assertNoStackTrace(out.stderr);
        assert.equal(readFileSync(join(run, "journal.jsonl"), "utf8"), text, "left as it is");
      });
    }
  });

  it("fmt of a read-only file: exit 2, one sentence without Node's words, the file as it was", async () => {
    const file = join(tmp(), "ro.momoflow");
    const text = 'workflow   w {\nstep a {\nrun: "echo"\n}\n}\n';
    writeFileSync(file, text);
    chmodSync(file, 0o444);
    const out = await runCli(["fmt", "ro.momoflow"], tmp());
    assert.equal(out.code, 2, out.stderr);
    assert.equal(
      out.stderr,
      "ro.momoflow: could not be written (permission denied: the file or its folder is read-only); left as it was\n",
    );
    assert.equal(readFileSync(file, "utf8"), text);
    assert.deepEqual(readdirSync(tmp()), ["ro.momoflow"], "no temporary file left");
  });

  describe("graph of a file that cannot be graphed", () => {
    for (const [what, make, message] of [
      ["a missing file", () => undefined, /MF013: file not found: /],
      [
        "a file not UTF-8",
        (path: string) => writeFileSync(path, Buffer.from([0xff, 0x00])),
        /MF013: not valid UTF-8/,
      ],
      ["a folder", (path: string) => mkdirSync(path), /MF013: a folder, not a file: /],
    ] as const) {
      it(`${what}: exit 2, its MF013 and one sentence, not "declares 0 workflows ()"`, async () => {
        make(join(tmp(), "g.momoflow"));
        const out = await runCli(["graph", "g.momoflow", "--format", "dot"], tmp());
        assert.equal(out.code, 2, out.stderr);
        assert.equal(out.stdout, "");
        assert.match(out.stderr, message);
        assert.match(out.stderr, /^momoflow: g\.momoflow has 1 error; no graph was made$/m);
        assert.doesNotMatch(out.stderr, /declares 0 workflows/);
        assertNoStackTrace(out.stderr);
      });
    }

    it("an empty file: exit 2, it declares no workflow", async () => {
      writeFileSync(join(tmp(), "g.momoflow"), "");
      const out = await runCli(["graph", "g.momoflow"], tmp());
      assert.equal(out.code, 2, out.stderr);
      assert.equal(out.stderr, "momoflow: g.momoflow declares no workflow\n");
    });

    it("run of a folder says it is a folder, not that it is missing", async () => {
      mkdirSync(join(tmp(), "d.momoflow"));
      const out = await runCli(["run", "d.momoflow"], tmp());
      assert.equal(out.code, 2, out.stderr);
      assert.match(out.stderr, /MF013: a folder, not a file: .*d\.momoflow/);
    });
  });

  describe("test on a file with errors", () => {
    it("a file that does not parse: its errors are printed and the exit code is 2", async () => {
      writeFileSync(
        join(tmp(), "broken.momoflow"),
        'workflow w {\n  step a {\n    run:\n\ntest "t" {\n  workflow: w\n}\n',
      );
      const out = await runCli(["test", "broken.momoflow"], tmp());
      assert.equal(out.code, 2, out.stdout + out.stderr);
      assert.match(out.stderr, /^broken\.momoflow:\d+:\d+: error MF001: /m);
      assert.match(out.stdout, /0 passed, 0 failed; 1 file with errors not run\n$/);
    });

    it("a file with a checker error and no test left: still exit 2", async () => {
      writeFileSync(
        join(tmp(), "unknown.momoflow"),
        'workflow w {\n  step a {\n    run: "x"\n    needs: nowhere\n  }\n}\n',
      );
      const out = await runCli(["test", "unknown.momoflow", "--json"], tmp());
      assert.equal(out.code, 2);
      assert.match(out.stderr, /unknown\.momoflow:4:12: error MF002: unknown step "nowhere"/);
      // The report names the error too: a program reading it is not left with an empty pass.
      const report = JSON.parse(out.stdout) as { tests: unknown[]; errors: { code: string }[] };
      assert.deepEqual(report.tests, []);
      assert.deepEqual(
        report.errors.map((e) => e.code),
        ["MF002"],
      );
    });
  });

  describe("imports", () => {
    for (const [path, message] of [
      ["/etc/passwd", 'import paths are relative to the importing file: "/etc/passwd" is absolute'],
      [
        "/tmp/elsewhere.momoflow",
        'import paths are relative to the importing file: "/tmp/elsewhere.momoflow" is absolute',
      ],
      ["./notes.txt", 'imports name .momoflow files: "./notes.txt" is not one'],
    ] as const) {
      it(`import "${path}" is MF013 on the path`, async () => {
        writeFileSync(join(tmp(), "notes.txt"), 'workflow stolen { step s { run: "x" } }\n');
        writeFileSync(
          join(tmp(), "main.momoflow"),
          `import "${path}"\nworkflow w {\n  step a {\n    run: "x"\n  }\n}\n`,
        );
        const out = await runCli(["check", "main.momoflow"], tmp());
        assert.equal(out.code, 1);
        assert.equal(out.stdout, `main.momoflow:1:8: error MF013: ${message}\n`);
      });
    }

    it("a relative .momoflow import, also from a parent folder, still works", async () => {
      mkdirSync(join(tmp(), "app"));
      writeFileSync(join(tmp(), "common.momoflow"), 'command hello {\n  run: "echo hello"\n}\n');
      writeFileSync(
        join(tmp(), "app", "main.momoflow"),
        'import "../common.momoflow"\nworkflow w {\n  step a {\n    run: hello()\n  }\n}\n',
      );
      const out = await runCli(["check", "app"], tmp());
      assert.equal(out.code, 0, out.stdout);
      assert.equal(out.stdout, "");
    });

    it("an import of a file with errors is MF013: check says so, and run and test run nothing of it", async () => {
      mkdirSync(join(tmp(), "lib"));
      writeFileSync(
        join(tmp(), "lib", "release.momoflow"),
        'workflow release {\n  step bump {\n    run: "echo bump >> order.txt"\n    retires: 3\n  }\n}\n',
      );
      writeFileSync(
        join(tmp(), "main.momoflow"),
        'import "./lib/release.momoflow"\nworkflow ship {\n  step go {\n    run: workflow release()\n  }\n}\n' +
          'test "ships" {\n  workflow: ship\n  expect status == success\n}\n',
      );
      const expected =
        'main.momoflow:1:8: error MF013: lib/release.momoflow has an error, so nothing it declares can run (4:5: MF009 unknown property "retires" of a step; did you mean "retries"?';
      const check = await runCli(["check", "main.momoflow"], tmp());
      assert.equal(check.code, 1, check.stdout + check.stderr);
      assert.ok(check.stdout.startsWith(expected), check.stdout);
      const run = await runCli(["run", "main.momoflow"], tmp());
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.ok(run.stderr.includes(expected), run.stderr);
      const test = await runCli(["test", "main.momoflow"], tmp());
      assert.equal(test.code, 2, test.stdout + test.stderr);
      assert.equal(existsSync(join(tmp(), "order.txt")), false, "no step of the release ran");
    });
  });

  it("--workflow naming no workflow of the file: exit 2, did you mean the nearest, for run, rollback and graph alike", async () => {
    writeFileSync(
      join(tmp(), "two.momoflow"),
      'workflow deploy {\n  step a { run: "true" rollback: none }\n}\nworkflow other {\n  step z { run: "true" rollback: none }\n}\n',
    );
    for (const [command, known] of [
      ["run", "it has: deploy, other"],
      ["rollback", "it has: deploy, other"],
      ["graph", "its workflows: deploy, other"],
    ]) {
      const out = await runCli([command!, "two.momoflow", "--workflow", "deplyo"], tmp());
      assert.equal(out.code, 2, out.stdout + out.stderr);
      assert.ok(
        out.stderr.includes(
          `two.momoflow has no workflow \`deplyo\`; did you mean \`deploy\`? (${known})`,
        ),
        out.stderr,
      );
    }
  });
});
