import { performance } from "node:perf_hooks";
import type {
  CommandArgs,
  CommandInvocation,
  CommandParam,
  CommandSpec,
} from "../commands/command";
import { abortableWait } from "./abortable-wait";

/**
 * How a {@link MockCommand} behaves. `output`, `error`, `durationMs` and
 * `rollbackError` may be changed between calls; the rest is fixed at construction.
 */
export interface MockCommandOptions {
  /** The name `WorkflowTestFixture.registerMockCommand` registers it under. Default `mock`. */
  name?: string;
  /** Default `Mock command: <name>`. */
  description?: string;
  /** Declared parameters, checked and typed as a real command's. Default: none. */
  params?: CommandParam[];
  /**
   * Take arguments that are not declared in `params`, unchecked (momo-workflow's
   * mock took any). Default: true without `params`, false with them.
   */
  anyArguments?: boolean;
  /** What `run` returns. */
  output?: unknown;
  /** When set, `run` throws it (a string becomes an `Error`). */
  error?: Error | string;
  /** How long `run` takes (an abortable wait on the invocation's signal). Default 0. */
  durationMs?: number;
  /** Give the mock an automatic undo, which makes a step calling it reversible. Default false. */
  undo?: boolean;
  /** When set, the automatic undo throws it. */
  rollbackError?: Error | string;
}

/** One call of {@link MockCommand.run}. `at` is `performance.now()` ms. */
export interface MockCommandCall {
  /** A copy of the arguments, as they were when the call happened. */
  args: CommandArgs;
  workingDirectory: string;
  at: number;
}

/** One call of the mock's automatic undo. `at` is `performance.now()` ms. */
export interface MockCommandRollback {
  args: CommandArgs;
  /** What the undone call remembered: `{ call }`, its 1-based call number. */
  rollbackData: unknown;
  at: number;
}

/**
 * A command for tests (momo-workflow's `MockCommand`): a {@link CommandSpec}
 * to pass to `fixture.registerMockCommand(mock)` (under its `name`) or
 * `registry.register(name, mock)`, that records every call and every undo,
 * and returns the configured output or throws the configured error. Without
 * declared `params` it takes any arguments.
 *
 * `run` and `rollback` are bound functions, so a registry may store them apart
 * from the object. `rollback` exists only when `undo` is set, because the
 * presence of an automatic undo is what makes a command reversible.
 */
export class MockCommand implements CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly anyArguments: boolean;
  // `declare`d so that they are absent, not undefined, unless set: a registry
  // may test `"rollback" in spec` to decide whether a command is reversible.
  declare readonly params?: CommandParam[];
  declare readonly undoDescription?: string;
  declare readonly rollback?: (
    args: CommandArgs,
    rollbackData: unknown,
    invocation: CommandInvocation,
  ) => Promise<void>;
  /** Every call of `run`, in order. */
  readonly calls: MockCommandCall[] = [];
  /** Every call of the automatic undo, in order. */
  readonly rollbacks: MockCommandRollback[] = [];
  /** The behaviour; change it to change what later calls do. */
  readonly options: MockCommandOptions;

  /**
   * `new MockCommand("deploy", { output: "ok" })`, or with the name in the
   * options (`new MockCommand({ name: "deploy" })`).
   */
  constructor(nameOrOptions: string | MockCommandOptions = {}, more: MockCommandOptions = {}) {
    const options =
      typeof nameOrOptions === "string" ? { ...more, name: nameOrOptions } : { ...nameOrOptions };
    this.options = options;
    this.name = options.name ?? "mock";
    this.description = options.description ?? `Mock command: ${this.name}`;
    this.anyArguments = options.anyArguments ?? options.params === undefined;
    if (options.params) this.params = options.params;
    if (options.undo) {
      this.undoDescription = "the mock's recorded undo";
      this.rollback = async (args, rollbackData) => {
        this.rollbacks.push({ args: { ...args }, rollbackData, at: performance.now() });
        if (this.options.rollbackError !== undefined) throw asError(this.options.rollbackError);
      };
    }
  }

  /** Records the call, waits `durationMs`, then throws `error` or returns `output`. */
  readonly run = async (args: CommandArgs, invocation: CommandInvocation): Promise<unknown> => {
    this.calls.push({
      args: { ...args },
      workingDirectory: invocation.workingDirectory,
      at: performance.now(),
    });
    // Remembered before the "effect", as a real reversible command does.
    invocation.remember({ call: this.calls.length });
    await abortableWait(this.options.durationMs ?? 0, invocation.signal);
    if (this.options.error !== undefined) throw asError(this.options.error);
    return this.options.output;
  };

  /** Forgets every recorded call and undo (the behaviour stays). */
  reset(): void {
    this.calls.length = 0;
    this.rollbacks.length = 0;
  }
}

function asError(error: Error | string): Error {
  return typeof error === "string" ? new Error(error) : error;
}
