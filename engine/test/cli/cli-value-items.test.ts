import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

interface ResultJson {
  status: string;
  steps: { id: string; status: string; error?: string; output?: unknown }[];
}

/** Items and fields of params and vars (`samples[0]`, `config.sites[1].name`) through the real CLI. */
describe("momoflow: items and fields of params and vars", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-value-items-");

  function write(text: string): string {
    const path = join(tmp(), "items.momoflow");
    writeFileSync(path, text);
    return path;
  }

  const FLOW = `workflow items {
  param samples: list = ["plain", "it's a \\"b c\\"; $(touch pwned) \`touch p2\`"]
  param config: map = {"region": "eu west", "enabled": true, "sites": [{"name": "home", "n": 3}]}
  var regions = ["eu", "us"]
  step shell {
    when: config.enabled == true && config.sites[0].n > 2
    run: "printf '%s|' \${samples[1]} \${config.region} \${config.sites[0].name} \${regions[1]} \${config.sites[0]} > shell.txt"
    rollback: none
  }
  step file {
    needs: shell
    run: create_file(path: "file.txt", content: "\${samples[0]} \${config.sites[0]} \${samples}")
  }
  step each {
    needs: file
    for_each: site in config.sites
    run: "echo \${site.name}"
    rollback: none
  }
}
`;

  it("reads them in when, shell actions (quoted), command arguments and for_each", async () => {
    const file = write(FLOW);
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    // Quoted as any value: the item arrives as text, `$(...)` and backquotes did not run.
    assert.equal(
      readFileSync(join(tmp(), "shell.txt"), "utf8"),
      'it\'s a "b c"; $(touch pwned) `touch p2`|eu west|home|us|{"name":"home","n":3}|',
    );
    assert.equal(existsSync(join(tmp(), "pwned")), false);
    assert.equal(existsSync(join(tmp(), "p2")), false);
    // A map item is JSON; a list is its items joined with spaces, as everywhere.
    assert.equal(
      readFileSync(join(tmp(), "file.txt"), "utf8"),
      'plain {"name":"home","n":3} plain it\'s a "b c"; $(touch pwned) `touch p2`',
    );
    const result = JSON.parse(out.stdout) as ResultJson;
    assert.equal(result.steps.find((s) => s.id === "each[0]")?.output, "home");
  });

  it("reads the values the run gives (--param), not the defaults", async () => {
    const file = write(FLOW);
    const out = await runCli(
      [
        "run",
        file,
        "--json",
        "--param",
        'samples=["x", "y z"]',
        "--param",
        'config={"region": "us", "enabled": true, "sites": [{"name": "blog", "n": 5}, {"name": "shop", "n": 1}]}',
      ],
      tmp(),
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(
      readFileSync(join(tmp(), "shell.txt"), "utf8"),
      'y z|us|blog|us|{"name":"blog","n":5}|',
    );
    const result = JSON.parse(out.stdout) as ResultJson;
    assert.deepEqual(
      result.steps.filter((s) => s.id.startsWith("each[")).map((s) => s.output),
      ["blog", "shop"],
    );
  });

  it("fails the reading step when the item or field is missing in the run, naming the step and the path", async () => {
    const file = write(FLOW);
    const out = await runCli(
      ["run", file, "--json", "--param", 'samples=["only"]', "--param", 'config={"enabled": true}'],
      tmp(),
    );
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const result = JSON.parse(out.stdout) as ResultJson;
    const shell = result.steps.find((s) => s.id === "shell")!;
    assert.equal(shell.status, "failed");
    assert.match(
      shell.error ?? "",
      /items\.momoflow:6:\d+: config has no field "sites"; it has "enabled"/,
    );
    // Nothing ran with an `undefined` in its place.
    assert.equal(existsSync(join(tmp(), "shell.txt")), false);

    const items = write(
      FLOW.replace("when: config.enabled == true && config.sites[0].n > 2\n", ""),
    );
    const human = await runCli(["run", items, "--param", 'samples=["only"]'], tmp());
    assert.equal(human.code, 1);
    assert.match(
      human.stdout + human.stderr,
      /step "shell" failed: .*items\.momoflow:6:\d+: samples has 1 item: it has no item \[1\]/,
    );
    assert.equal(existsSync(join(tmp(), "shell.txt")), false);
  });

  it("refuses before running an item past a var's list and an item of a scalar param (MF008)", async () => {
    const file = write(`workflow bad {
  param count: int = 2
  var regions = ["eu", "us"]
  step s {
    run: "echo \${regions[2]} \${count[0]}"
    rollback: none
  }
}
`);
    const out = await runCli(["check", file], tmp());
    assert.equal(out.code, 1);
    assert.match(
      out.stdout + out.stderr,
      /5:25: error MF008: regions has 2 items: it has no item \[2\]/,
    );
    assert.match(
      out.stdout + out.stderr,
      /5:37: error MF008: "count" is an int \(a whole number\): it has no item \[0\]/,
    );
    const run = await runCli(["run", file], tmp());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nothing was run/);
  });

  it("runs a test that gives the values (params) and expects what the steps read", async () => {
    const file = write(
      FLOW +
        `
test "given values" {
  workflow: items
  params: { config: {"region": "x", "enabled": true, "sites": [{"name": "a", "n": 9}, {"name": "b", "n": 0}]} }
  expect output each[1] == "b"
  expect file "file.txt" contains "{\\"name\\":\\"a\\",\\"n\\":9}"
}
`,
    );
    const out = await runCli(["test", file], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /✓ given values/);
  });

  it("keeps a step's output secret when a field of a map param carries it to a secret param (cfg.token)", async () => {
    const file = write(`workflow store {
  param token: secret
  step put { run: "echo got \${token}" rollback: none }
}
workflow wrap {
  param cfg: map
  step by_field { run: workflow store(token: cfg.token) }
}
workflow deploy {
  step login { run: """echo '{"token": "s3cr3tvalue"}'""" output: json rollback: none }
  step call { needs: [login] run: workflow wrap(cfg: {token: steps.login.output.token}) }
}
`);
    const out = await runCli(["run", file, "--workflow", "deploy"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /got \*\*\*/);
    assert.doesNotMatch(out.stdout + out.stderr, /s3cr3tvalue/);
    // Nor does the run record hold it: the journal, result.json, the logs.
    const runs = join(tmp(), ".momoflow", "runs");
    const files = readdirSync(runs, { recursive: true, encoding: "utf8" })
      .map((name) => join(runs, name))
      .filter((path) => statSync(path).isFile());
    assert.ok(files.length > 2);
    for (const path of files) assert.doesNotMatch(readFileSync(path, "utf8"), /s3cr3tvalue/, path);
  });

  it("reads a field of a command's map parameter in its own timeout, before the run", async () => {
    const command = (opts: string): string => `command slow(opts: map) {
  run: "sleep 5"
  rollback: none
  timeout: opts.limit
}
workflow limited {
  step s { run: slow(opts: ${opts}) }
}
`;
    const out = await runCli(["run", write(command("{limit: 200ms}")), "--json"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const result = JSON.parse(out.stdout) as ResultJson;
    assert.match(result.steps[0]!.error ?? "", /timed out after 200ms/);
    const missing = await runCli(["run", write(command("{limt: 2s}"))], tmp());
    assert.equal(missing.code, 2, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /items\.momoflow:4:12: opts has no field "limit"; it has "limt"/);
  });
});
