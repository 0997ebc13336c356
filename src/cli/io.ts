/** The CLI's window on the world, injectable so tests run `main` in-process. */
export interface IO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars redraw one line); absent or false otherwise. */
  readonly isTTY?: boolean;
}

export const processIO: IO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY === true,
};
