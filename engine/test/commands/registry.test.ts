import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import type { CommandParam, CommandSpec } from "../../src/commands/command";
import { CommandArgumentError } from "../../src/commands/command-arguments";
import {
  CommandRegistry,
  createCommandRegistry,
  getCommandRegistry,
} from "../../src/commands/registry";
import { recordingExecution } from "./execution-fixture";

const echoArgs: CommandSpec = {
  description: "Returns its arguments",
  params: [
    { name: "text", type: "string" },
    { name: "count", type: "int", default: 1 },
    { name: "ratio", type: "number", default: 0.5 },
    { name: "loud", type: "bool", default: false },
    { name: "wait", type: "duration", default: "2s" },
    { name: "limit", type: "size", default: 1024 },
    { name: "target", type: "path", default: "out" },
    { name: "items", type: "list", default: [] },
    { name: "options", type: "map", default: {} },
    { name: "extra", type: "any", default: null },
  ],
  run: (args) => args,
};

const BUILTINS = [
  "copy_file",
  "create_directory",
  "create_file",
  "delete_path",
  "fail",
  "log",
  "sh",
  "sleep",
  "write_json",
];

describe("CommandRegistry", () => {
  const invocation = () => recordingExecution({ workingDirectory: tmpdir() });

  it("refuses a duplicate name with a clear message", () => {
    const registry = createCommandRegistry({ builtins: false });
    registry.register("x", echoArgs);
    assert.throws(() => registry.register("x", echoArgs), {
      message: 'command "x" is already registered (pass { replace: true } to replace it)',
    });
  });

  it("refuses to register over a built-in, even with replace", () => {
    const registry = createCommandRegistry();
    assert.throws(() => registry.register("sh", echoArgs), /command "sh" is already registered/);
    assert.throws(
      () => registry.register("sh", echoArgs, { replace: true }),
      /command "sh" is already registered: it is a built-in, which cannot be replaced/,
    );
  });

  it("replaces a command with { replace: true }", async () => {
    const registry = createCommandRegistry({ builtins: false });
    registry.register("x", { description: "first", run: () => 1 });
    const second = registry.register(
      "x",
      { description: "second", run: () => 2 },
      { replace: true },
    );
    assert.equal(registry.get("x"), second);
    assert.equal(await registry.invoke("x", {}, invocation()), 2);
    assert.deepEqual(
      registry.list().map((c) => c.description),
      ["second"],
    );
  });

  it("passes undeclared arguments on unchecked to a command that takes any", async () => {
    const registry = createCommandRegistry({ builtins: false });
    registry.register("kw", {
      description: "Takes anything",
      params: [{ name: "n", type: "int" }],
      anyArguments: true,
      run: (args) => args,
    });
    assert.deepEqual(await registry.invoke("kw", { n: 1, extra: "x" }, invocation()), {
      n: 1,
      extra: "x",
    });
    await assert.rejects(registry.invoke("kw", { n: "1" }, invocation()), /argument "n" must be/);
    assert.equal(registry.signature("kw")!.anyArguments, true);
  });

  it("registers, finds, lists and unregisters", () => {
    const registry = createCommandRegistry({ builtins: false });
    const command = registry.register("zeta", { description: "z", run: () => 1 });
    registry.register("alpha", { description: "a", run: () => 1, rollback: () => undefined });
    assert.equal(command.name, "zeta");
    assert.equal(registry.has("zeta"), true);
    assert.equal(registry.get("zeta"), command);
    assert.deepEqual(
      registry.list().map((s) => [s.name, s.reversible, s.builtin]),
      [
        ["alpha", true, false],
        ["zeta", false, false],
      ],
    );
    assert.equal(registry.unregister("zeta"), true);
    assert.equal(registry.unregister("zeta"), false);
    assert.equal(registry.has("zeta"), false);
    assert.equal(registry.signature("zeta"), undefined);
  });

  it("lists the built-ins sorted, with typed parameters, docs and undo", () => {
    const signatures = createCommandRegistry().list();
    assert.deepEqual(
      signatures.map((s) => s.name),
      BUILTINS,
    );
    for (const signature of signatures) {
      assert.equal(signature.builtin, true, signature.name);
      assert.ok(signature.description, signature.name);
      assert.ok(signature.doc, signature.name);
      assert.ok(signature.undoDescription, signature.name);
    }
    const createFile = signatures.find((s) => s.name === "create_file")!;
    assert.deepEqual(createFile.params, [
      { name: "path", type: "path", description: "The file to write." },
      { name: "content", type: "string", default: "", description: "What to write." },
    ]);
    assert.equal(createFile.reversible, true);
    assert.equal(createFile.undoDescription, "restoring what was there before");
    const reversible = signatures.filter((s) => s.reversible).map((s) => s.name);
    assert.deepEqual(reversible, [
      "copy_file",
      "create_directory",
      "create_file",
      "delete_path",
      "write_json",
    ]);
    // Signatures are plain data: JSON for the language server, copies for the caller.
    assert.deepEqual(JSON.parse(JSON.stringify(signatures)), signatures);
    createFile.params[0]!.name = "changed";
    assert.equal(createCommandRegistry().signature("create_file")!.params[0]!.name, "path");
  });

  it("shares one process-wide registry, with the built-ins, under a global symbol", () => {
    const registry = getCommandRegistry();
    assert.equal(getCommandRegistry(), registry);
    const key = Symbol.for("momoflow.commandRegistry");
    assert.equal((globalThis as unknown as Record<symbol, unknown>)[key], registry);
    assert.equal(registry.signature("create_file")?.builtin, true);
  });

  it("refuses params given as an object (a dict in momo-workflow), saying what they must be", () => {
    const registry = createCommandRegistry({ builtins: false });
    const asObject = { name: "string" } as unknown as CommandParam[];
    assert.throws(
      () => registry.register("greet", { description: "", params: asObject, run: () => 1 }),
      {
        message:
          'command "greet": its parameters must be a list of { name, type } objects (e.g. [{ name: "path", type: "path" }]), got an object',
      },
    );
    assert.throws(
      () =>
        registry.register("greet", {
          description: "",
          params: ["name"] as unknown as CommandParam[],
          run: () => 1,
        }),
      {
        message:
          'command "greet": its parameter 1 must be a { name, type } object, got the string "name"',
      },
    );
  });

  it("refuses malformed specs", () => {
    const registry = createCommandRegistry({ builtins: false });
    assert.throws(() => registry.register("bad-name", echoArgs), /must be an identifier/);
    assert.throws(
      () =>
        registry.register("t", {
          description: "",
          params: [{ name: "a", type: "text" as never }],
          run: () => 1,
        }),
      /parameter "a" has unknown type "text"/,
    );
    assert.throws(
      () =>
        registry.register("t", {
          description: "",
          params: [{ name: "n", type: "int", default: "one" }],
          run: () => 1,
        }),
      /command "t": argument "n" must be a whole number \(int\), got the string "one"/,
    );
    assert.throws(
      () =>
        registry.register("t", {
          description: "",
          params: [
            { name: "a", type: "string" },
            { name: "a", type: "int" },
          ],
          run: () => 1,
        }),
      /parameter "a" is declared twice/,
    );
  });

  describe("invoke", () => {
    const registry = new CommandRegistry();
    registry.register("echo_args", echoArgs);

    it("applies defaults and turns duration and size text into numbers", async () => {
      const output = await registry.invoke(
        "echo_args",
        { text: "hi", limit: "10MB", extra: undefined },
        invocation(),
      );
      assert.deepEqual(output, {
        text: "hi",
        count: 1,
        ratio: 0.5,
        loud: false,
        wait: 2000,
        limit: 10 * 1024 * 1024,
        target: "out",
        items: [],
        options: {},
        extra: null,
      });
    });

    it("names the command and the unknown argument", async () => {
      await assert.rejects(registry.invoke("echo_args", { text: "a", txet: 1 }, invocation()), {
        name: "CommandArgumentError",
        message: /^command "echo_args": unknown argument "txet"; its parameters are text, count/,
      });
    });

    it("names a missing required argument", async () => {
      const error = await registry.invoke("echo_args", {}, invocation()).catch((e: unknown) => e);
      assert.ok(error instanceof CommandArgumentError);
      assert.equal(error.message, 'command "echo_args": missing required argument "text" (string)');
      assert.equal(error.command, "echo_args");
      assert.equal(error.argument, "text");
    });

    const wrongTypes: [string, unknown, RegExp][] = [
      ["text", 3, /argument "text" must be a string, got number 3/],
      ["count", 1.5, /argument "count" must be a whole number \(int\), got number 1.5/],
      ["ratio", "0.5", /argument "ratio" must be a number, got the string "0.5"/],
      ["loud", "yes", /argument "loud" must be true or false \(bool\)/],
      ["wait", "soon", /argument "wait" must be a duration \(milliseconds, or text like "30s"\)/],
      ["wait", -1, /argument "wait" must be a duration/],
      ["limit", "big", /argument "limit" must be a size \(bytes, or text like "10MB"\)/],
      ["target", "", /argument "target" must be a path \(a non-empty string\)/],
      ["items", "a,b", /argument "items" must be a list/],
      ["options", [1], /argument "options" must be a map .*, got a list/],
      ["options", null, /argument "options" must be a map .*, got null/],
    ];
    for (const [name, value, message] of wrongTypes) {
      it(`rejects ${JSON.stringify(value)} for ${name}`, async () => {
        await assert.rejects(
          registry.invoke("echo_args", { text: "t", [name]: value }, invocation()),
          {
            message: new RegExp(`^command "echo_args": ${message.source}`),
          },
        );
      });
    }

    it("rejects an unknown command", async () => {
      await assert.rejects(registry.invoke("nope", {}, invocation()), {
        message: 'unknown command "nope"',
      });
    });

    it("validates when a command is run directly, too", async () => {
      await assert.rejects(registry.get("echo_args")!.run({}, invocation()), CommandArgumentError);
    });

    it("runs specs as methods, so class-based specs keep `this`", async () => {
      class Counter implements CommandSpec {
        description = "counts";
        calls = 0;
        run(): number {
          return ++this.calls;
        }
      }
      const counter = new Counter();
      registry.register("counter", counter);
      assert.equal(await registry.invoke("counter", {}, invocation()), 1);
      assert.equal(counter.calls, 1);
    });
  });

  describe("undo", () => {
    it("calls the automatic undo with checked arguments and the rollback data", async () => {
      const registry = createCommandRegistry({ builtins: false });
      const seen: unknown[] = [];
      registry.register("thing", {
        description: "",
        params: [{ name: "n", type: "int", default: 7 }],
        run: () => undefined,
        rollback: (args, data) => {
          seen.push(args, data);
        },
      });
      await registry.undo("thing", {}, { made: true }, invocation());
      assert.deepEqual(seen, [{ n: 7 }, { made: true }]);
    });

    it("refuses a command without automatic undo", async () => {
      await assert.rejects(
        createCommandRegistry().undo("sh", { script: "true" }, {}, invocation()),
        {
          message: 'command "sh" has no automatic undo',
        },
      );
    });
  });
});
