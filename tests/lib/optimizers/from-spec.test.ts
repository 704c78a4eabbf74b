/**
 * The engine's optimizers against PyTorch 1.13 (float64): tests/fixtures/optimizers-torch.json holds
 * five steps of torch.optim.SGD / RMSprop / Adam / AdamW for every option combination on fixed
 * parameters and gradients (regenerate with `/usr/bin/python3 scripts/reference/optimizers.py`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matrix } from '~/lib/matrix';
import { optimizerFromSpec, type OptimizerSpec } from '~/lib/optimizers/from-spec';
import { inverseTimeDecay } from '~/lib/optimizers/schedule';
import { sgd } from '~/lib/optimizers/sgd';
import { optimizerSpecFromParity, type ParityOptimizer } from '~/lib/parity-format';
import { expectClose } from '../../close';

interface Fixture {
  torch_version: string;
  shapes: [number, number][];
  params0: number[][];
  grads: number[][][];
  cases: { name: string; spec: ParityOptimizer; inverse_time_decay?: number; params: number[][][] }[];
}

const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/optimizers-torch.json', import.meta.url), 'utf8'),
);

const matrices = (flat: number[][]) =>
  flat.map((values, i) => new Matrix(fixture.shapes[i][0], fixture.shapes[i][1], Float64Array.from(values)));

describe('optimizerFromSpec against PyTorch 1.13', () => {
  it('the fixture covers every optimizer and option', () => {
    expect(fixture.torch_version.startsWith('1.13')).toBe(true);
    const keys = new Set(fixture.cases.flatMap((c) => Object.keys(c.spec).map((k) => `${c.spec.name}.${k}`)));
    for (const k of ['sgd.momentum', 'sgd.dampening', 'sgd.nesterov', 'sgd.weight_decay', 'rmsprop.alpha', 'rmsprop.eps',
      'rmsprop.weight_decay', 'adam.beta1', 'adam.beta2', 'adam.eps', 'adam.weight_decay', 'adam.decoupled']) {
      expect(keys.has(k), k).toBe(true);
    }
  });

  for (const c of fixture.cases) {
    it(`${c.name}: every step matches torch (rtol 1e-12)`, () => {
      // The fixture is written by Python with PyTorch's snake_case keys, like the parity files.
      const spec = optimizerSpecFromParity(c.spec);
      const optimizer = optimizerFromSpec(c.inverse_time_decay === undefined ? spec : { ...spec, lr: inverseTimeDecay(c.spec.lr, c.inverse_time_decay) });
      const params = matrices(fixture.params0);
      fixture.grads.forEach((step, t) => {
        optimizer.step(params, matrices(step));
        expect(optimizer.t).toBe(t + 1);
        params.forEach((p, i) => expectClose(p, c.params[t][i], { rtol: 1e-12, atol: 0 }));
      });
    });
  }
});

describe('optimizerFromSpec', () => {
  it('names the optimizer it built; decoupled adam is adamw', () => {
    expect(optimizerFromSpec({ name: 'sgd', lr: 0.1 }).name).toBe('sgd');
    expect(optimizerFromSpec({ name: 'rmsprop', lr: 0.1 }).name).toBe('rmsprop');
    expect(optimizerFromSpec({ name: 'adam', lr: 0.1 }).name).toBe('adam');
    expect(optimizerFromSpec({ name: 'adam', lr: 0.1, decoupled: true }).name).toBe('adamw');
  });

  it('rejects unknown names and keys, listing the valid ones', () => {
    expect(() => optimizerFromSpec({ name: 'adagrad', lr: 0.1 } as unknown as OptimizerSpec)).toThrow(
      'unknown optimizer "adagrad"; valid names are sgd, rmsprop, adam',
    );
    expect(() => optimizerFromSpec({ name: 'sgd', lr: 0.1, weight_decay: 0.1 } as unknown as OptimizerSpec)).toThrow(
      'optimizerFromSpec: sgd: unknown option "weight_decay"; valid options are lr, momentum, dampening, nesterov, weightDecay',
    );
  });

  it('passes hyperparameters through to their validation', () => {
    expect(() => optimizerFromSpec({ name: 'adam', lr: 0.1, beta2: 1 })).toThrow('adam: beta2 must be a finite number in [0, 1), got 1');
  });

  it('takes the options spelled as the optimizer functions spell them, so a spec and a call are interchangeable', () => {
    const viaSpec = optimizerFromSpec({ name: 'sgd', lr: 0.1, momentum: 0.5, weightDecay: 0.2 });
    const viaCall = sgd({ lr: 0.1, momentum: 0.5, weightDecay: 0.2 });
    const [a, b] = [new Matrix(1, 2, Float64Array.of(1, -2)), new Matrix(1, 2, Float64Array.of(1, -2))];
    for (let t = 0; t < 3; t++) {
      viaSpec.step([a], [new Matrix(1, 2, Float64Array.of(0.5, t))]);
      viaCall.step([b], [new Matrix(1, 2, Float64Array.of(0.5, t))]);
    }
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(a.data[0]).not.toBe(1);
  });
});
