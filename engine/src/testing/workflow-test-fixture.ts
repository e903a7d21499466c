import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { WorkflowContext, type WorkflowContextOptions } from "../runtime/context";
import { WorkflowDefinition, type WorkflowDefinitionInit } from "../runtime/definition";
import { WorkflowEngine } from "../runtime/engine";
import type { ExecuteOptions } from "../runtime/execute-options";
import type { WorkflowResult } from "../runtime/result";
import type { WorkflowStep } from "../runtime/step";
import { createCommandRegistry, type CommandRegistry } from "../commands/registry";
import type { MockCommand } from "./mock-command";
import { makeFolders } from "../runtime/make-folders";

/** Prefix of every fixture folder, so stray ones are easy to recognise in the temp folder. */
export const FIXTURE_DIR_PREFIX = "momoflow-test-";

/** Context options a fixture lets a test choose (the working directory is always the fixture's). */
export type FixtureContextOptions = Omit<WorkflowContextOptions, "workingDirectory" | "variables">;

/**
 * An isolated working directory for one test (momo-workflow's `WorkflowTestFixture`):
 * a fresh folder under the OS temp folder, contexts whose runs happen there (so
 * run records and files a workflow writes land there too), and file helpers.
 *
 * ```ts
 * using fixture = new WorkflowTestFixture();   // or call fixture.cleanup() in afterEach
 * const result = await fixture.execute(definition);
 * ```
 */
export class WorkflowTestFixture implements Disposable {
  /** Absolute path of the fixture's folder. */
  readonly dir: string;
  /** The engine {@link execute} uses. */
  readonly engine = new WorkflowEngine();
  /**
   * The fixture's own commands (the built-ins, and what {@link registerMockCommand}
   * adds), apart from the process-wide registry: pass it as a `CommandStep`'s `registry`.
   */
  readonly commandRegistry: CommandRegistry = createCommandRegistry();

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), FIXTURE_DIR_PREFIX));
  }

  /** A context whose working directory is the fixture's folder. */
  createContext(
    variables: Record<string, unknown> = {},
    options: FixtureContextOptions = {},
  ): WorkflowContext {
    return new WorkflowContext({ ...options, workingDirectory: this.dir, variables });
  }

  /** A definition (id `test_workflow` unless given) of `steps`, as momo-workflow's `create_simple_workflow`. */
  createWorkflow(
    steps: WorkflowStep[],
    init: Partial<Omit<WorkflowDefinitionInit, "steps">> = {},
  ): WorkflowDefinition {
    const id = init.id ?? "test_workflow";
    return new WorkflowDefinition({ name: `Test workflow: ${id}`, ...init, id, steps });
  }

  /**
   * Runs `definition` with {@link engine} in a context of this fixture
   * (a fresh one unless a context is given: as the second argument, as
   * `engine.executeWorkflow` takes it, or as `options.context`). The run
   * record goes into the fixture's folder.
   */
  execute(
    definition: WorkflowDefinition | WorkflowDefinitionInit,
    contextOrOptions?: WorkflowContext | (ExecuteOptions & { context?: WorkflowContext }),
    options: ExecuteOptions = {},
  ): Promise<WorkflowResult> {
    // A context passed where the options go would otherwise type-check (both
    // have a `signal`) and be dropped for a fresh one, its variables with it.
    if (contextOrOptions instanceof WorkflowContext)
      return this.engine.executeWorkflow(definition, contextOrOptions, options);
    const { context = this.createContext(), ...executeOptions } = contextOrOptions ?? {};
    return this.engine.executeWorkflow(definition, context, { ...executeOptions, ...options });
  }

  /**
   * Registers `mock` under its name in {@link commandRegistry} (momo-workflow's
   * `register_mock_command`); returns it. Registering a name again needs `{ replace: true }`.
   */
  registerMockCommand<M extends MockCommand>(mock: M, options: { replace?: boolean } = {}): M {
    this.commandRegistry.register(mock.name, mock, { replace: options.replace ?? false });
    return mock;
  }

  /** `parts` joined onto the fixture's folder (an absolute first part is kept as it is). */
  path(...parts: string[]): string {
    return parts.length > 0 && isAbsolute(parts[0]!) ? join(...parts) : join(this.dir, ...parts);
  }

  /** Writes a text file in the fixture (parent folders are created); returns its absolute path. */
  writeFile(relativePath: string, content: string): string {
    const file = this.path(relativePath);
    makeFolders(dirname(file));
    writeFileSync(file, content);
    return file;
  }

  /** Reads a text file of the fixture (UTF-8). */
  readFile(relativePath: string): string {
    return readFileSync(this.path(relativePath), "utf8");
  }

  /** Whether a file or folder exists in the fixture. */
  exists(relativePath: string): boolean {
    return existsSync(this.path(relativePath));
  }

  /** Removes the fixture's folder and everything in it. Safe to call more than once. */
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** `using fixture = new WorkflowTestFixture()` cleans up at the end of the block. */
  [Symbol.dispose](): void {
    this.cleanup();
  }
}
