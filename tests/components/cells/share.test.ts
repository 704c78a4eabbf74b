import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_SHARE_CHARS, MAX_SHARED_CODE_CHARS } from '~/components/cells/share';

describe('share links', () => {
  it('round-trips code with non-ASCII text, quotes and URL-special characters', () => {
    const code = 'const σ = (z: number) => 1 / (1 + Math.exp(-z)); // "ü" & #x=1?\n`${a}`';
    const fragment = encodeShare('cell 3', code);
    expect(fragment).toMatch(/^cell=cell%203&code=[A-Za-z0-9_-]+$/);
    expect(decodeShare(`#${fragment}`)).toEqual({ ok: true, cellId: 'cell 3', code, controls: {} });
  });

  it('carries the control values with the code, labels and texts of any characters included', () => {
    const controls = { 'learning rate': 0.0316, 'β₁ & β₂': 0.9, optimizer: 'Adam #2', 'show grid': false, 'resample?': 3 };
    const fragment = encodeShare('opt', 'slider("learning rate", { min: 0.001, max: 1, value: 0.1, log: true })', controls);
    const decoded = decodeShare(`#${fragment}`);
    expect(decoded).toMatchObject({ ok: true, cellId: 'opt', controls });
    expect(decoded && decoded.ok && decoded.controlsProblem).toBeUndefined();
    // No values, no parameter: a link to unmoved controls stays as short as before.
    expect(encodeShare('opt', 'x')).not.toContain('controls=');
  });

  it('keeps the code of a link whose control values are damaged, and says what was wrong with them', () => {
    const base = encodeShare('c', 'const a = 1;');
    for (const [values, problem] of [
      ['%7Bnot json', /damaged/],
      [encodeURIComponent('[1, 2]'), /not a list of labels/],
      [encodeURIComponent('"text"'), /not a list of labels/],
      [encodeURIComponent(JSON.stringify({ x: 'y'.repeat(5000) })), /too long/],
    ] as const) {
      const decoded = decodeShare(`#${base}&controls=${values}`);
      expect(decoded).toMatchObject({ ok: true, code: 'const a = 1;', controls: {} });
      expect(decoded && decoded.ok && decoded.controlsProblem).toMatch(problem);
    }
  });

  it('is no share link without both cell and code', () => {
    expect(decodeShare('#section-2')).toBeNull();
    expect(decodeShare('#cell=3')).toBeNull();
    expect(decodeShare('')).toBeNull();
  });

  it('reports a damaged payload instead of throwing', () => {
    const result = decodeShare('#cell=2&code=not*base64');
    expect(result).toMatchObject({ ok: false, cellId: '2' });
    const truncated = encodeShare('2', 'matmul(X, W)'.repeat(20)).slice(0, -6);
    expect(decodeShare(truncated)).toMatchObject({ ok: false, cellId: '2' });
  });

  it('refuses links longer than the cap before decoding them', () => {
    const result = decodeShare(`#cell=1&code=${'A'.repeat(MAX_SHARE_CHARS + 1)}`);
    expect(result).toMatchObject({ ok: false, cellId: '1' });
    expect(result && !result.ok && result.reason).toMatch(/too long/);
  });

  it('refuses a short link that inflates to more code than the cap (a deflate bomb)', () => {
    const payload = deflateSync(strToU8(' '.repeat(MAX_SHARED_CODE_CHARS + 1)), { level: 9 });
    const base64 = Buffer.from(payload).toString('base64url');
    expect(base64.length).toBeLessThan(MAX_SHARE_CHARS);
    const result = decodeShare(`cell=1&code=${base64}`);
    expect(result).toMatchObject({ ok: false, cellId: '1' });
    expect(result && !result.ok && result.reason).toMatch(/too long/);
  });

  it('says which part of a link is wrong: characters, packing, or text that is not UTF-8', () => {
    expect(decodeShare('#cell=1&code=a*b')).toMatchObject({ ok: false, reason: expect.stringMatching(/characters a link of this site never has/) });
    expect(decodeShare('#cell=1&code=AAAA')).toMatchObject({ ok: false, reason: expect.stringMatching(/could not be unpacked/) });
    const latin1 = Buffer.from(deflateSync(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toString('base64url');
    expect(decodeShare(`#cell=1&code=${latin1}`)).toMatchObject({ ok: false, cellId: '1', reason: expect.stringMatching(/not UTF-8/) });
  });
});
