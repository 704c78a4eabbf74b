/**
 * Timing helpers for the benchmark. Contenders of one comparison run interleaved, round by round,
 * so a noisy neighbour or a CPU clock change hits all of them alike; each round times a batch of
 * calls long enough (≥ `roundMs`) that the timer's resolution does not matter.
 */

export interface Contender {
  name: string;
  /** One unit of work (one matmul, one training step). */
  run: () => void;
  /** Optional clean-up after all rounds (free tensors, …). */
  dispose?: () => void;
}

export interface Timing {
  name: string;
  /** Median seconds per call over the rounds. */
  secondsPerCall: number;
  /** Every round's seconds per call, in order. */
  rounds: number[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** How many calls of `run` take about `roundMs`, found by doubling from one call. */
function callsPerRound(run: () => void, roundMs: number): number {
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    const elapsed = performance.now() - start;
    if (elapsed >= roundMs / 4 || calls >= 1 << 20) return Math.max(1, Math.ceil((calls * roundMs) / Math.max(elapsed, 1e-3)));
    calls *= 2;
  }
}

/** Warms every contender up, then times them interleaved for `rounds` rounds. */
export function compare(contenders: readonly Contender[], options: { rounds?: number; roundMs?: number } = {}): Timing[] {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 300;
  const calls = contenders.map((c) => callsPerRound(c.run, roundMs));
  const times = contenders.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    contenders.forEach((c, i) => {
      const start = performance.now();
      for (let k = 0; k < calls[i]!; k++) c.run();
      times[i]!.push((performance.now() - start) / 1000 / calls[i]!);
    });
  }
  contenders.forEach((c) => c.dispose?.());
  return contenders.map((c, i) => ({ name: c.name, secondsPerCall: median(times[i]!), rounds: times[i]! }));
}

/** Spread of a timing's rounds as ± percent of its median, so a reader can judge the noise. */
export function spreadPercent(timing: Timing): number {
  const lo = Math.min(...timing.rounds);
  const hi = Math.max(...timing.rounds);
  return (100 * (hi - lo)) / 2 / timing.secondsPerCall;
}
