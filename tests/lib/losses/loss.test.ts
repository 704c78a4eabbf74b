import { describe, expect, it } from 'vitest';
import { LOSS_NAMES, loss, type LossName } from '~/lib/losses/loss';

describe('loss', () => {
  it('returns the named loss', () => {
    for (const name of LOSS_NAMES) expect(loss(name).name).toBe(name);
  });

  it('lists the valid names for an unknown one', () => {
    expect(() => loss('hinge' as LossName)).toThrow(
      'loss: unknown loss "hinge", expected one of mse, cross_entropy, softmax_cross_entropy',
    );
  });
});
