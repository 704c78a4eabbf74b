import { describe, expect, it } from 'vitest';
import { LOSS_NAMES, lossFromName, type LossName } from '~/lib/losses/loss';

describe('loss', () => {
  it('returns the named loss', () => {
    for (const name of LOSS_NAMES) expect(lossFromName(name).name).toBe(name);
  });

  it('lists the valid names for an unknown one', () => {
    expect(() => lossFromName('hinge' as LossName)).toThrow(
      'lossFromName: unknown loss "hinge", expected one of mse, cross_entropy, softmax_cross_entropy',
    );
  });
});
