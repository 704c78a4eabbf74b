import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, activationFromSpec, type ActivationName } from '~/lib/activations/activation';

describe('activation', () => {
  it('returns the named activation', () => {
    for (const name of ACTIVATION_NAMES) {
      const act = activationFromSpec(name);
      expect(act.name).toBe(name);
      expect(act.elementwise).toBe(name !== 'softmax');
    }
    expect(activationFromSpec({ name: 'leaky_relu', slope: 0.3 }).description).toBe('leaky_relu(slope 0.3)');
  });

  it('names the valid choices when the name is unknown', () => {
    expect(() => activationFromSpec('gelu' as ActivationName)).toThrow(
      'activationFromSpec: unknown activation "gelu", expected one of linear, sigmoid, tanh, relu, leaky_relu, softmax',
    );
    expect(() => activationFromSpec({ name: 'relu', slope: 1 } as never)).toThrow(
      `activationFromSpec: only leaky_relu takes options ({ name: 'leaky_relu', slope }), got {"name":"relu","slope":1}`,
    );
  });
});
