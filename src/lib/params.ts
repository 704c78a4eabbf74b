/**
 * Saving and loading a model's parameters as plain JSON ('mlp-params/1'), so a trained network
 * can be stored, shared between pages, or compared with another framework's weights.
 */
import { activationFromSpec, type ActivationSpec } from './activations/activation';
import { withContext } from './errors';
import { fromArray, Matrix, rowVector } from './matrix';

export const PARAMS_FORMAT = 'mlp-params/1';

export interface LayerParamsJSON {
  units: number;
  activation: ActivationSpec;
  /** inputs×units, one inner array per input row. */
  W: number[][];
  /** units values. */
  b: number[];
}

export interface ParamsJSON {
  format: typeof PARAMS_FORMAT;
  inputs: number;
  layers: LayerParamsJSON[];
}

/** What a model is rebuilt from: its input width, and each layer's activation, W and b. */
export interface ModelParams {
  inputs: number;
  layers: { activation: ActivationSpec; W: Matrix; b: Matrix }[];
}

/** Parameters as JSON-ready data (numbers are copied, so later training does not change it). */
export function paramsToJSON(model: ModelParams): ParamsJSON {
  return {
    format: PARAMS_FORMAT,
    inputs: model.inputs,
    layers: model.layers.map((layer) => ({
      units: layer.W.cols,
      activation: typeof layer.activation === 'object' ? { ...layer.activation } : layer.activation,
      W: layer.W.toArray(),
      b: Array.from(layer.b.data),
    })),
  };
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/**
 * Checks a parsed 'mlp-params/1' object (e.g. from JSON.parse) and returns its matrices. Errors
 * say which layer and field is wrong and what was expected.
 */
export function paramsFromJSON(json: unknown): ModelParams {
  const op = 'paramsFromJSON';
  if (json === null || typeof json !== 'object') throw new Error(`${op}: expected an object in format '${PARAMS_FORMAT}', got ${String(json)}`);
  const data = json as Partial<ParamsJSON>;
  if (data.format !== PARAMS_FORMAT) {
    throw new Error(`${op}: format is ${JSON.stringify(data.format)}, expected '${PARAMS_FORMAT}'`);
  }
  if (!Number.isInteger(data.inputs) || data.inputs! < 1) {
    throw new Error(`${op}: inputs is ${JSON.stringify(data.inputs)}, expected a positive integer`);
  }
  if (!Array.isArray(data.layers) || data.layers.length === 0) {
    throw new Error(`${op}: layers must be a non-empty array`);
  }
  let width = data.inputs!;
  const layers = data.layers.map((layer, index) => {
    const where = `${op}: layer ${index + 1}`;
    if (layer === null || typeof layer !== 'object') throw new Error(`${where} is ${String(layer)}, expected an object`);
    const { units, activation, W, b } = layer as LayerParamsJSON;
    if (!Number.isInteger(units) || units < 1) throw new Error(`${where}: units is ${JSON.stringify(units)}, expected a positive integer`);
    if (!Array.isArray(W) || W.length !== width || !W.every((row) => isNumberArray(row) && row.length === units)) {
      throw new Error(`${where}: W must be ${width}×${units} finite numbers (inputs × units)`);
    }
    if (!isNumberArray(b) || b.length !== units) throw new Error(`${where}: b must be ${units} finite numbers`);
    if (activation === undefined) throw new Error(`${where}: activation is missing`);
    withContext(where, () => activationFromSpec(activation));
    width = units;
    return { activation, W: fromArray(W), b: rowVector(b) };
  });
  return { inputs: data.inputs!, layers };
}
