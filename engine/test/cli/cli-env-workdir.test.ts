import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import {
  startCli as startSupportCli,
  journalText,
  waitFor,
  type CliOutcome,
} from "../support/cli-process";
import { isAlive } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";
import { filesHolding } from "../support/files-holding";
import journalSchema from "../../../schemas/run-journal-event.schema.json";

/**
 * `env:` on workflows and steps and `workdir:` on steps, through the real CLI
 * on real files: what a shell step, a built-in and a `js()` step see, what
 * the run record keeps (never a secret), where a rollback runs after the run
 * was killed, and how `--resume` tells a changed environment.
 */
const SECRET = "SECRET-ENV-5d81c2";

/** The CLI without the variables the tests set or expect unset (CI machines set CI themselves). */
function startCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return startSupportCli(args, cwd, { MOMOFLOW_PARAM_TOKEN: undefined, CI: undefined, ...env });
}

const ENVIRONMENT = `command note(file: string) {
  run: "echo \${env.NODE_ENV} \${env.GREETING} > \${file}"
}

workflow release {
  param region: string = "eu"
  env: { NODE_ENV: "production", REGION: region, SHARED: "from-workflow" }
  step build {
    env: { CI: "1", NODE_ENV: "test" }
    run: """
      printenv NODE_ENV CI REGION SHARED OUTER_ONLY > build.txt
      echo "read \${env.NODE_ENV} \${env.CI} \${env.OUTER_ONLY}" >> build.txt
      echo built
    """
  }
  step plain {
    needs: build
    run: "printenv NODE_ENV > plain.txt; printenv CI >> plain.txt || echo no-CI >> plain.txt"
  }
  step script {
    needs: plain
    env: { GREETING: "hi \${steps.build.output}" }
    run: js("./read-env.mjs", "read")
  }
  step noted {
    needs: script
    env: { GREETING: "hello" }
    when: env.NODE_ENV == "production"
    run: note(file: "noted.txt")
  }
  step not_for_test {
    needs: noted
    when: env.NODE_ENV == "test"
    run: "touch never.txt"
  }
}
`;

const READ_ENV = `import { writeFileSync } from "node:fs";
import { join } from "node:path";
export function read(args, context) {
  writeFileSync(join(context.workingDirectory, "js.txt"), context.env.GREETING + " " + context.env.NODE_ENV);
  return "ok";
}
`;

describe("CLI: env and workdir", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-envdir-");
  const read = (name: string): string => readFileSync(join(tmp(), name), "utf8");
  const cli = (args: string[], env: Record<string, string> = {}): Promise<CliOutcome> =>
    startCli(args, tmp(), env).done;

  it("a shell step gets the workflow's and its own variables over the process environment, and ${env.X} reads them", async () => {
    writeFileSync(join(tmp(), "release.momoflow"), ENVIRONMENT);
    writeFileSync(join(tmp(), "read-env.mjs"), READ_ENV);
    const out = await cli(["run", "release.momoflow"], {
      OUTER_ONLY: "outer",
      SHARED: "from-process",
    });
    assert.equal(out.code, 0, out.stdout + out.stderr);
    // The step's NODE_ENV wins over the workflow's, the workflow's SHARED over the process's.
    assert.equal(read("build.txt"), "test\n1\neu\nfrom-workflow\nouter\nread test 1 outer\n");
    // Another step sees the workflow's variables, not a sibling's.
    assert.equal(read("plain.txt"), "production\nno-CI\n");
    // A js() step reads them in context.env.
    assert.equal(read("js.txt"), "hi built production");
    // A declared command's \${env.X} reads the calling step's; a when reads the workflow's.
    assert.equal(read("noted.txt"), "production hello\n");
    assert.equal(existsSync(join(tmp(), "never.txt")), false);
    assert.match(out.stdout, /not_for_test\s+skipped/);
  });

  it("a secret param in env reaches the step, is *** in the terminal and the log, and is absent from the record", async () => {
    writeFileSync(
      join(tmp(), "deploy.momoflow"),
      `workflow deploy {
  param token: secret
  env: { AUTH: "Bearer \${token}" }
  step call {
    env: { TOKEN: token }
    run: "echo auth=$AUTH token=$TOKEN; test \\"$TOKEN\\" = ${SECRET} && touch got-it"
    rollback: "echo undo"
  }
  step fail {
    needs: call
    run: "exit 1"
  }
}
`,
    );
    const out = await cli(["run", "deploy.momoflow", "--no-rollback"], {
      MOMOFLOW_PARAM_TOKEN: SECRET,
    });
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.ok(existsSync(join(tmp(), "got-it")), "the step got the secret's value");
    assert.match(out.stdout, /auth=Bearer \*\*\* token=\*\*\*/);
    assert.ok(!(out.stdout + out.stderr).includes(SECRET));
    assert.deepEqual(filesHolding(join(tmp(), ".momoflow"), SECRET), []);
    // The recipe keeps the variables as references to the secret param.
    assert.match(
      journalText(tmp()),
      /"env":\{"AUTH":\{"\$text":\["Bearer ",\{"\$ref":"param.token"\}\]\},"TOKEN":\{"\$ref":"param.token"\}\}/,
    );
  });

  it("a step runs in its workdir; killed, its rollback from the record runs there, with its variables", async () => {
    mkdirSync(join(tmp(), "web"));
    writeFileSync(
      join(tmp(), "site.momoflow"),
      `workflow site {
  param token: secret
  step build {
    env: { MODE: "prod", TOKEN: token }
    workdir: "web"
    run: "pwd > where.txt; echo built > out.txt"
    rollback: "rm out.txt; echo \\"undone in $(pwd) $MODE $TOKEN\\" > ../undo.txt"
  }
  step copy {
    needs: build
    workdir: "web"
    run: copy_file(source: "out.txt", destination: "copy.txt")
  }
  step hang {
    needs: copy
    run: "echo $$ > hang.pid; sleep 30"
  }
}
`,
    );
    const { child, done } = startCli(["run", "site.momoflow"], tmp(), {
      MOMOFLOW_PARAM_TOKEN: SECRET,
    });
    const pidFile = join(tmp(), "hang.pid");
    let hangPid: number | undefined;
    try {
      await waitFor(() => existsSync(pidFile) && read("hang.pid").endsWith("\n"), "step hang");
      hangPid = Number(read("hang.pid"));
      child.kill("SIGKILL");
      assert.equal((await done).signal, "SIGKILL");
      assert.equal(read("web/where.txt").trim(), join(tmp(), "web"));
      assert.equal(read("web/copy.txt"), "built\n", "copy_file's relative paths are the workdir's");
      const events = journalText(tmp())
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const started = events.find((e) => e.type === "step_started" && e.step === "build")!;
      assert.deepEqual(started.undo, {
        kind: "run",
        command: "sh",
        args: { script: 'rm out.txt; echo "undone in $(pwd) $MODE $TOKEN" > ../undo.txt' },
        workdir: join(tmp(), "web"),
        env: { MODE: "prod", TOKEN: { $ref: "param.token" } },
      });
      const validate = new Ajv({ strict: false }).compile(journalSchema);
      for (const event of events) assert.ok(validate(event), JSON.stringify(validate.errors));

      const undone = await cli(["rollback", "site.momoflow"], { MOMOFLOW_PARAM_TOKEN: SECRET });
      assert.equal(undone.code, 0, undone.stdout + undone.stderr);
      assert.equal(read("undo.txt"), `undone in ${join(tmp(), "web")} prod ${SECRET}\n`);
      assert.equal(existsSync(join(tmp(), "web/out.txt")), false);
      assert.equal(existsSync(join(tmp(), "web/copy.txt")), false, "copy_file undone in web/");
    } finally {
      if (hangPid !== undefined && isAlive(hangPid)) process.kill(hangPid, "SIGKILL");
    }
  });

  it("a missing workdir fails the step, naming it and the folder, and does not create it", async () => {
    writeFileSync(
      join(tmp(), "missing.momoflow"),
      `workflow missing {
  step build {
    workdir: "no/such/dir"
    run: "touch made.txt"
  }
}
`,
    );
    const out = await cli(["run", "missing.momoflow"]);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout + out.stderr,
      /step "build": its workdir "no\/such\/dir" does not exist \(.*no\/such\/dir\)/,
    );
    assert.equal(existsSync(join(tmp(), "no")), false);
    assert.equal(existsSync(join(tmp(), "made.txt")), false);
  });

  it("--resume runs a step again when its env or workdir changed, and reuses it when not", async () => {
    mkdirSync(join(tmp(), "a"));
    mkdirSync(join(tmp(), "b"));
    const workflow = (mode: string, folder: string): string => `workflow twice {
  step first {
    env: { MODE: "${mode}" }
    workdir: "${folder}"
    run: "echo $MODE >> runs.log"
  }
  step second {
    needs: first
    run: "test -f go"
  }
}
`;
    const file = join(tmp(), "twice.momoflow");
    const rmGo = (): void => rmSync(join(tmp(), "go"), { force: true });
    writeFileSync(file, workflow("one", "a"));
    assert.equal((await cli(["run", "twice.momoflow", "--no-rollback"])).code, 1);
    writeFileSync(join(tmp(), "go"), "");

    const same = await cli(["run", "twice.momoflow", "--resume"]);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /first\s+success\s+0\s.*reused from run/);
    assert.equal(read("a/runs.log"), "one\n");

    // A changed value: the step runs again.
    rmGo();
    assert.equal((await cli(["run", "twice.momoflow", "--no-rollback"])).code, 1);
    assert.equal(read("a/runs.log"), "one\none\n");
    writeFileSync(join(tmp(), "go"), "");
    writeFileSync(file, workflow("two", "a"));
    const changed = await cli(["run", "twice.momoflow", "--resume"]);
    assert.equal(changed.code, 0, changed.stdout + changed.stderr);
    assert.doesNotMatch(changed.stdout, /first\s+success\s+0\s.*reused/);
    assert.equal(read("a/runs.log"), "one\none\ntwo\n");

    // A changed folder: the step runs again, there.
    rmGo();
    assert.equal((await cli(["run", "twice.momoflow", "--no-rollback"])).code, 1);
    writeFileSync(join(tmp(), "go"), "");
    writeFileSync(file, workflow("two", "b"));
    const moved = await cli(["run", "twice.momoflow", "--resume"]);
    assert.equal(moved.code, 0, moved.stdout + moved.stderr);
    assert.equal(read("b/runs.log"), "two\n");
  });

  it("momoflow check reports a bad env name, a name set twice and a workdir outside the workflow's folder", async () => {
    writeFileSync(
      join(tmp(), "bad.momoflow"),
      `workflow bad {
  env: { "my-key": "x" }
  step a {
    env: { CI: "1", CI: "2" }
    workdir: "../elsewhere"
    run: "true"
  }
}
`,
    );
    const out = await cli(["check", "bad.momoflow"]);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const said = out.stdout + out.stderr;
    assert.match(
      said,
      /bad\.momoflow:2:10: error MF030: "my-key" is not an environment variable name/,
    );
    assert.match(said, /bad\.momoflow:4:21: error MF031: "env" sets CI twice/);
    assert.match(said, /bad\.momoflow:5:14: warning MF032: workdir "\.\.\/elsewhere" leaves/);
  });
});
