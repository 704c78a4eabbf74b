/**
 * Optimizers from a plain-data description (chapter 08-optimizers): the optimizer's name and the
 * options its function takes, spelled the same way, so `{ name: 'adam', lr: 0.01, weightDecay: 0.1 }`
 * is `adam({ lr: 0.01, weightDecay: 0.1 })`. This is what `fit` accepts as its optimizer. (The
 * parity files spell their keys in snake_case; parity-format.ts converts them where it reads them.)
 */
import { withContext } from '../errors';
import { ADAM_OPTIONS, adam, type AdamOptions } from './adam';
import type { Optimizer } from './optimizer';
import { RMSPROP_OPTIONS, rmsprop, type RmspropOptions } from './rmsprop';
import { SGD_OPTIONS, sgd, type SgdOptions } from './sgd';

export type OptimizerSpec = ({ name: 'sgd' } & SgdOptions) | ({ name: 'rmsprop' } & RmspropOptions) | ({ name: 'adam' } & AdamOptions);

export type OptimizerName = OptimizerSpec['name'];

/** Each optimizer's options, as its function names them. */
export const OPTIMIZER_OPTIONS: { readonly [N in OptimizerName]: readonly string[] } = {
  sgd: SGD_OPTIONS,
  rmsprop: RMSPROP_OPTIONS,
  adam: ADAM_OPTIONS,
};

const isOptimizerName = (name: unknown): name is OptimizerName => Object.hasOwn(OPTIMIZER_OPTIONS, name as PropertyKey);

/** The optimizer a spec describes; missing options take the optimizer's (PyTorch's) defaults. */
export function optimizerFromSpec(spec: OptimizerSpec): Optimizer {
  const op = 'optimizerFromSpec';
  if (spec === null || typeof spec !== 'object') throw new Error(`${op}: expected an object like { name: 'sgd', lr: 0.1 }, got ${String(spec)}`);
  const { name, ...options } = spec;
  if (!isOptimizerName(name)) {
    throw new Error(`${op}: unknown optimizer ${JSON.stringify(name) ?? String(name)}; valid names are ${Object.keys(OPTIMIZER_OPTIONS).join(', ')}`);
  }
  return withContext(op, () => {
    switch (name) {
      case 'sgd':
        return sgd(options as SgdOptions);
      case 'rmsprop':
        return rmsprop(options as RmspropOptions);
      case 'adam':
        return adam(options as AdamOptions);
    }
  });
}
