import { describe, expect, it } from 'vitest';
import { fromFunction } from '~/lib/matrix';
import { Sequential } from '~/lib/training';
import { PARAMS_FORMAT, paramsFromJSON } from '~/lib/params';

describe('params JSON', () => {
  it('round-trips a model through JSON text exactly', () => {
    const model = new Sequential(3, [{ units: 4, activation: { name: 'leaky_relu', slope: 0.3 } }, { units: 2, activation: 'softmax' }], { seed: 4 });
    model.layers[0]!.b.data.set([0.1, -0.2, 0.3, 1e-300]);
    const text = JSON.stringify(model.toJSON());
    const copy = Sequential.fromJSON(JSON.parse(text));
    expect(copy.params().map((p) => Array.from(p.data))).toEqual(model.params().map((p) => Array.from(p.data)));
    expect(copy.layers[0]!.activation.description).toBe(model.layers[0]!.activation.description);
    const X = fromFunction(5, 3, (i, j) => i - j);
    expect(copy.predict(X).toArray()).toEqual(model.predict(X).toArray());
  });

  it('snapshots the numbers: training the model later does not change saved JSON', () => {
    const model = new Sequential(2, [{ units: 1 }], { seed: 1 });
    const saved = model.toJSON();
    const before = saved.layers[0]!.W[0]![0];
    model.layers[0]!.W.data[0] = 123;
    expect(saved.layers[0]!.W[0]![0]).toBe(before);
  });

  it('says what is wrong with a malformed file', () => {
    const good = new Sequential(2, [{ units: 3 }, { units: 1 }]).toJSON();
    expect(() => paramsFromJSON({ ...good, format: 'other' })).toThrow(`format is "other", expected '${PARAMS_FORMAT}'`);
    const shortW = structuredClone(good);
    shortW.layers[1]!.W.pop();
    expect(() => paramsFromJSON(shortW)).toThrow('paramsFromJSON: layer 2: W must be 3×1 finite numbers (inputs × units)');
    const nanB = structuredClone(good);
    nanB.layers[0]!.b[0] = NaN;
    expect(() => paramsFromJSON(nanB)).toThrow('paramsFromJSON: layer 1: b must be 3 finite numbers');
    expect(() => paramsFromJSON(null)).toThrow(/expected an object/);
    const badActivation = structuredClone(good) as unknown as { layers: { activation: unknown }[] };
    badActivation.layers[1]!.activation = 'gelu';
    expect(() => paramsFromJSON(badActivation)).toThrow('paramsFromJSON: layer 2: activationFromSpec: unknown activation "gelu"');
    const wideInput = structuredClone(good);
    wideInput.inputs = 3;
    expect(() => paramsFromJSON(wideInput)).toThrow('paramsFromJSON: layer 1: W must be 3×3 finite numbers (inputs × units)');
  });
});
