import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { filesHolding } from "../support/files-holding";
import { latestResult, runDirOf } from "../support/run-record-files";

/**
 * A step whose output a call gives to a `secret` param of the called
 * workflow (`release(key: steps.login.output)`) is known to make a secret
 * before the run starts: nothing it writes shows the value — its lines in
 * the terminal and its log, its output in `journal.jsonl`, `result.json`
 * and `--json` — while the called steps get the real value.
 */
const KEY = "EARLY-KEY-3c9b71";

/** Every place a run writes that holds `value`: the CLI's own streams and the whole record folder. */
function leaks(dir: string, run: { stdout: string; stderr: string }, value = KEY): string[] {
  const found = filesHolding(join(dir, ".momoflow"), value).map((p) => p.slice(dir.length + 1));
  if (run.stdout.includes(value)) found.push("stdout");
  if (run.stderr.includes(value)) found.push("stderr");
  return found;
}

/** The parts of deploy.momoflow that differ between the tests; the rest is {@link writeDeploy}'s. */
interface DeployParts {
  /** The shell action of `release`'s step `upload`, which gets the secret as `${key}`. */
  upload?: string;
  /** Its action as written, instead (a built-in command's call). */
  uploadAction?: string;
  /** Its rollback (default `none`). */
  uploadRollback?: string;
  /** The body of `deploy`'s step `login`, which prints the value. */
  login: string;
  /** Settings of `deploy`, before its steps. */
  settings?: string;
  /** Steps between `login` and `ship`; `ship` needs `shipNeeds` (default `login`). */
  between?: string;
  shipNeeds?: string;
  /** Steps after `ship`. */
  after?: string;
  /** What `ship` gives to `release`'s secret param `key` (default `steps.login.output`). */
  key?: string;
}

/**
 * Writes deploy.momoflow: `deploy`'s step `login` makes a value, and its step
 * `ship` gives it to the `secret` param `key` of the workflow `release`.
 */
function writeDeploy(dir: string, parts: DeployParts): void {
  const upload = parts.upload ?? "printf %s ${key} > got.txt";
  writeFileSync(
    join(dir, "deploy.momoflow"),
    `workflow release {
  param key: secret
  step upload {
    run: ${parts.uploadAction ?? `"${upload}"`}
    rollback: ${parts.uploadRollback ?? "none"}
  }
}

workflow deploy {
${parts.settings ?? ""}  step login {
${parts.login}
  }
${parts.between ?? ""}  step ship {
    needs: ${parts.shipNeeds ?? "login"}
    run: workflow release(key: ${parts.key ?? "steps.login.output"})
  }
${parts.after ?? ""}}
`,
  );
}

describe("CLI: a step whose output a call makes a secret is secret from its start", function () {
  this.timeout(30_000);
  const dir = useTempDir("momoflow-secret-output-");

  it("its stdout is *** in the terminal and its log, its output *** in the journal, result.json and --json; the called step gets the value; stderr still streams", async () => {
    writeDeploy(dir(), {
      upload: "printf %s ${key} > got.txt; echo uploading with ${key}",
      login: `    run: "echo logging in >&2; echo ${KEY}"
    rollback: none`,
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run), []);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), KEY);
    const terminal = run.stdout + run.stderr;
    assert.match(terminal, /login +\| logging in/);
    assert.match(terminal, /login +\| \*\*\*/);
    assert.match(terminal, /ship\/upload \| uploading with \*\*\*/);
    const login = latestResult(dir()).steps.find((s) => s.id === "login");
    assert.equal(login?.output, "***");
    assert.match(
      readFileSync(join(runDirOf(dir()), "logs", "login.log"), "utf8"),
      /logging in\n\*\*\*/,
    );

    const json = await startCli(
      ["run", "deploy.momoflow", "--workflow", "deploy", "--json", "--quiet"],
      dir(),
    ).done;
    assert.equal(json.code, 0, json.stdout + json.stderr);
    assert.deepEqual(leaks(dir(), json), []);
    const result = JSON.parse(json.stdout) as { steps: { id: string; output?: unknown }[] };
    assert.equal(result.steps.find((s) => s.id === "login")?.output, "***");
  });

  it("a field of a JSON output, read inside an interpolation, through a nested call of an imported workflow: the field is *** and the rest is shown", async () => {
    mkdirSync(join(dir(), "lib"));
    writeFileSync(
      join(dir(), "lib", "vault.momoflow"),
      `workflow store {
  param token: secret
  step put {
    run: "printf %s \${token} > got.txt"
    rollback: "rm -f got.txt"
  }
}

workflow wrap {
  param auth: string
  step inner {
    run: workflow store(token: auth)
  }
}
`,
    );
    writeFileSync(
      join(dir(), "deploy.momoflow"),
      `import "./lib/vault.momoflow"

workflow deploy {
  step login {
    run: """echo '{"token": "${KEY}", "user": "bob"}'"""
    output: json
    rollback: none
  }
  step ship {
    needs: login
    run: workflow wrap(auth: "Bearer \${steps.login.output.token}")
  }
}
`,
    );
    const run = await startCli(["run", "deploy.momoflow"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run), []);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), `Bearer ${KEY}`);
    assert.match(run.stdout + run.stderr, /login +\| \{"token": "\*\*\*", "user": "bob"\}/);
    const login = latestResult(dir()).steps.find((s) => s.id === "login");
    assert.deepEqual(login?.output, { token: "***", user: "bob" });
  });

  it("the output of a call (its last step's), handed on through a param and a var of the called workflow to a nested secret param: that last step is held back", async () => {
    writeFileSync(
      join(dir(), "deploy.momoflow"),
      `workflow inner {
  param token: secret
  step use {
    run: "printf %s \${token} > got.txt"
    rollback: none
  }
}

workflow mid {
  param raw: string
  var header = "X \${raw}"
  step call {
    run: workflow inner(token: header)
  }
}

workflow maker {
  step make {
    run: "echo ${KEY}"
    rollback: none
  }
}

workflow deploy {
  step gen {
    run: workflow maker()
  }
  step go {
    needs: gen
    run: workflow mid(raw: steps.gen.output)
  }
}
`,
    );
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run), []);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), `X ${KEY}`);
    assert.match(run.stdout + run.stderr, /gen\/make +\| \*\*\*/);
  });

  it("written to $MOMOFLOW_OUTPUT: the value is *** where stdout shows it, the rest of stdout as it is", async () => {
    writeDeploy(dir(), {
      login: `    run: """
      echo "logged in as bob"
      echo "session ${KEY}"
      printf %s ${KEY} > "$MOMOFLOW_OUTPUT"
    """
    rollback: none`,
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run), []);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), KEY);
    assert.match(run.stdout + run.stderr, /login +\| logged in as bob\n.*login +\| session \*\*\*/);
  });

  it("a failed attempt's stdout (it gave no value to know) shows as a line of ***, also in its error; a retry that succeeds shows its own lines masked", async () => {
    writeDeploy(dir(), {
      login: `    run: """
      if [ -e tried ]; then echo ${KEY}; exit 0; fi
      touch tried
      echo "half ${KEY}-partial"
      exit 4
    """
    retries: 1
    retry_delay: 10ms
    rollback: none`,
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run), []);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), KEY);
    // The retry says an attempt failed, not its error: its command holds the value.
    assert.match(run.stdout + run.stderr, /attempt 1 failed \(its error is not shown/);
    const log = readFileSync(join(runDirOf(dir()), "logs", "login.log"), "utf8");
    assert.ok(!log.includes("partial"), log);
    assert.match(
      log,
      /\*\*\* \(stdout not shown: this step's output goes to a secret param, and this attempt gave none\)/,
    );
  });

  it("a step that fails having printed the value on stdout: neither its lines nor its error (which quotes stdout when stderr is silent) show it", async () => {
    writeDeploy(dir(), {
      upload: "echo ${key}",
      login: `    run: "echo ${KEY}; exit 5"
    rollback: none`,
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run), []);
    assert.match(run.stdout + run.stderr, /exited with code 5: \*\*\*/);
  });

  it("a for_each step, one instance's output given to the secret param: that instance is held back and masked everywhere, the other shows as it comes", async () => {
    writeDeploy(dir(), {
      upload: "printf %s ${key} > got.txt; echo uploading with ${key}",
      login: `    for_each: region in ["eu", "us"]
    run: "echo logging in \${region} >&2; echo ${KEY}-\${region}"
    rollback: none`,
      key: "steps.login.outputs[1]",
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run, `${KEY}-us`), []);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), `${KEY}-us`);
    const terminal = run.stdout + run.stderr;
    assert.match(terminal, /login\[1\] +\| logging in us/);
    assert.match(terminal, /login\[1\] +\| \*\*\*/);
    // Not read by the call: not a secret.
    assert.match(terminal, new RegExp(`login\\[0\\] +\\| ${KEY}-eu`));
    assert.match(terminal, /ship\/upload \| uploading with \*\*\*/);
    const steps = latestResult(dir()).steps;
    assert.equal(steps.find((s) => s.id === "login[1]")?.output, "***");
    assert.equal(steps.find((s) => s.id === "login[0]")?.output, `${KEY}-eu`);
    assert.deepEqual(steps.find((s) => s.id === "login")?.output, [`${KEY}-eu`, "***"]);
    assert.match(
      readFileSync(join(runDirOf(dir()), "logs", "login%5B1%5D.log"), "utf8"),
      /logging in us\n\*\*\*/,
    );
  });

  it("a for_each step's whole list of outputs, inside an interpolation: every instance is held back", async () => {
    writeDeploy(dir(), {
      login: `    for_each: region in ["eu", "us"]
    run: "echo ${KEY}-\${region}"
    rollback: none`,
      key: '"${steps.login.outputs}"',
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run), []);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), `${KEY}-eu ${KEY}-us`);
    assert.match(run.stdout + run.stderr, /login\[0\] +\| \*\*\*/);
    assert.match(run.stdout + run.stderr, /login\[1\] +\| \*\*\*/);
  });

  it("a called workflow whose last step fans out, a field of one instance's JSON output read: that field is ***; an instance that fails shows its stdout as ***", async () => {
    writeFileSync(
      join(dir(), "deploy.momoflow"),
      `workflow release {
  param key: secret
  step upload {
    run: "printf %s \${key} > got.txt"
    rollback: none
  }
}

workflow tokens {
  step issue {
    for_each: n in ["0", "1"]
    run: """
      if [ "\${n}" = 1 ] && [ ! -e ok ]; then echo "half ${KEY}-\${n}"; exit 4; fi
      echo '{"token": "${KEY}-\${n}", "user": "bob"}'
    """
    output: json
    rollback: none
  }
}

workflow deploy {
  step tok {
    run: workflow tokens()
  }
  step ship {
    needs: tok
    run: workflow release(key: steps.tok.output[1].token)
  }
}
`,
    );
    const args = ["run", "deploy.momoflow", "--workflow", "deploy"];
    const failed = await startCli(args, dir()).done;
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.deepEqual(leaks(dir(), failed, `${KEY}-1`), []);
    assert.match(
      failed.stdout + failed.stderr,
      /tok\/issue\[1\] +\| \*\*\* \(stdout not shown: this step's output goes to a secret param, and this attempt gave none\)/,
    );
    writeFileSync(join(dir(), "ok"), "");
    const run = await startCli(args, dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run, `${KEY}-1`), []);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), `${KEY}-1`);
    assert.match(
      run.stdout + run.stderr,
      /tok\/issue\[1\] +\| \{"token": "\*\*\*", "user": "bob"\}/,
    );
    const issued = latestResult(dir()).steps.find((s) => s.id === "tok/issue[1]");
    assert.deepEqual(issued?.output, { token: "***", user: "bob" });
  });

  /**
   * Prints `lines` lines of 16 bytes on stdout (`line-0000000000`…), each its
   * own, so that any of them shown in the clear is found; then exits `code`.
   */
  const manyLines = (lines: number, code = 0): string =>
    `    run: "awk 'BEGIN{for(i=0;i<${lines};i++) printf \\"line-%010d\\\\n\\", i}'; exit ${code}"
    rollback: none`;
  /** 70 MB: past the 64 MB held back. */
  const PAST_THE_CAP = 4_400_000;

  it("an output longer than the record keeps of it (8 KB): masked whole before the cut, so no part of it is in the journal or result.json", async () => {
    writeDeploy(dir(), {
      uploadAction: 'create_file(path: "got.txt", content: key)',
      login: manyLines(1000),
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(leaks(dir(), run, "line-0"), []);
    assert.equal(latestResult(dir()).steps.find((s) => s.id === "login")?.output, "***");
    // The whole value (its trailing newline trimmed, as any output's) reached the call.
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8").length, 15_999);
  });

  it("a step that prints more than the 64 MB held back: none of its stdout is shown, a line says why, and the called step still gets the value", async function () {
    this.timeout(120_000);
    writeDeploy(dir(), {
      // No process could take the value as an argument (128 KB at most): a built-in writes it.
      uploadAction: 'create_file(path: "got.txt", content: key)',
      login: manyLines(PAST_THE_CAP),
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 0, run.stdout.slice(0, 4000) + run.stderr.slice(0, 4000));
    assert.deepEqual(leaks(dir(), run, "line-0"), []);
    const said =
      /\*\*\* \(stdout not shown: this step's output goes to a secret param, and it printed more than the 64 MB held back to mask it\)/;
    assert.match(run.stdout, new RegExp(`login +\\| ${said.source}`));
    assert.match(readFileSync(join(runDirOf(dir()), "logs", "login.log"), "utf8"), said);
    // The value kept in memory (64 MB, a line saying what was left out, the last 64 KB) reached the call.
    const got = readFileSync(join(dir(), "got.txt"), "utf8");
    assert.ok(got.length > 64 * 1024 * 1024 && got.startsWith("line-0000000000\n"));
    assert.match(got, /bytes not kept in memory/);
  });

  it("a step that prints more than the 64 MB held back and fails: its error, which quotes the end of stdout, shows those lines as ***", async function () {
    this.timeout(120_000);
    writeDeploy(dir(), { login: manyLines(PAST_THE_CAP, 3) });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 1, run.stdout.slice(0, 4000) + run.stderr.slice(0, 4000));
    assert.deepEqual(leaks(dir(), run, "line-0"), []);
    assert.match(run.stdout, /exited with code 3:\n( +\*\*\*\n)+ +whole log:/);
    assert.match(
      run.stdout,
      /login +\| \*\*\* \(stdout not shown: this step's output goes to a secret param, and it printed more than the 64 MB held back to mask it\)/,
    );
  });

  it("run --resume runs that step again, not reusing its recorded output (*** where the value was): the called step gets the value", async () => {
    writeDeploy(dir(), {
      login: `    run: "echo ${KEY}"
    rollback: none`,
      between: `  step gate {
    needs: login
    run: "test -e ok"
    rollback: none
  }
`,
      shipNeeds: "gate",
    });
    const args = ["run", "deploy.momoflow", "--workflow", "deploy"];
    const failed = await startCli([...args, "--no-rollback"], dir()).done;
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    writeFileSync(join(dir(), "ok"), "");
    const resumed = await startCli([...args, "--resume"], dir()).done;
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.doesNotMatch(resumed.stdout, /login success +reused/);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), KEY);
    assert.deepEqual(
      leaks(dir(), {
        stdout: failed.stdout + resumed.stdout,
        stderr: failed.stderr + resumed.stderr,
      }),
      [],
    );
  });

  it("a run that failed after the call, without its live rollback: momoflow rollback undoes the called step and login from the record", async () => {
    writeDeploy(dir(), {
      uploadRollback: '"rm -f got.txt"',
      settings: "  rollback_on_failure: false\n",
      login: `    run: "touch session; echo ${KEY}"
    rollback: "rm -f session"`,
      after: `  step fail {
    needs: ship
    run: "exit 3"
    rollback: none
  }
`,
    });
    const run = await startCli(["run", "deploy.momoflow", "--workflow", "deploy"], dir()).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(readFileSync(join(dir(), "got.txt"), "utf8"), KEY);
    const rollback = await startCli(["rollback", "deploy.momoflow", "--workflow", "deploy"], dir())
      .done;
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assert.ok(!existsSync(join(dir(), "got.txt")));
    assert.ok(!existsSync(join(dir(), "session")));
    assert.deepEqual(
      leaks(dir(), { stdout: run.stdout + rollback.stdout, stderr: run.stderr + rollback.stderr }),
      [],
    );
  });
});
