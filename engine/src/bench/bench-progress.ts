/** Receives one line of progress per measurement, for a terminal or a log. */
export type BenchProgress = (line: string) => void;
