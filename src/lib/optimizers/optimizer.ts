/**
 * What every optimizer shares (chapter 08-optimizers): one `step` turns the gradients of a
 * mini-batch into an in-place update of the parameters, θ ← θ − lr·(direction), with the
 * direction depending on the method and on state carried from earlier steps.
 *
 * The base class here owns the bookkeeping — the step counter t, the learning rate at t,
 * the shape checks, and the per-parameter state buffers — so that each optimizer file holds
 * only its update rule, written entry by entry like the equations.
 */
import { assertMatrix, assertShape, Matrix, shapeOf } from '../matrix';

/** An update rule applied to a list of parameters and their gradients (same order, same shapes). */
export interface Optimizer {
  readonly name: string;
  /** Steps taken so far; the next call to `step` is step t + 1. */
  readonly t: number;
  /** Update every params[i] in place from grads[i]. */
  step(params: readonly Matrix[], grads: readonly Matrix[]): void;
}

/** A constant learning rate, or a schedule: the learning rate for step t (t = 1, 2, …). */
export type LearningRate = number | ((t: number) => number);

/** The learning rate for step t; a schedule's value is checked like a constant one. */
export function learningRateAt(op: string, lr: LearningRate, t: number): number {
  if (typeof lr === 'number') return lr;
  const value = lr(t);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${op}: the learning-rate schedule returned ${String(value)} at step ${t}, expected a finite number ≥ 0`);
  }
  return value;
}

/**
 * The shared machinery of the optimizers in this folder. A subclass declares how many state
 * buffers each parameter needs (momentum v, square average s, moments m and v, …) and
 * implements `update` for one parameter's flat data. Buffers are allocated, zero-filled, on the
 * first step; later steps allocate nothing.
 */
export abstract class ElementwiseOptimizer implements Optimizer {
  abstract readonly name: string;
  private steps = 0;
  private state: Float64Array[][] | null = null;
  /** Rows and columns of each parameter on the first step, kept as numbers so later checks allocate nothing. */
  private firstRows = new Int32Array(0);
  private firstCols = new Int32Array(0);

  protected constructor(
    private readonly learningRate: LearningRate,
    private readonly buffersPerParam: number,
  ) {}

  get t(): number {
    return this.steps;
  }

  step(params: readonly Matrix[], grads: readonly Matrix[]): void {
    this.checkInputs(params, grads);
    const t = this.steps + 1;
    const lr = learningRateAt(this.name, this.learningRate, t);
    if (this.state === null) {
      this.state = params.map((p) => Array.from({ length: this.buffersPerParam }, () => new Float64Array(p.size)));
      this.firstRows = Int32Array.from(params, (p) => p.rows);
      this.firstCols = Int32Array.from(params, (p) => p.cols);
    }
    for (let i = 0; i < params.length; i++) this.update(params[i].data, grads[i].data, this.state[i], lr, t);
    this.steps = t;
  }

  /** Update θ (flat) in place from the gradient g with this parameter's state buffers. */
  protected abstract update(theta: Float64Array, g: Float64Array, state: Float64Array[], lr: number, t: number): void;

  private checkInputs(params: readonly Matrix[], grads: readonly Matrix[]): void {
    if (params.length !== grads.length) {
      throw new Error(`${this.name}.step: ${params.length} parameters but ${grads.length} gradients; expected one gradient per parameter`);
    }
    if (params.length === 0) throw new Error(`${this.name}.step: no parameters to update`);
    for (let i = 0; i < params.length; i++) {
      const [p, g] = [params[i], grads[i]];
      // The messages are built only when a check fails: this runs on every training step.
      if (p instanceof Matrix && g instanceof Matrix && p.rows === g.rows && p.cols === g.cols) continue;
      assertMatrix(`${this.name}.step`, `parameter ${i}`, p);
      assertShape(`${this.name}.step`, `gradient ${i}`, g, p.rows, p.cols, `parameter ${i}`);
    }
    if (this.state !== null) {
      if (params.length !== this.firstRows.length) {
        throw new Error(
          `${this.name}.step: got ${params.length} parameters, but this optimizer's state was built for ${this.firstRows.length} on its first step; use a new optimizer for a new model`,
        );
      }
      for (let i = 0; i < params.length; i++) {
        if (params[i].rows !== this.firstRows[i] || params[i].cols !== this.firstCols[i]) {
          throw new Error(
            `${this.name}.step: parameter ${i} is (${shapeOf(params[i])}), but it was (${this.firstRows[i]}×${this.firstCols[i]}) on the first step; use a new optimizer for a new model`,
          );
        }
      }
    }
  }
}
