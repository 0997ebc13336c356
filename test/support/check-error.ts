/** Test helper: the CheckError a function throws (fails the test when it throws none or another). */
import { expect } from "vitest";
import { CheckError } from "../../src/errors.js";

/** The CheckError thrown by f. */
export function checkError(f: () => unknown): CheckError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(CheckError);
    return err as CheckError;
  }
  throw new Error("expected a CheckError");
}
