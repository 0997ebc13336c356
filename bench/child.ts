/** What bench/run.ts measures of one child process, shared with bench/noether.ts. */

/** One child process: wall time, peak memory, output. */
export interface Run {
  seconds: number;
  peakKB: number;
  /** CPU seconds (user + system) of the child: at exit from the preload, else the last poll. */
  cpuSeconds: number;
  timedOut: boolean;
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** The median of a non-empty list (the mean of the middle two for an even length). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A measured row's common part: status, wall seconds (median), CPU seconds, peak memory. */
export interface Measured {
  status: "ok" | "timeout" | "error";
  message?: string;
  seconds: number;
  allSeconds: number[];
  cpuSeconds: number;
  peakMB: number;
}
