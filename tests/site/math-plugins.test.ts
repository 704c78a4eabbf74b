import { describe, expect, it } from 'vitest';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkEquationAnchors, { equationId, equationTags } from '~/plugins/remark-equation-anchors';
import rehypeKatexChecks from '~/plugins/rehype-katex-checks';

/** The site's math pipeline (astro.config.mjs) on a Markdown string. */
async function render(markdown: string): Promise<string> {
  const processor = await createMarkdownProcessor({
    remarkPlugins: [remarkMath, remarkEquationAnchors],
    rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml' }], rehypeKatexChecks],
    syntaxHighlight: false,
  });
  const { code } = await processor.render(markdown, { fileURL: new URL('file:///chapter.md') });
  return code;
}

describe('equation numbers', () => {
  it('reads the number from \\tag{} and makes an id from it', () => {
    expect(equationTags('Z = XW + b \\tag{2.1}')).toEqual(['2.1']);
    expect(equationTags('a = b')).toEqual([]);
    expect(equationId('2.1')).toBe('eq-2.1');
    expect(equationId(' A 3 ')).toBe('eq-A-3');
  });

  it('wraps a numbered display equation in an anchored div, and leaves unnumbered ones alone', async () => {
    const html = await render('$$\nZ = XW \\tag{2.1}\n$$\n\n$$\nA = f(Z)\n$$\n');
    expect(html).toMatch(/<div id="eq-2\.1" class="equation"><span class="katex-display">/);
    expect(html.match(/class="equation"/g)).toHaveLength(1);
  });

  it('rejects the same number used twice on a page, naming both lines', async () => {
    await expect(render('$$\na \\tag{1}\n$$\n\ntext\n\n$$\nb \\tag{1}\n$$\n')).rejects.toThrow(/number 1 is already used on line 1/);
  });
});

describe('KaTeX output', () => {
  it('keeps MathML for screen readers and hides the visual HTML and TeX source from search', async () => {
    const html = await render('Inline $x^2$ math.');
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML">');
    expect(html).toMatch(/<span class="katex-html" aria-hidden="true" data-pagefind-ignore="">/);
    expect(html).toMatch(/<annotation encoding="application\/x-tex" data-pagefind-ignore="">x\^2<\/annotation>/);
  });

  it('fails on math KaTeX cannot parse instead of rendering it in red', async () => {
    await expect(render('Broken $\\frac{1}{$ here.')).rejects.toThrow(/KaTeX cannot render/);
  });
});
