import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli as startSupportCli, journalText, waitFor } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { filesHolding } from "../support/files-holding";
import { runDirOf } from "../support/run-record-files";
import {
  callSecretWorkflows,
  DYNAMIC_KEY,
  terminalFromCall,
} from "../support/call-secret-workflows";

/**
 * Secrets through the real CLI: `${env.NAME}` and `secret` params never reach
 * the run record (undo recipes keep references, resolved when the undo runs),
 * and a secret's value is `***` in the terminal and the record.
 */
const TOKEN = "TOKEN-VALUE-7f3a9c";
const SECRET = "SECRET-PARAM-91be04";

/** The CLI without the variables the tests set or expect unset (CI machines set CI themselves). */
function startCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return startSupportCli(args, cwd, {
    TOKEN: undefined,
    MOMOFLOW_PARAM_API_KEY: undefined,
    ...env,
  });
}

const WORKFLOW = `workflow deploy {
  param api_key: secret
  param token: secret = env.TOKEN
  step login {
    run: "echo logged in with \${api_key} and \${token}"
    rollback: "echo \\"undo \${env.TOKEN} \${api_key}\\" >> undo.log"
  }
  step place {
    needs: login
    run: create_file(path: "\${env.TOKEN}.txt", content: "placed")
  }
  step publish {
    needs: place
    run: "echo 'Authorization: \${env.TOKEN}' >&2; echo key \${api_key} >&2; exit 3"
  }
}
`;

describe("CLI: secrets stay out of the record", function () {
  this.timeout(30_000);
  const dir = useTempDir("momoflow-secrets-");

  it("a run using ${env.TOKEN} and a secret param writes neither value under .momoflow/, and its undo still uses both", async () => {
    writeFileSync(join(dir(), "deploy.momoflow"), WORKFLOW);
    const { done } = startCli(["run", "deploy.momoflow", "--param", `api_key=${SECRET}`], dir(), {
      TOKEN,
    });
    const run = await done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), TOKEN), []);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), SECRET), []);
    // The live rollback resolved the references from memory: both values reached the undo.
    assert.equal(readFileSync(join(dir(), "undo.log"), "utf8"), `undo ${TOKEN} ${SECRET}\n`);
    assert.equal(existsSync(join(dir(), `${TOKEN}.txt`)), false, "create_file was undone");
    // The terminal shows *** for the secret (also inside the failed step's stderr).
    assert.ok(!(run.stdout + run.stderr).includes(SECRET));
    assert.ok(!(run.stdout + run.stderr).includes(TOKEN));
    assert.match(run.stdout, /key \*\*\*/);
    const journal = journalText(dir());
    assert.match(journal, /"\$ref":"env\.TOKEN"/);
    assert.match(journal, /"variables":\{"api_key":"\*\*\*","token":"\*\*\*"\}/);
  });

  it("a step echoing the secret shows *** in the terminal (--json result) and in the recorded output", async () => {
    writeFileSync(
      join(dir(), "echo.momoflow"),
      `workflow echo {\n  param api_key: secret\n  step say {\n    run: "echo the key is \${api_key}"\n  }\n}\n`,
    );
    const { done } = startCli(["run", "echo.momoflow", "--json"], dir(), {
      MOMOFLOW_PARAM_API_KEY: SECRET,
    });
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { steps: { output: string }[] };
    assert.equal(result.steps[0]!.output, "the key is ***");
    assert.ok(!(run.stdout + run.stderr).includes(SECRET));
    assert.match(journalText(dir()), /"output":"the key is \*\*\*"/);
    // The live line and the step's log file are masked too.
    assert.match(run.stderr, /say \| the key is \*\*\*$/m);
    const runDir = runDirOf(dir());
    assert.equal(readFileSync(join(runDir, "logs", "say.log"), "utf8"), "the key is ***\n");
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), SECRET), []);
  });

  it("after SIGKILL, rollback reads TOKEN and the secret from its own environment; without them the undo is rollback_failed, naming what is missing", async () => {
    writeFileSync(
      join(dir(), "slow.momoflow"),
      `workflow slow {
  param api_key: secret
  step login {
    run: "echo in > in.txt"
    rollback: "echo \\"undo \${env.TOKEN} \${api_key}\\" >> undo.log"
  }
  step place {
    needs: login
    run: create_file(path: "\${env.PLACE}/placed.txt", content: "placed")
  }
  step wait {
    needs: place
    run: "sleep 30"
  }
}
`,
    );
    mkdirSync(join(dir(), "place"));
    const PLACE = join(dir(), "place");
    const { child, done } = startCli(["run", "slow.momoflow"], dir(), {
      TOKEN,
      PLACE,
      MOMOFLOW_PARAM_API_KEY: SECRET,
    });
    await waitFor(() => journalText(dir()).includes('"step":"wait"'), "step wait to start");
    child.kill("SIGKILL");
    assert.equal((await done).signal, "SIGKILL");
    assert.equal(readFileSync(join(PLACE, "placed.txt"), "utf8"), "placed");
    assert.match(
      journalText(dir()),
      /"path":\{"\$text":\[\{"\$ref":"env\.PLACE"\},"\/placed\.txt"\]\}/,
    );
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), TOKEN), []);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), SECRET), []);

    const noToken = await startCli(["rollback", "slow.momoflow"], dir(), { PLACE }).done;
    assert.equal(noToken.code, 1);
    assert.match(
      noToken.stdout,
      /could not undo login: .*environment variable TOKEN, which is not set/,
    );

    const noSecret = await startCli(["rollback", "slow.momoflow"], dir(), { TOKEN, PLACE }).done;
    assert.equal(noSecret.code, 1);
    assert.match(
      noSecret.stdout,
      /secret param `api_key`.*--param api_key=.*MOMOFLOW_PARAM_API_KEY/,
    );
    assert.equal(existsSync(join(dir(), "undo.log")), false, "nothing was undone yet");

    const undone = await startCli(
      ["rollback", "slow.momoflow", "--param", `api_key=${SECRET}`],
      dir(),
      { TOKEN, PLACE },
    ).done;
    assert.equal(undone.code, 0, undone.stdout + undone.stderr);
    assert.match(undone.stdout, /rolled_back/);
    assert.equal(readFileSync(join(dir(), "undo.log"), "utf8"), `undo ${TOKEN} ${SECRET}\n`);
    // create_file's automatic undo found its path from the recorded "${env.PLACE}/placed.txt".
    assert.equal(existsSync(join(PLACE, "placed.txt")), false);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), TOKEN), []);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), SECRET), []);
  });

  it("a built-in's undo needs none of the variables its workflow's env: reads from the environment: rollback undoes it without them (a shell undo still says which is missing)", async () => {
    writeFileSync(
      join(dir(), "env.momoflow"),
      `workflow deploy {
  param token: secret = env.TOKEN
  env: { AUTH: token, REGION: env.REGION }
  step place {
    run: create_file(path: "placed.txt", content: "placed")
  }
  step announce {
    needs: place
    run: "echo announced >> ops.log"
    rollback: "echo \\"undo with $AUTH\\" >> ops.log"
  }
  step publish {
    needs: announce
    run: "exit 3"
    rollback: none
  }
}
`,
    );
    const run = await startCli(["run", "env.momoflow", "--no-rollback"], dir(), {
      TOKEN,
      REGION: "eu",
    }).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(readFileSync(join(dir(), "placed.txt"), "utf8"), "placed");

    // Neither TOKEN nor REGION in the rollback's environment: only the shell undo reads them.
    const rollback = await startSupportCli(["rollback", "env.momoflow"], dir(), {
      TOKEN: undefined,
      REGION: undefined,
    }).done;
    assert.equal(rollback.code, 1, rollback.stdout + rollback.stderr);
    assert.match(rollback.stdout, /↶ place rolled_back/);
    assert.equal(existsSync(join(dir(), "placed.txt")), false);
    assert.match(
      rollback.stdout,
      /could not undo announce: .*environment variable TOKEN, which is not set/,
    );
    assert.equal(readFileSync(join(dir(), "ops.log"), "utf8"), "announced\n");
  });

  it("rollback refuses a --param the run has no param of (a typo), naming the nearest, and undoes nothing", async () => {
    writeFileSync(
      join(dir(), "typo.momoflow"),
      `workflow typo {
  param api_key: secret
  step login {
    run: "echo logged in"
    rollback: "echo \\"undo \${api_key}\\" >> undo.log"
  }
  step publish {
    needs: login
    run: "exit 3"
  }
}
`,
    );
    const run = await startCli(
      ["run", "typo.momoflow", "--no-rollback", "--param", `api_key=${SECRET}`],
      dir(),
    ).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const typo = await startCli(
      ["rollback", "typo.momoflow", "--param", `api_kye=${SECRET}`],
      dir(),
    ).done;
    assert.equal(typo.code, 2, typo.stdout + typo.stderr);
    assert.match(
      typo.stderr,
      /the run has no param `api_kye`; did you mean `api_key`\? \(its params: api_key\); nothing was undone/,
    );
    assert.equal(existsSync(join(dir(), "undo.log")), false);
    // Given right, the same rollback undoes the step with the secret.
    const right = await startCli(
      ["rollback", "typo.momoflow", "--param", `api_key=${SECRET}`],
      dir(),
    ).done;
    assert.equal(right.code, 0, right.stdout + right.stderr);
    assert.equal(readFileSync(join(dir(), "undo.log"), "utf8"), `undo ${SECRET}\n`);
  });

  it("a failed script's message, cut at 60 characters inside a secret or an ${env.X} value, shows no part of either, also when momoflow rollback undoes it", async () => {
    // Long values past column 60: the message's excerpt of the script ends inside them.
    const token = `${TOKEN}-${"t".repeat(40)}`;
    const secret = `${SECRET}-${"s".repeat(40)}`;
    writeFileSync(
      join(dir(), "cut.momoflow"),
      `workflow cut {
  param api_key: secret
  step call {
    run: "true"
    rollback: "false -H 'Authorization: Bearer \${api_key}' -H 'X: \${env.TOKEN}'"
  }
  step get {
    run: "false -H 'Authorization: Bearer \${api_key}' -H 'X: \${env.TOKEN}'"
    continue_on_error: true
  }
  step post {
    needs: call
    run: "false -H 'X: \${env.TOKEN}' -H 'Authorization: Bearer \${api_key}'"
  }
}
`,
    );
    const env = { TOKEN: token, MOMOFLOW_PARAM_API_KEY: secret };
    const run = await startCli(["run", "cut.momoflow", "--no-rollback"], dir(), env).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /Bearer \*\*\*' -H 'X: \$\{env\.TOKEN\}'/);
    assert.match(run.stdout, /false -H 'X: \$\{env\.TOKEN\}' -H 'Authorization: Bearer \*\*\*'/);
    const rollback = await startCli(["rollback", "cut.momoflow"], dir(), env).done;
    assert.equal(rollback.code, 1, rollback.stdout + rollback.stderr);
    assert.match(rollback.stdout, /could not undo call: shell command "false .*Bearer \*\*\*'/);
    for (const part of [TOKEN, SECRET]) {
      assert.deepEqual(filesHolding(join(dir(), ".momoflow"), part), []);
      const shown = run.stdout + run.stderr + rollback.stdout + rollback.stderr;
      assert.ok(!shown.includes(part), shown);
    }
  });

  it("a secret of several lines, printed a line at a time, is *** in the terminal and the step's log", async () => {
    const secret = `-----BEGIN KEY-----\n${SECRET}\n-----END KEY-----`;
    writeFileSync(
      join(dir(), "pem.momoflow"),
      `workflow pem {
  param key: secret
  step show {
    // One write per line, apart in time: the lines arrive in separate chunks.
    run: "printf '%s\\\\n' \\"\${key}\\" | while IFS= read -r line; do printf '%s\\\\n' \\"$line\\"; sleep 0.1; done"
    rollback: none
  }
}
`,
    );
    const run = await startCli(["run", "pem.momoflow"], dir(), { MOMOFLOW_PARAM_KEY: secret }).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(!(run.stdout + run.stderr).includes(SECRET), run.stderr);
    assert.match(run.stdout + run.stderr, /show \| \*\*\*$/m);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), SECRET), []);
  });

  it("a secret printed as a number in an output: json step is *** in the record and --json, and the record's own numbers stay numbers", async () => {
    const pin = "987654321";
    writeFileSync(
      join(dir(), "pin.momoflow"),
      `workflow pin {
  param pin: secret
  step read {
    run: "echo '{\\"pin\\": '\${pin}'}'"
    output: json
    rollback: none
  }
}
`,
    );
    const run = await startCli(["run", "pin.momoflow", "--json"], dir(), {
      MOMOFLOW_PARAM_PIN: pin,
    }).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(!(run.stdout + run.stderr).includes(pin), run.stdout);
    const result = JSON.parse(run.stdout) as { steps: { output: unknown; attempts: number }[] };
    assert.deepEqual(result.steps[0]!.output, { pin: "***" });
    assert.equal(result.steps[0]!.attempts, 1);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), pin), []);
  });

  it("momoflow test shows a secret in a failed expectation as ***, in text and --json", async () => {
    writeFileSync(
      join(dir(), "expect.momoflow"),
      `workflow show {
  param token: secret = env.TOKEN
  step say {
    run: "echo \${token}"
    rollback: none
  }
}
test "the output is compared" {
  workflow: show
  expect output say == "something else"
}
`,
    );
    for (const args of [
      ["test", "expect.momoflow"],
      ["test", "expect.momoflow", "--json"],
    ]) {
      const out = await startCli(args, dir(), { TOKEN }).done;
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.ok(!(out.stdout + out.stderr).includes(TOKEN), out.stdout);
      assert.match(out.stdout, /but it was \\?"\*\*\*\\?"/);
    }
  });

  it("a secret written in the file is a warning (MF016), and the run still masks it", async () => {
    writeFileSync(
      join(dir(), "literal.momoflow"),
      `workflow literal {\n  param api_key: secret = "${SECRET}"\n  step say {\n    run: "echo \${api_key}"\n  }\n}\n`,
    );
    const check = await startCli(["check", "literal.momoflow"], dir()).done;
    assert.match(
      check.stdout + check.stderr,
      /MF016.*secret "api_key" has its value written in the file/,
    );
    const run = await startCli(["run", "literal.momoflow"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), SECRET), []);
  });

  it("a called workflow's secret param (its default read from the environment, or an argument) is *** although the caller declares no secret", async () => {
    writeFileSync(
      join(dir(), "library.momoflow"),
      `workflow publish {
  param token: secret = env.TOKEN
  param key: secret
  step upload {
    run: "echo uploading with \${token} and \${key}"
    rollback: none
  }
}

workflow release {
  param plain: string = "${SECRET}"
  step publish {
    run: workflow publish(key: plain)
  }
}
`,
    );
    const run = await startCli(["run", "library.momoflow", "--workflow", "release"], dir(), {
      TOKEN,
    }).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /publish\/upload \| uploading with \*\*\* and \*\*\*/);
    assert.ok(!(run.stdout + run.stderr).includes(TOKEN), run.stdout);
    assert.ok(!(run.stdout + run.stderr).includes(SECRET), run.stdout);
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), TOKEN), []);
  });

  it("a called workflow given the caller's secret param keeps its steps' undo in the record: momoflow rollback undoes them", async () => {
    writeFileSync(
      join(dir(), "handover.momoflow"),
      `workflow publish {
  param token: secret
  step upload {
    run: "echo \${token} > uploaded.txt"
    rollback: "rm uploaded.txt"
  }
}

workflow release {
  param api_key: secret
  step publish {
    run: workflow publish(token: api_key)
  }
  step announce {
    needs: publish
    run: "false"
    rollback: none
  }
}
`,
    );
    const env = { MOMOFLOW_PARAM_API_KEY: SECRET };
    const args = ["handover.momoflow", "--workflow", "release"];
    const run = await startCli(["run", ...args, "--no-rollback"], dir(), env).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(existsSync(join(dir(), "uploaded.txt")));
    assert.deepEqual(filesHolding(join(dir(), ".momoflow"), SECRET), []);
    // The undo reads no secret: the record alone does it, without MOMOFLOW_PARAM_API_KEY.
    assert.match(journalText(dir()), /"step":"publish\/upload","attempt":1,"undo":\{"kind":"run"/);
    const back = await startCli(["rollback", ...args], dir()).done;
    assert.equal(back.code, 0, back.stdout + back.stderr);
    assert.match(back.stdout, /publish\/upload rolled_back/);
    assert.ok(!existsSync(join(dir(), "uploaded.txt")), "the called step was undone");
  });

  it("a secret that is one of the record's own words (\"step\") is masked in what the steps say, not in the record's field names and words: the run ends cleanly and rolls back", async () => {
    writeFileSync(
      join(dir(), "short.momoflow"),
      `workflow release {
  param api_key: secret
  step make {
    run: "echo key \${api_key} && touch made.txt"
    rollback: "rm made.txt"
  }
  step boom {
    needs: make
    run: "false"
    rollback: none
  }
}
`,
    );
    const env = { MOMOFLOW_PARAM_API_KEY: "step" };
    const run = await startCli(["run", "short.momoflow", "--no-rollback"], dir(), env).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.doesNotMatch(run.stderr, /Cannot read properties/);
    assert.match(journalText(dir()), /"output":"key \*\*\*"/);
    const events = journalText(dir())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(events.every((e) => !Object.keys(e).some((k) => k.includes("***"))));
    assert.ok(events.every((e) => e.step === undefined || e.step === "make" || e.step === "boom"));
    assert.deepEqual(
      events.map((e) => e.type),
      [
        "run_started",
        "step_started",
        "step_process",
        "step_finished",
        "step_started",
        "step_process",
        "step_finished",
        "run_finished",
      ],
    );
    const back = await startCli(["rollback", "short.momoflow"], dir(), env).done;
    assert.equal(back.code, 0, back.stdout + back.stderr);
    assert.ok(!existsSync(join(dir(), "made.txt")));
  });

  it("a secret of fewer than 4 characters is refused before anything runs (masking it would garble every line and recorded undo), exit 2", async () => {
    writeFileSync(
      join(dir(), "short.momoflow"),
      `workflow release {
  param pin: secret
  step make {
    run: "echo \${pin} > made.txt"
    rollback: "rm made.txt"
  }
}
`,
    );
    for (const [how, args, env] of [
      ["--param", ["--param", "pin=k"], {}],
      ["the environment", [], { MOMOFLOW_PARAM_PIN: "123" }],
    ] as const) {
      const run = await startCli(["run", "short.momoflow", ...args], dir(), env).done;
      assert.equal(run.code, 2, `${how}: ${run.stdout}${run.stderr}`);
      assert.match(
        run.stderr,
        /short\.momoflow:2:9: the secret `pin` is \d characters? long: a secret must have at least 4/,
      );
      assert.ok(!existsSync(join(dir(), "made.txt")), how);
      assert.ok(!existsSync(join(dir(), ".momoflow", "runs")), how);
    }
    const four = await startCli(["run", "short.momoflow"], dir(), { MOMOFLOW_PARAM_PIN: "1234" })
      .done;
    assert.equal(four.code, 0, four.stdout + four.stderr);
  });

  it("an empty secret — given empty, or from a default whose environment variable is not set — is refused before anything runs, exit 2", async () => {
    writeFileSync(
      join(dir(), "empty.momoflow"),
      `workflow release {
  param pin: secret
  param token: secret = env.DEPLOY_TOKEN_NOT_SET_HERE
  step make {
    run: "echo \${pin} \${token} > made.txt"
    rollback: "rm made.txt"
  }
}
`,
    );
    for (const [how, args, env, said] of [
      [
        "--param",
        ["--param", "pin=", "--param", "token=abcd"],
        {},
        /2:9: the secret `pin` is empty/,
      ],
      [
        "the environment",
        ["--param", "token=abcd"],
        { MOMOFLOW_PARAM_PIN: "" },
        /2:9: the secret `pin` is empty/,
      ],
      [
        "the default",
        ["--param", "pin=abcd"],
        {},
        /3:9: the secret `token` is empty \(its default reads the environment variable DEPLOY_TOKEN_NOT_SET_HERE, which is not set\)/,
      ],
      [
        "the default, its variable set empty",
        ["--param", "pin=abcd"],
        { DEPLOY_TOKEN_NOT_SET_HERE: "" },
        /3:9: the secret `token` is empty \(its default reads the environment variable DEPLOY_TOKEN_NOT_SET_HERE, which is empty\)/,
      ],
    ] as const) {
      const run = await startCli(["run", "empty.momoflow", ...args], dir(), env).done;
      assert.equal(run.code, 2, `${how}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, said, how);
      assert.ok(!existsSync(join(dir(), "made.txt")), how);
      assert.ok(!existsSync(join(dir(), ".momoflow", "runs")), how);
    }
  });

  describe("a called workflow's secret param given a value known only during the run", () => {
    const KEY = DYNAMIC_KEY;
    const CALLED = callSecretWorkflows();

    /** The run record's files that hold `text`, by their path under the run's folder. */
    function recordFilesHolding(text: string): string[] {
      const runDir = runDirOf(dir());
      return filesHolding(runDir, text).map((path) => path.slice(runDir.length + 1));
    }

    it("is *** from the call on: in the called steps' lines and logs, later steps, the error, the summary and result.json", async () => {
      writeFileSync(join(dir(), "dynamic.momoflow"), CALLED);
      const run = await startCli(["run", "dynamic.momoflow", "--workflow", "deploy"], dir()).done;
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const afterCall = terminalFromCall(run.stdout + run.stderr);
      assert.ok(!afterCall.includes(KEY), afterCall);
      // login's output was known to be a secret before it ran: nothing in the record holds it.
      assert.deepEqual(recordFilesHolding(KEY), []);
      const journal = journalText(dir());
      const laterEvents = journal
        .split("\n")
        .filter((line) => /"(ship|announce)/.test(line) && line.includes(KEY));
      assert.deepEqual(laterEvents, []);
    });

    it("is *** in the --json result, the output of the step that made it too", async () => {
      writeFileSync(join(dir(), "dynamic.momoflow"), CALLED);
      const run = await startCli(
        ["run", "dynamic.momoflow", "--workflow", "deploy", "--json", "--quiet"],
        dir(),
      ).done;
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.ok(!run.stdout.includes(KEY), run.stdout);
      const result = JSON.parse(run.stdout) as { steps: { id: string; output?: string }[] };
      const outputOf = (id: string) => result.steps.find((s) => s.id === id)?.output;
      assert.equal(outputOf("ship/upload"), "uploading with ***");
      assert.equal(outputOf("login"), "***");
    });
  });
});
