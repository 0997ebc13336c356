/**
 * Decimal text for exact rationals that are terminating decimals (denominator 2^a·5^b), so that a
 * number computed from decimal literals prints as a decimal: ½·9.109e-31 is `4.5545e-31`, 2·0.25 is
 * `0.5`. The text always parses back to the same rational (numbers stay exact inside).
 */
import Fraction from "fraction.js";

/**
 * `value` written as a decimal — in scientific notation (`4.5545e-31`) when `scientific` and its
 * exponent lies outside −4…6, else plain (`0.125`) — or undefined when it is not a terminating decimal or is an integer (which prints as
 * itself).
 */
export function decimalText(value: Fraction, scientific: boolean): string | undefined {
  let d = value.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) [d, twos] = [d / 2n, twos + 1];
  while (d % 5n === 0n) [d, fives] = [d / 5n, fives + 1];
  if (d !== 1n || value.d === 1n) return undefined;
  // value = N·10^(−k) with N an integer.
  let k = Math.max(twos, fives);
  let N = (value.n * 10n ** BigInt(k)) / value.d;
  while (N % 10n === 0n) [N, k] = [N / 10n, k - 1];
  const digits = N.toString();
  const sign = value.s < 0 ? "-" : "";
  const exponent = digits.length - 1 - k;
  if (scientific && (exponent < -4 || exponent > 6)) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent}`;
  }
  const padded = digits.padStart(k + 1, "0");
  return `${sign}${padded.slice(0, padded.length - k)}.${padded.slice(padded.length - k)}`;
}

/** Whether literal text is in scientific notation (`1e-3`, `6.02E23`). */
export const isScientific = (text: string): boolean => /[eE]/.test(text);
