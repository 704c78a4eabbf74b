import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import remarkBaseLinks, { withBase } from '~/plugins/remark-base-links';

async function render(markdown: string, base: string): Promise<string> {
  const processor = await createMarkdownProcessor({ remarkPlugins: [[remarkBaseLinks, { base }]], syntaxHighlight: false });
  return (await processor.render(markdown)).code;
}

describe('withBase', () => {
  it('prefixes site-absolute URLs only', () => {
    const base = '/mlp-from-scratch/';
    expect(withBase('/05-backpropagation/', base)).toBe('/mlp-from-scratch/05-backpropagation/');
    expect(withBase('/05-backpropagation/#eq-5.1', base)).toBe('/mlp-from-scratch/05-backpropagation/#eq-5.1');
    expect(withBase('/', base)).toBe('/mlp-from-scratch/');
    for (const untouched of ['#eq-2.1', '../x/', 'https://example.org/a', '//cdn.example.org/a', 'mailto:a@b.c', '/mlp-from-scratch/x/']) {
      expect(withBase(untouched, base)).toBe(untouched);
    }
  });

  it('leaves every URL alone under the root base', () => {
    expect(withBase('/05-backpropagation/', '/')).toBe('/05-backpropagation/');
  });
});

describe('remarkBaseLinks', () => {
  it('rewrites inline links and link definitions, not link text or code', async () => {
    const html = await render('See [chapter 5](/05-backpropagation/) and [ref].\n\n`/05-backpropagation/`\n\n[ref]: /06-kronecker/\n', '/sub/');
    expect(html).toContain('<a href="/sub/05-backpropagation/">chapter 5</a>');
    expect(html).toContain('<a href="/sub/06-kronecker/">ref</a>');
    expect(html).toContain('<code>/05-backpropagation/</code>');
  });

  it('rewrites images, so a figure in public/ loads under the base too', async () => {
    const html = await render('![a figure](/figures/x.svg) ![remote](https://example.org/y.png)\n', '/sub/');
    expect(html).toContain('src="/sub/figures/x.svg"');
    expect(html).toContain('src="https://example.org/y.png"');
  });
});
