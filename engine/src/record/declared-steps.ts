import type { JournalStepInfo, RunStartedEvent } from "./journal-event";

/**
 * A run's steps as its first line declares them, each one's info made when
 * it is read rather than all of them when the run starts. A run keeps its
 * replay to its end, so infos made at its start were copied by every young
 * collection until they were promoted: at 100,000 no-op steps, about a sixth
 * of an unrecorded run's time. Read lazily, an info is made for the line that
 * lists it and for the run's end (`result.json`), and dropped after.
 */
export interface DeclaredSteps {
  readonly length: number;
  /** Step `i`'s id: no info made for it. */
  id(i: number): string;
  /** Step `i`'s info, made afresh at each call (an equal one each time). */
  info(i: number): JournalStepInfo;
}

/** Where a run's own `run_started` keeps its steps' source: not a field JSON or a listener sees. */
const DECLARED = Symbol("momoflow.declaredSteps");

type WithDeclared = RunStartedEvent & { [DECLARED]?: DeclaredSteps };

/**
 * `fields` as a `run_started` event whose `steps` are `declared`: read as
 * a field (JSON, a listener, a copy), the list is made once and kept with the
 * event; the journal's encoder and the run's replay read `declared` instead
 * (see {@link declaredStepsOf}). `fields.steps` holds the list's place in
 * the line: the fields keep their order.
 */
export function runStartedWith(fields: RunStartedEvent, declared: DeclaredSteps): RunStartedEvent {
  const event = fields as WithDeclared;
  Object.defineProperty(event, DECLARED, { value: declared });
  Object.defineProperty(event, "steps", {
    enumerable: true,
    configurable: true,
    get(this: WithDeclared): JournalStepInfo[] {
      const steps = infosOf(declared);
      Object.defineProperty(this, "steps", { value: steps, enumerable: true, writable: true });
      return steps;
    },
  });
  return event;
}

/** The source of `event`'s steps when it was made by {@link runStartedWith}: undefined for a line read back. */
export function declaredStepsOf(event: RunStartedEvent): DeclaredSteps | undefined {
  return (event as WithDeclared)[DECLARED];
}

/** Infos already made (a line read back) as declared steps. */
export function listedSteps(infos: readonly JournalStepInfo[]): DeclaredSteps {
  return { length: infos.length, id: (i) => infos[i]!.id, info: (i) => infos[i]! };
}

/** Every step's info, as a list. */
export function infosOf(declared: DeclaredSteps): JournalStepInfo[] {
  const infos: JournalStepInfo[] = [];
  for (let i = 0; i < declared.length; i++) infos.push(declared.info(i));
  return infos;
}
