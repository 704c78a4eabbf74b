/** How the engine checks the plain values it is given, and passes an error up with its context. */
import { describeValue } from './matrix';

/** f(), with `context` put in front of the message of any error it throws ("layer 2: …"). */
export function withContext<T>(context: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    throw new Error(`${context}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `value` after checking it is a positive integer: a count of samples, units, classes, epochs… */
export function positiveInteger(op: string, name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new Error(`${op}: ${name} must be a positive integer, got ${typeof value === 'number' ? value : describeValue(value)}`);
}

/**
 * Throws unless `value` is a finite number in the interval [min, max] (or open at either end),
 * with a message naming the operation, the value and the valid range (an optimizer's
 * hyperparameter, a dropout probability, a step size…).
 */
export function checkRange(
  op: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  { minOpen = false, maxOpen = false }: { minOpen?: boolean; maxOpen?: boolean } = {},
): number {
  const upper = max === Infinity ? '∞)' : `${max}${maxOpen ? ')' : ']'}`;
  const interval = `${minOpen ? '(' : '['}${min}, ${upper}`;
  const inside =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minOpen ? value > min : value >= min) &&
    (maxOpen ? value < max : value <= max);
  if (!inside) throw new Error(`${op}: ${name} must be a finite number in ${interval}, got ${String(value)}`);
  return value as number;
}
