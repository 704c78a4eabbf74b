import { describe, expect, it } from 'vitest';
import { scopeFigureIds } from '~/cells/figure-ids';
import { figureDocument } from '~/cells/plot';
import { plotModule } from '~/cells/plot';

const parse = (markup: string) => {
  const document = figureDocument();
  const holder = document.createElement('div');
  holder.innerHTML = markup;
  return holder.firstElementChild as unknown as Element;
};

describe('scopeFigureIds', () => {
  it('renames ids and every reference to them, leaving other links alone', () => {
    const svg = parse(
      '<svg aria-labelledby="t other"><title id="t">T</title><clipPath id="plot-clip-1"><rect></rect></clipPath>' +
        '<g clip-path="url(#plot-clip-1)" style="mask: url(\'#plot-clip-1\')"><use href="#plot-clip-1"></use><use href="#elsewhere"></use></g></svg>',
    );
    scopeFigureIds(svg);
    const id = svg.querySelector('clipPath, clippath')!.getAttribute('id')!;
    expect(id).toMatch(/^f[0-9a-f]{16}-plot-clip-1$/);
    expect(svg.querySelector('g')!.getAttribute('clip-path')).toBe(`url(#${id})`);
    expect(svg.querySelector('g')!.getAttribute('style')).toBe(`mask: url('#${id}')`);
    expect(Array.from(svg.querySelectorAll('use')).map((u) => u.getAttribute('href'))).toEqual([`#${id}`, '#elsewhere']);
    const titleId = svg.querySelector('title')!.getAttribute('id')!;
    expect(svg.getAttribute('aria-labelledby')).toBe(`${titleId} other`);
  });

  it('gives different figures different ids and the same figure the same ids, and renames only once', () => {
    const a = () => parse('<svg><clipPath id="c"><rect width="1"></rect></clipPath><g clip-path="url(#c)"></g></svg>');
    const b = parse('<svg><clipPath id="c"><rect width="2"></rect></clipPath><g clip-path="url(#c)"></g></svg>');
    const idOf = (e: Element) => e.querySelector('[id]')!.getAttribute('id');
    const first = scopeFigureIds(a());
    expect(idOf(first)).toBe(idOf(scopeFigureIds(a())));
    expect(idOf(first)).not.toBe(idOf(scopeFigureIds(b)));
    const before = first.outerHTML;
    expect(scopeFigureIds(first).outerHTML).toBe(before);
  });

  it('leaves a figure without ids untouched', () => {
    const svg = parse('<svg><circle r="1"></circle></svg>');
    expect(scopeFigureIds(svg).outerHTML).toBe('<svg><circle r="1" /></svg>');
  });

  it('keeps Plot\'s clipped marks pointing at their own clip path', () => {
    const Plot = plotModule();
    const figure = Plot.plot({ marks: [Plot.line([1, 2, 3], { clip: true })] }) as unknown as Element;
    scopeFigureIds(figure);
    const clipIds = Array.from(figure.querySelectorAll('[id]')).map((e) => e.getAttribute('id'));
    const references = Array.from(figure.querySelectorAll('[clip-path]')).map((e) => /url\(#(.+)\)/.exec(e.getAttribute('clip-path')!)![1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(clipIds).toContain(reference);
    expect(clipIds.every((id) => /^f[0-9a-f]{16}-plot-clip-\d+$/.test(id!))).toBe(true);
  });
});
