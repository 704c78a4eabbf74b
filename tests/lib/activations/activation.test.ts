import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, activation, type ActivationName } from '~/lib/activations/activation';

describe('activation', () => {
  it('returns the named activation', () => {
    for (const name of ACTIVATION_NAMES) {
      const act = activation(name);
      expect(act.name).toBe(name);
      expect(act.elementwise).toBe(name !== 'softmax');
    }
    expect(activation({ name: 'leaky_relu', slope: 0.3 }).description).toBe('leaky_relu(slope 0.3)');
  });

  it('names the valid choices when the name is unknown', () => {
    expect(() => activation('gelu' as ActivationName)).toThrow(
      'activation: unknown activation "gelu", expected one of linear, sigmoid, tanh, relu, leaky_relu, softmax',
    );
    expect(() => activation({ name: 'relu', slope: 1 } as never)).toThrow(
      `activation: only leaky_relu takes options ({ name: 'leaky_relu', slope }), got {"name":"relu","slope":1}`,
    );
  });
});
