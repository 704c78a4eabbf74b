/**
 * parseParityFile accepts well-formed 'mlp-parity/1' files and rejects each kind of malformed
 * one with a message that names the case and the key. The cases here are small hand-written
 * ones; the PyTorch fixture is parsed in parity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARITY_TOLERANCE, parseParityFile, ParityFormatError, type ParityCase } from '~/lib/parity-format';

const zeros = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));

/** 2 inputs → tanh(3) → softmax(2), 3 samples, SGD for 2 epochs of batches 2+1: 4 steps. */
function validCase(): ParityCase {
  const params = () => [
    { W: zeros(2, 3), b: [0, 0, 0] },
    { W: zeros(3, 2), b: [0, 0] },
  ];
  return {
    name: 'tiny',
    inputs: 2,
    layers: [
      { units: 3, activation: 'tanh' },
      { units: 2, activation: 'softmax' },
    ],
    params: params(),
    loss: 'cross_entropy',
    x: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    y: [
      [1, 0],
      [0, 1],
      [1, 0],
    ],
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    batch_size: 2,
    epochs: 2,
    expect: { forward: zeros(3, 2), loss0: 0.7, grads0: params(), input_grad0: zeros(3, 2), batch_losses: [1, 2, 3, 4], params: params() },
  };
}

const fileWith = (...cases: unknown[]) => ({ format: 'mlp-parity/1', tolerance: 1e-9, cases });

/** The message parseParityFile gives for validCase() after `mutate`. */
function errorAfter(mutate: (c: Record<string, any>) => void): string {
  const c = validCase() as unknown as Record<string, any>;
  mutate(c);
  try {
    parseParityFile(fileWith(c));
  } catch (error) {
    expect(error).toBeInstanceOf(ParityFormatError);
    return (error as Error).message;
  }
  throw new Error('parseParityFile accepted the malformed case');
}

describe('parseParityFile', () => {
  it('accepts a well-formed file and returns its cases unchanged', () => {
    const parsed = parseParityFile({ ...fileWith(validCase()), generator: 'by hand' });
    expect(parsed.cases).toEqual([validCase()]);
    expect(parsed.tolerance).toBe(1e-9);
    expect(parsed.generator).toBe('by hand');
  });

  it('takes the default tolerance when the file gives none', () => {
    expect(parseParityFile({ format: 'mlp-parity/1', cases: [validCase()] }).tolerance).toBe(DEFAULT_PARITY_TOLERANCE);
  });

  it('accepts a case without optimizer that checks only the first pass', () => {
    const c = validCase();
    delete c.optimizer;
    delete c.batch_size;
    delete c.epochs;
    delete c.expect.batch_losses;
    delete c.expect.params;
    expect(parseParityFile(fileWith(c)).cases[0]).toEqual(c);
  });

  it('rejects what is not a parity file at all', () => {
    expect(() => parseParityFile(null)).toThrow(/parseParityFile: expected an object \{format: 'mlp-parity\/1'/);
    expect(() => parseParityFile([])).toThrow(/expected an object/);
    expect(() => parseParityFile({ format: 'mlp-parity/2', cases: [validCase()] })).toThrow(`format is "mlp-parity/2", expected 'mlp-parity/1'`);
    expect(() => parseParityFile({ format: 'mlp-parity/1', cases: [] })).toThrow('cases must be a non-empty array');
    expect(() => parseParityFile({ ...fileWith(validCase()), tolerance: -1 })).toThrow('tolerance must be a positive number, got -1');
    expect(() => parseParityFile({ ...fileWith(validCase()), tolerence: 1e-6 })).toThrow('the file: unknown key "tolerence"');
  });

  it('names the case and the key of every malformed part', () => {
    const cases: [string, (c: Record<string, any>) => void, string | RegExp][] = [
      ['unknown case key', (c) => (c.colour = 'red'), 'case 1 (tiny): unknown key "colour"'],
      ['empty name', (c) => (c.name = ''), 'case 1: name must be a non-empty string'],
      ['fractional inputs', (c) => (c.inputs = 2.5), 'case 1 (tiny): inputs must be a positive integer, got 2.5'],
      ['no layers', (c) => (c.layers = []), 'case 1 (tiny): layers must be a non-empty array'],
      ['unknown activation', (c) => (c.layers[0].activation = 'swish'), 'case 1 (tiny): layers[0].activation is "swish", expected one of linear, sigmoid, tanh, relu, leaky_relu, softmax'],
      ['zero units', (c) => (c.layers[1].units = 0), 'case 1 (tiny): layers[1].units must be a positive integer, got 0'],
      ['slope on tanh', (c) => (c.layers[0].slope = 0.1), 'case 1 (tiny): layers[0].slope is only for leaky_relu, not tanh'],
      ['unknown layer key', (c) => (c.layers[0].bias = true), 'case 1 (tiny): layers[0]: unknown key "bias"'],
      ['params per layer', (c) => c.params.pop(), 'case 1 (tiny): params must have one {W, b} per layer (2), got an array of 1'],
      ['W rows', (c) => c.params[1].W.pop(), 'case 1 (tiny): params[1].W must be 3×2 numbers (an array of 3 rows), got an array of 2'],
      ['W columns', (c) => c.params[0].W[1].push(0), 'case 1 (tiny): params[0].W[1] must be 3 numbers, got an array of 4'],
      ['b length', (c) => c.params[1].b.push(0), 'case 1 (tiny): params[1].b must be 2 numbers, got an array of 3'],
      ['non-numeric entry', (c) => (c.params[0].b[2] = '0'), 'case 1 (tiny): params[0].b[2] is "0", expected a finite number'],
      ['non-finite entry', (c) => (c.x[1][0] = Infinity), 'case 1 (tiny): x[1][0] is Infinity, expected a finite number'],
      ['unknown loss', (c) => (c.loss = 'hinge'), 'case 1 (tiny): loss is "hinge", expected one of mse, cross_entropy, softmax_cross_entropy'],
      ['cross_entropy on logits', (c) => (c.layers[1].activation = 'linear'), 'case 1 (tiny): loss cross_entropy takes probabilities, so the last activation must be softmax, not linear'],
      [
        'softmax_cross_entropy on probabilities',
        (c) => (c.loss = 'softmax_cross_entropy'),
        'case 1 (tiny): loss softmax_cross_entropy takes logits, so the last activation must be linear, not softmax',
      ],
      ['x width', (c) => c.x[2].pop(), 'case 1 (tiny): x[2] must be 2 numbers, got an array of 1'],
      ['y rows', (c) => c.y.pop(), 'case 1 (tiny): y must be 3×2 numbers (an array of 3 rows), got an array of 2'],
      ['unknown optimizer', (c) => (c.optimizer = { name: 'adagrad', lr: 0.1 }), 'case 1 (tiny): optimizer: unknown optimizer "adagrad"; valid names are sgd, rmsprop, adam'],
      ['optimizer typo', (c) => (c.optimizer.weightDecay = 0.1), 'case 1 (tiny): optimizer: unknown key "weightDecay" for sgd (known: name, lr, momentum, dampening, nesterov, weight_decay)'],
      ['bad hyperparameter', (c) => (c.optimizer.momentum = 1.5), /case 1 \(tiny\): optimizer: .*momentum/],
      ['bad weight decay, named as the file spells it', (c) => (c.optimizer.weight_decay = -1), 'case 1 (tiny): optimizer: optimizerFromSpec: sgd: weight_decay must be a finite number in [0, ∞), got -1'],
      ['lr as text', (c) => (c.optimizer.lr = '0.1'), 'case 1 (tiny): optimizer.lr must be a number, got "0.1"'],
      ['batch size 0', (c) => (c.batch_size = 0), 'case 1 (tiny): batch_size must be a positive integer, got 0'],
      ['fractional epochs', (c) => (c.epochs = 1.5), 'case 1 (tiny): epochs must be a positive integer, got 1.5'],
      ['unknown expect key', (c) => (c.expect.loss1 = 0), 'case 1 (tiny): expect: unknown key "loss1"'],
      ['nothing expected', (c) => (c.expect = {}), 'case 1 (tiny): expect is empty, so there is nothing to check'],
      ['forward shape', (c) => (c.expect.forward = zeros(3, 3)), 'case 1 (tiny): expect.forward[0] must be 2 numbers, got an array of 3'],
      ['loss0 not a number', (c) => (c.expect.loss0 = [0.7]), 'case 1 (tiny): expect.loss0 must be a finite number, got an array of 1'],
      ['grads0 shape', (c) => c.expect.grads0[0].W.pop(), 'case 1 (tiny): expect.grads0[0].W must be 2×3 numbers'],
      ['input_grad0 shape', (c) => (c.expect.input_grad0 = zeros(2, 2)), 'case 1 (tiny): expect.input_grad0 must be 3×2 numbers'],
      ['too few batch losses', (c) => c.expect.batch_losses.pop(), 'case 1 (tiny): expect.batch_losses (2 epoch(s) × ⌈3/2⌉ batches) must be 4 numbers, got an array of 3'],
      ['trained params shape', (c) => c.expect.params[1].b.pop(), 'case 1 (tiny): expect.params[1].b must be 2 numbers, got an array of 1'],
      ['training without optimizer', (c) => delete c.optimizer, 'case 1 (tiny): expect.batch_losses and expect.params describe training, which needs an optimizer'],
    ];
    for (const [what, mutate, message] of cases) {
      if (typeof message === 'string') expect(errorAfter(mutate), what).toContain(`parseParityFile: ${message}`);
      else expect(errorAfter(mutate), what).toMatch(message);
    }
  });

  it('counts cases from 1 and rejects a name used twice', () => {
    const second = { ...validCase(), name: 'second', inputs: 0 };
    expect(() => parseParityFile(fileWith(validCase(), second))).toThrow('case 2 (second): inputs must be a positive integer, got 0');
    expect(() => parseParityFile(fileWith(validCase(), validCase()))).toThrow('case 2 (tiny): name "tiny" is used by an earlier case');
  });
});
