/**
 * What each property of a block is for, in Markdown, for hover and
 * completion (language.md §3–4). The property tables of the checker
 * (`check/property-tables.ts`) say which properties exist and what their
 * values are; this says what they mean. A test keeps the two in step.
 */
import {
  COMMAND_PROPERTIES,
  type PropertyTable,
  STEP_PROPERTIES,
  TEST_PROPERTIES,
  WORKFLOW_PROPERTIES,
} from "./check/property-tables";

/** The kinds of block that hold properties. */
export type PropertyBlock = "workflow" | "step" | "command" | "test";

/** The property table of each kind of block. */
export const PROPERTY_TABLES: Readonly<Record<PropertyBlock, PropertyTable>> = {
  workflow: WORKFLOW_PROPERTIES,
  step: STEP_PROPERTIES,
  command: COMMAND_PROPERTIES,
  test: TEST_PROPERTIES,
};

const TIMEOUT = "The action is stopped (its whole process group) when it runs longer, and fails.";

/** Property docs by block, then by property name. */
export const PROPERTY_DOCS: Readonly<Record<PropertyBlock, Readonly<Record<string, string>>>> = {
  workflow: {
    description: "What the workflow does: shown in hover, logs and reports.",
    version: "The workflow's version, as text (`\"1.2.0\"`).",
    author: "Who wrote the workflow.",
    concurrency:
      "How many steps may run at once (default 1: one at a time, in declaration order, never before their `needs`).",
    rollback_on_failure:
      "When a step fails, undo every completed reversible step in reverse order of completion (default `true`).",
    timeout: "The longest the whole run may take, as a duration (`30m`).",
  },
  step: {
    description: "What the step does: shown in hover, logs and reports.",
    needs:
      "The steps that must succeed before this one starts: one id or a list (`[build, test]`).",
    run: 'The action (required): a shell line `"..."`, a script `"""..."""`, a command call `name(arg: value)` or `js("./module.mjs", "export")`.',
    rollback:
      "The action that undoes `run`: its presence makes the step reversible, and it replaces the automatic undo of a built-in.",
    when: "A condition (`true`, a bool reference, or `a == b` / `a != b`): when false, the step is `skipped` and counts as done for `needs`.",
    timeout: `${TIMEOUT} A duration (\`5m\`).`,
    retries: "Extra attempts after a failure (default 0).",
    retry_delay: "The wait between attempts, doubling each time (default `1s`).",
    continue_on_error: "A failure is recorded and the run goes on (default `false`).",
  },
  command: {
    description: "What the command does: shown in hover and completion.",
    run: 'The action (required): a shell line `"..."`, a script `"""..."""` or a call of another command; the parameters are in scope.',
    rollback:
      "The action that undoes `run`: a step calling the command is reversible without a `rollback` of its own.",
    timeout: `${TIMEOUT} A duration (\`30s\`); a step calling the command without a \`timeout\` of its own takes this one.`,
  },
  test: {
    workflow: "The workflow the test runs (required).",
    params: "The workflow's params for this test, as a map (`{ target: \"test\" }`).",
    fail: "Steps the engine makes fail without running their action: one id or a list.",
    rollback_on_failure: "Overrides the workflow's `rollback_on_failure` for this test.",
    timeout: "The longest the test's run may take, as a duration (`1m`).",
  },
};

/** The doc of `property` in a `block`, or undefined for a property the block does not have. */
export function propertyDoc(block: PropertyBlock, property: string): string | undefined {
  return PROPERTY_TABLES[block].has(property) ? PROPERTY_DOCS[block][property] : undefined;
}
