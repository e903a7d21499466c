import type { DeclaredSteps } from "./declared-steps";
import type { JournalStepInfo } from "./journal-event";

/**
 * The replay's steps by index: each one's id, and its info. A run's own
 * steps are declared (see {@link DeclaredSteps}): their infos are made when
 * read, none kept; steps added later (instances, steps met undeclared) and
 * those of a journal read back are kept as given.
 */
export class ReplayedStepInfos {
  /** Every step's id, by index: what lookups read, no info needed. */
  private ids: string[] = [];
  /** Steps `[0, declared.length)`, when declared. */
  private declared: DeclaredSteps | undefined;
  /** Where the kept infos start: after the declared steps. */
  private keptFrom = 0;
  /** The infos of the steps from {@link keptFrom} on. */
  private kept: JournalStepInfo[] = [];

  get length(): number {
    return this.ids.length;
  }

  /** Step `i`'s id (`i` below {@link length}). */
  id(i: number): string {
    return this.ids[i]!;
  }

  /** Step `i`'s id, or undefined past the last step. */
  idIfAny(i: number): string | undefined {
    return this.ids[i];
  }

  /** Step `i`'s info: a declared step's made afresh (an equal one each time). */
  info(i: number): JournalStepInfo {
    if (i >= this.keptFrom) return this.kept[i - this.keptFrom]!;
    return this.declared!.info(i);
  }

  /** Every step's info, in index order. */
  all(): JournalStepInfo[] {
    const infos: JournalStepInfo[] = [];
    for (let i = 0; i < this.ids.length; i++) infos.push(this.info(i));
    return infos;
  }

  /**
   * Replaces the info of step `i`, one added (a step met undeclared): a
   * declared step's info is its step's, and stays so.
   */
  set(i: number, info: JournalStepInfo): void {
    if (i >= this.keptFrom) this.kept[i - this.keptFrom] = info;
  }

  /** Adds a step after the others: its index. */
  add(info: JournalStepInfo): number {
    this.kept.push(info);
    return this.ids.push(info.id) - 1;
  }

  /** Adds steps after the others, kept as given. */
  addAll(infos: readonly JournalStepInfo[]): void {
    if (this.ids.length > 0) {
      for (const info of infos) this.add(info);
      return;
    }
    this.kept = infos.slice();
    this.ids = this.kept.map((info) => info.id);
  }

  /** Takes `steps` as the first steps (there are none yet): their infos made when read. */
  declare(steps: DeclaredSteps): void {
    if (this.ids.length > 0) {
      for (let i = 0; i < steps.length; i++) this.add(steps.info(i));
      return;
    }
    this.declared = steps;
    this.keptFrom = steps.length;
    // Pushed, not sized up front: a sized array past 100,000 slots is a dictionary in V8.
    const ids: string[] = [];
    for (let i = 0; i < steps.length; i++) ids.push(steps.id(i));
    this.ids = ids;
  }
}
