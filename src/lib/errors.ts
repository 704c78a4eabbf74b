/** How the engine passes an error up with the context it happened in. */

/** f(), with `context` put in front of the message of any error it throws ("layer 2: …"). */
export function withContext<T>(context: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    throw new Error(`${context}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
