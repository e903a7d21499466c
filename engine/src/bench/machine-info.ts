import { arch, cpus, platform, totalmem } from "node:os";
import type { MachineInfo } from "./bench-report";

/** What the report needs to know about this machine to compare runs across machines. */
export function describeMachine(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: list.length,
    cpuModel: list[0]?.model.trim() || "unknown",
    totalMemoryBytes: totalmem(),
  };
}
