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
