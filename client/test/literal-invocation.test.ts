import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
});
