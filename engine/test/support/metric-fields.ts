/** The fields every step's metrics hold, in the order the engine makes them (and a journal line writes them). */
export const REQUIRED_METRIC_FIELDS = [
  "startTime",
  "endTime",
  "durationMs",
  "cpuUserMs",
  "cpuSystemMs",
  "peakMemoryBytes",
] as const;
