import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  ENCODED_INVOCATION_VARIABLE,
  hasTaskVariable,
  literalInvocation,
} from "../src/run/literal-invocation";
import {
  cliArguments,
  cliInvocation,
  fileArgument,
  type CliInvocation,
  type MomoflowTaskDefinition,
} from "../src/run/task-definition";

const CLI = resolve(__dirname, "../../dist/cli.js");

/** Starts an invocation as VS Code's task would (its env added to this process's). */
function start(invocation: CliInvocation): ReturnType<typeof spawnSync> {
  return spawnSync(invocation.command, invocation.args, {
    cwd: invocation.cwd,
    env: { ...process.env, ...invocation.env },
    encoding: "utf8",
  });
}

/** Resolves once `ready()` is true (checked every 20 ms); throws, saying what, after 20 s. */
async function waitUntil(ready: () => boolean, what: string): Promise<void> {
  const giveUp = Date.now() + 20_000;
  while (!ready()) {
    if (Date.now() > giveUp) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** Every text VS Code substitutes `${…}` in: command, arguments, folder, environment values. */
function substitutedTexts(invocation: CliInvocation): string[] {
  return [invocation.command, ...invocation.args, invocation.cwd, ...Object.values(invocation.env)];
}

describe("task invocations kept from VS Code's ${…} substitution", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "momoflow-literal-"));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves an invocation without ${ as it is (the terminal shows the plain command)", () => {
    const plain: CliInvocation = {
      command: process.execPath,
      args: ["/ext/dist/cli.js", "run", "/ws/a $b; 'c'.momoflow", "--param", "x=$HOME"],
      env: { FORCE_COLOR: "1" },
      cwd: "/ws",
    };
    assert.equal(literalInvocation(plain), plain);
  });

  it("gives the CLI the arguments, folder and secrets holding ${…} exactly as written", () => {
    // A stand-in CLI that says what it was given.
    const echo = join(dir, "echo-cli.js");
    writeFileSync(
      echo,
      `process.stdout.write(JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(),
        secret: process.env.MOMOFLOW_PARAM_TOKEN, force: process.env.FORCE_COLOR,
        leaked: process.env.${ENCODED_INVOCATION_VARIABLE} ?? null }));`,
    );
    const workdir = join(dir, "ws ${workspaceFolder} $HOME ; 'q' \"d\" ü");
    mkdirSync(workdir);
    const definition: MomoflowTaskDefinition = {
      type: "momoflow",
      action: "run",
      file: join(workdir, "deploy ${file}.momoflow"),
      workflow: "deploy",
      params: {
        message: "Hello ${env:HOME} ${command:workbench.action.quit} `id` $(x)",
        token: "p${a}",
      },
      secrets: ["token"],
    };
    const planned = cliInvocation(definition, workdir, {
      cliPath: echo,
      execPath: process.execPath,
    });
    const invocation = literalInvocation(planned);

    for (const text of substitutedTexts(invocation))
      assert.ok(!hasTaskVariable(text), `VS Code would substitute in ${JSON.stringify(text)}`);
    assert.ok(
      !invocation.args.some((arg) => arg.includes("p${a}") || arg.includes("token")),
      "a secret stays off the command line",
    );

    const started = start(invocation);
    assert.equal(started.status, 0, String(started.stderr));
    assert.deepEqual(JSON.parse(String(started.stdout)), {
      argv: [echo, ...cliArguments(definition, workdir)],
      cwd: workdir,
      secret: "p${a}",
      force: "1",
      leaked: null,
    });
  });

  it("runs the real CLI on a file in a ${…} folder with a ${…} param value", () => {
    const workdir = join(dir, "odd ${env:HOME} ; $x");
    mkdirSync(workdir);
    const file = join(workdir, "echo ${file}.momoflow");
    writeFileSync(
      file,
      `workflow echo_back {\n  param message: string\n  step keep {\n    run: create_file(path: "said.txt", content: message)\n  }\n}\n`,
    );
    const value = "Hello ${env:HOME} ${file} '; rm -rf $(x)";
    const invocation = literalInvocation(
      cliInvocation(
        {
          type: "momoflow",
          action: "run",
          file,
          workflow: "echo_back",
          params: { message: value },
        },
        workdir,
        { cliPath: CLI, execPath: process.execPath },
      ),
    );
    const started = start(invocation);
    assert.equal(started.status, 0, `${String(started.stdout)}\n${String(started.stderr)}`);
    assert.equal(readFileSync(join(workdir, "said.txt"), "utf8"), value);
  });

  it("gives a file whose name starts with - and a test name starting with - as a file and a filter", () => {
    writeFileSync(
      join(dir, "-x.momoflow"),
      `workflow w {\n  step a {\n    run: create_file(path: "ran.txt", content: "yes")\n  }\n}\ntest "-n passes" {\n  workflow: w\n  expect status == success\n}\n`,
    );
    assert.equal(fileArgument("-x.momoflow"), "./-x.momoflow");
    const run = spawnSync(
      process.execPath,
      [CLI, ...cliArguments({ type: "momoflow", action: "run", file: "-x.momoflow" }, dir)],
      { cwd: dir, encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(join(dir, "ran.txt"), "utf8"), "yes");
    const test = spawnSync(
      process.execPath,
      [
        CLI,
        ...cliArguments(
          { type: "momoflow", action: "test", file: "-x.momoflow", filter: "-n passes" },
          dir,
        ),
      ],
      { cwd: dir, encoding: "utf8" },
    );
    assert.equal(test.status, 0, test.stderr);
    assert.match(test.stdout, /1 passed/);
  });
  /** A stand-in CLI in `folder` that says what it was given and how it was started, and exits with 3. */
  function echoCliIn(folder: string): string {
    mkdirSync(folder, { recursive: true });
    const echo = join(folder, "cli.js");
    writeFileSync(
      echo,
      `process.stdout.write(JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(),
        argv0: process.argv0, electron: process.env.ELECTRON_RUN_AS_NODE ?? null,
        leaked: process.env.${ENCODED_INVOCATION_VARIABLE} ?? null })); process.exitCode = 3;`,
    );
    return echo;
  }

  const RUN: MomoflowTaskDefinition = { type: "momoflow", action: "run", file: "a.momoflow" };
  /** VS Code's runtime as Node, as the extension gives it to start the script. */
  const LAUNCHER = { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: "1" } };

  /**
   * A runtime (a link to this node) in a new folder `name` of `dir`, and the
   * literal invocation of RUN that starts `cli` on it.
   */
  function onRuntimeIn(name: string, cli: string) {
    const runtimeFolder = join(dir, name);
    mkdirSync(runtimeFolder);
    const runtime = join(runtimeFolder, "node");
    symlinkSync(process.execPath, runtime);
    const invocation = literalInvocation(
      cliInvocation(RUN, dir, { cliPath: cli, execPath: process.execPath, runtime }),
      { launcher: LAUNCHER },
    );
    return { runtime, invocation };
  }

  it("keeps an install path holding ${…} (the CLI's path and its folder) from substitution", () => {
    const cli = echoCliIn(join(dir, "extensions ${env:HOME}", "dist"));
    const invocation = literalInvocation(
      cliInvocation(RUN, dir, { cliPath: cli, execPath: process.execPath }),
      { launcher: LAUNCHER },
    );
    for (const text of substitutedTexts(invocation))
      assert.ok(!hasTaskVariable(text), `VS Code would substitute in ${JSON.stringify(text)}`);
    const started = start(invocation);
    assert.equal(started.status, 3, String(started.stderr));
    const said = JSON.parse(String(started.stdout));
    assert.deepEqual(said.argv, [cli, ...cliArguments(RUN, dir)]);
    assert.equal(said.cwd, dir);
  });

  it("starts a momoflow.runtime holding ${…} as written, on the CLI, and ends as it ends", () => {
    const cli = echoCliIn(join(dir, "ext"));
    const { runtime, invocation } = onRuntimeIn("node ${env:HOME} ${command:x}", cli);
    for (const text of substitutedTexts(invocation))
      assert.ok(!hasTaskVariable(text), `VS Code would substitute in ${JSON.stringify(text)}`);
    const started = start(invocation);
    assert.equal(started.status, 3, String(started.stderr));
    assert.deepEqual(JSON.parse(String(started.stdout)), {
      argv: [cli, ...cliArguments(RUN, dir)],
      cwd: dir,
      argv0: runtime,
      electron: null,
      leaked: null,
    });
  });

  it("a Ctrl+C (SIGINT to the terminal's process group) reaches the runtime holding ${…} once; a terminate is passed on", async function () {
    if (process.platform === "win32") this.skip(); // process groups and signals are POSIX
    const folder = join(dir, "ext");
    mkdirSync(folder);
    const cli = join(folder, "cli.js");
    // Counts the SIGINTs it gets; ends 130 at a SIGTERM, saying how many.
    writeFileSync(
      cli,
      `let n = 0; process.on("SIGINT", () => { n++; process.stdout.write("got sigint\\n"); });
       process.on("SIGTERM", () => { process.stdout.write("sigint " + n); process.exit(130); });
       process.stdout.write("ready\\n"); setInterval(() => {}, 1000);`,
    );
    const { invocation } = onRuntimeIn("rt ${env:HOME}", cli);
    const child = spawn(invocation.command, invocation.args, {
      cwd: invocation.cwd,
      env: { ...process.env, ...invocation.env },
      detached: true, // its own process group, as a task terminal's foreground group
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const ended = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    try {
      await waitUntil(() => out.includes("ready"), "the CLI to start");
      process.kill(-child.pid!, "SIGINT");
      await waitUntil(() => out.includes("got sigint"), "the CLI to get the SIGINT");
      assert.equal(child.exitCode, null, "the script did not end at the Ctrl+C");
      process.kill(child.pid!, "SIGTERM");
      assert.equal(await ended, 130, out);
      assert.match(out, /sigint 1$/);
    } finally {
      // Whatever is left of its process group (the runtime, were the script gone).
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // ended already
      }
    }
  });

  it("keeps a tasks.json task's CLI path and runtime from substitution, and leaves its own arguments to it", () => {
    const cli = echoCliIn(join(dir, "ext ${env:HOME}"));
    const authored: MomoflowTaskDefinition = {
      type: "momoflow",
      action: "run",
      file: "${workspaceFolder}/a.momoflow",
    };
    const planned = cliInvocation(authored, dir, { cliPath: cli, execPath: process.execPath });
    const invocation = literalInvocation(planned, { launcher: LAUNCHER, authored: true });
    assert.ok(!hasTaskVariable(invocation.command));
    assert.ok(!invocation.args.slice(0, 3).some(hasTaskVariable), "the script and its `--`");
    assert.deepEqual(invocation.args.slice(3), planned.args.slice(1), "substituted by VS Code");
    assert.equal(invocation.cwd, dir);
    const started = start(invocation);
    assert.equal(started.status, 3, String(started.stderr));
    assert.deepEqual(JSON.parse(String(started.stdout)).argv, [cli, ...planned.args.slice(1)]);
    // Without ${ in the CLI's path or the runtime, a tasks.json task is left as it is.
    const plain = cliInvocation(authored, dir, { cliPath: join(dir, "cli.js"), execPath: "node" });
    assert.equal(literalInvocation(plain, { launcher: LAUNCHER, authored: true }), plain);
  });
});
