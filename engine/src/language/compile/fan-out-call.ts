import type { WorkflowContext } from "../../runtime/context";
import { instanceId, type FanOut } from "../../runtime/fan-out";
import type { StepResult, WorkflowStep } from "../../runtime/step";
import type { Expression } from "../ast";
import { expressionText, fanOutItems } from "./fan-out-step";
import type { StepRuntime } from "./language-step";

/** What a step that calls a workflow once per item is made of (see {@link FanOutCallStep}). */
export interface FanOutCallParts {
  readonly id: string;
  readonly description: string;
  readonly needs: readonly string[];
  /** The `<items>` of `for_each: <item> in <items>`. */
  readonly items: Expression;
  readonly maxParallel: number | undefined;
  /** The calling workflow's runtime: the items are read in its scope. */
  readonly runtime: StepRuntime;
  /**
   * The steps of the call for `item`, named after instance `id`
   * (`deploy[0]/bump`…), the instance itself (`deploy[0]`, which joins
   * them) last.
   */
  callSteps(id: string, item: unknown): readonly WorkflowStep[];
  /**
   * Set when the call gives the called workflow's `secret` params
   * arguments: makes their values for `item` secrets of the run, before its
   * instances are recorded (the record holds each item).
   */
  maskSecretArguments?(context: WorkflowContext, item: unknown): void;
}

/**
 * A step that calls a workflow once per item (`for_each` on
 * `run: workflow release(...)`): each item is an instance, `deploy[0]`,
 * `deploy[1]`…, that is a whole call — the called workflow's steps named
 * `deploy[0]/bump`…, then `deploy[0]` joining them with the call's output —
 * made when the step is due, with the item in scope in the call's arguments
 * and `when`. It runs as a fan-out step does (see `fan-out-run.ts`): its
 * output is the list of its instances' (calls') outputs, in item order. It
 * has no effect of its own: the called steps are undone, an instance's as
 * one unit.
 */
export class FanOutCallStep implements WorkflowStep {
  readonly id: string;
  readonly description: string;
  readonly needs: readonly string[];
  readonly reversible = false;
  readonly effectFree = true;
  readonly fanOut: FanOut;

  constructor(parts: FanOutCallParts) {
    this.id = parts.id;
    this.description = parts.description;
    this.needs = parts.needs;
    const steps = (index: number, item: unknown): readonly WorkflowStep[] =>
      parts.callSteps(instanceId(parts.id, index), item);
    this.fanOut = {
      maxParallel: parts.maxParallel,
      source: expressionText(parts.items),
      // The scope binds the arguments of a call this step is part of: a bad one fails the step as itself.
      prepare: (context) => void parts.runtime.scopeOf(context),
      items: (context) => {
        const items = fanOutItems(parts.items, parts.runtime.scopeOf(context).scope, context);
        for (const item of items) parts.maskSecretArguments?.(context, item);
        return items;
      },
      instance: (index, item) => steps(index, item).at(-1)!,
      instanceSteps: steps,
    };
  }

  execute(): Promise<StepResult> {
    return Promise.reject(
      new Error(
        `step "${this.id}" calls its workflow once per item (for_each): the engine runs them`,
      ),
    );
  }
}
