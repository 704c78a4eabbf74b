/**
 * The engine's public surface: what a chapter cell gets from `import { … } from "mlp"`.
 * Each module is one concept; see its doc comment for the chapter equation it implements.
 */
export * from './matrix';
export * from './format';
export * from './optimizers/optimizer';
export * from './optimizers/sgd';
export * from './optimizers/rmsprop';
export * from './optimizers/adam';
export * from './optimizers/schedule';
export * from './optimizers/from-spec';
export * from './metrics';
export * from './data/mnist';
export * from './random';
export * from './init';
export * from './data/datasets';
export * from './activations/activation';
export * from './activations/linear';
export * from './activations/sigmoid';
export * from './activations/tanh';
export * from './activations/relu';
export * from './activations/leaky-relu';
export * from './activations/softmax';
export * from './gradcheck';
export * from './parameter-vector';
export * from './directional';
export * from './hessian-vector';
export * from './curvature';
export * from './losses/loss';
export * from './losses/mse';
export * from './losses/cross-entropy';
export * from './losses/softmax-cross-entropy';
export * from './kronecker';
export * from './dense';
export * from './dropout';
export * from './layer-norm';
export * from './network';
export * from './training';
export * from './params';
export * from './parity-format';
export * from './parity';
