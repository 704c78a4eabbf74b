import { describe, expect, it } from 'vitest';
import { canonicalFigureStyle, fetchFree, scopeFigureStyle } from '~/cells/figure-css';
import { sanitizeSvg } from '~/cells/sanitize-svg';
import { parseFragment as parse } from './dom';

const PLOT_STYLE = ':where(.plot-d6a7b5) {\n  --plot-background: white;\n  display: block;\n  max-width: 100%;\n}\n:where(.plot-d6a7b5 text),\n:where(.plot-d6a7b5 tspan) {\n  white-space: pre;\n}';

describe('fetchFree: CSS that can load nothing', () => {
  it.each([
    'url(http://evil/x)', 'URL( "/x" )', 'image-set(url(/x) 1x)', 'image-set("/x" 1x)', '-webkit-image-set(/x 1x)', 'src(/x)', 'image(/x)', 'cross-fade(url(/a), url(/b))',
    '\\75 rl(/x)', 'u\\rl(/x)', '\\000075rl(/x)', 'ur/**/l(/x)', 'element(#x)', 'paint(worklet)', 'attr(href url)', 'expression(alert(1))', 'javascript:alert(1)', 'var(--a, url(/x))',
  ])('refuses %s', (value) => {
    expect(fetchFree(`background: ${value}`)).toBe(false);
  });

  it.each(['url(#plot-clip-1)', 'url( "#g" )', 'rgb(0 0 0 / 50%)', 'translate(10,20) rotate(45)', 'calc(100% - var(--x))', 'color-mix(in srgb, red, blue)', 'system-ui, sans-serif'])('keeps %s', (value) => {
    expect(fetchFree(value)).toBe(true);
  });
});

describe('a figure stylesheet', () => {
  it('keeps flat rules, and refuses at-rules, strings, escapes, nesting and unbalanced brackets', () => {
    expect(canonicalFigureStyle(PLOT_STYLE)).not.toBeNull();
    for (const css of ['@import url(/x);', '@import "/x";', '@font-face { font-family: x; src: local(x) }', '@media print { a { b: c } }', 'a { content: "}" }', 'a { b { c: d } }', '\\62 ody { display: none }', 'a) , body , :is(b { color: red }', 'a { color: rgb(1 2 3 }', 'a[x { color: red }', '</style><script>', 'a { color: red'])
      expect(canonicalFigureStyle(css), css).toBeNull();
  });

  it('scopes every selector to its figure, with zero specificity kept, and scoping twice changes nothing', () => {
    const css = canonicalFigureStyle('body, .mlp-run { display: none }\n:root { --sl-color-bg: red }')!;
    const scoped = scopeFigureStyle(css, 'mlp-figure-0123456789abcdef');
    expect(scoped).toBe(
      ':where(.mlp-figure-0123456789abcdef):is(body), :where(.mlp-figure-0123456789abcdef) body, :where(.mlp-figure-0123456789abcdef):is(.mlp-run), :where(.mlp-figure-0123456789abcdef) .mlp-run { display: none }\n' +
        ':where(.mlp-figure-0123456789abcdef):is(:root), :where(.mlp-figure-0123456789abcdef) :root { --sl-color-bg: red }',
    );
    expect(scopeFigureStyle(canonicalFigureStyle(scoped)!, 'mlp-figure-0123456789abcdef')).toBe(scoped);
  });

  it('the sanitizer scopes a figure\'s styles to a class of its root, strips scope classes the figure claimed, and gives the same markup when run again', () => {
    const dirty = `<svg class="plot-d6a7b5 mlp-figure-ffffffffffffffff"><style>${PLOT_STYLE}</style><style>rect { fill: url(/x) }</style><g class="mlp-figure-aaaaaaaaaaaaaaaa"></g></svg>`;
    const once = sanitizeSvg(dirty, parse);
    const scope = /class="plot-d6a7b5 (mlp-figure-[0-9a-f]{16})"/.exec(once)![1]!;
    expect(scope).not.toBe('mlp-figure-ffffffffffffffff');
    expect(once).not.toContain('aaaaaaaaaaaaaaaa');
    expect(once).not.toContain('url(/x)');
    expect(once).toContain(`:where(.${scope}):is(:where(.plot-d6a7b5))`);
    expect(sanitizeSvg(once, parse)).toBe(once);
  });
});
