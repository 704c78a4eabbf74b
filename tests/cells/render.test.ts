import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { outputsToTree, toDom } from '~/cells/render';
import { sanitizeSvg } from '~/cells/sanitize-svg';
import { parseFragment as parse } from './dom';

describe('toDom', () => {
  const dom = () => parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;

  it('sets text as text: markup a cell printed never becomes elements', () => {
    const document = dom();
    const [node] = toDom(outputsToTree([{ kind: 'log', level: 'error', text: '<img src=x onerror=alert(1)>' }]), document) as [Element];
    expect(node.tagName.toLowerCase()).toBe('pre');
    expect(node.getAttribute('data-level')).toBe('error');
    expect(node.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(node.querySelector('img')).toBeNull();
  });

  it('parses and sanitizes figures before they join the document', () => {
    const document = dom();
    const markup = '<svg onload="alert(1)"><script>alert(2)</script><circle r="4" onclick="alert(3)"></circle><a href="javascript:alert(4)"><text>t</text></a></svg>';
    const [wrapper] = toDom(outputsToTree([{ kind: 'svg', svg: markup, id: 'fig' }]), document) as [Element];
    expect(wrapper.getAttribute('data-output-id')).toBe('fig');
    const html = wrapper.innerHTML;
    expect(html).toMatch(/<circle r="4"/);
    expect(html).not.toMatch(/alert|script|onload|onclick|<a/);
  });
});

describe('sanitizeSvg', () => {
  it('removes scripts, foreignObject, event handlers and javascript: links', () => {
    const dirty = '<svg onload="alert(1)"><script>alert(2)</script><foreignObject><div>x</div></foreignObject>' +
      '<a href="javascript:alert(3)"><text>t</text></a><circle r="2" onclick="alert(4)" fill="url(http://evil/x)"></circle>' +
      '<use href="#ok"></use><style>@import url(http://evil)</style></svg>';
    const clean = sanitizeSvg(dirty, parse);
    expect(clean).not.toMatch(/alert|script|foreignObject|javascript|evil|onload|onclick|<a/i);
    expect(clean).toMatch(/<circle r="2"/);
    expect(clean).toMatch(/<use href="#ok"/);
  });

  it('keeps what Plot draws: figure wrappers, titles, styles, clip paths by fragment', () => {
    const plot = '<figure class="plot-d6a7b5-figure"><h2>Loss</h2><svg viewBox="0 0 10 10" class="plot"><style>:where(.plot) { fill: currentColor; }</style>' +
      '<defs><clipPath id="c"><rect width="5" height="5"></rect></clipPath></defs><g clip-path="url(#c)" aria-label="line"><path d="M0,0L5,5" stroke="red"></path></g></svg></figure>';
    const clean = sanitizeSvg(plot, parse);
    // (linkedom writes clipPath in lower case; a browser's HTML parser restores SVG's camel case.)
    for (const piece of ['<h2>Loss</h2>', 'viewbox="0 0 10 10"', ':where(.plot)', '<clippath id="c">', 'clip-path="url(#c)"', 'd="M0,0L5,5"']) {
      expect(clean.toLowerCase()).toContain(piece.toLowerCase());
    }
  });

  it('drops external references hidden in styles, data: URLs and xlink:href', () => {
    const dirty = '<svg><rect style="fill: url(https://evil/x)" width="1"></rect><image href="data:image/png;base64,AAAA"></image>' +
      '<use xlink:href="https://evil/sprite.svg#a"></use><style>rect { background: url(javascript:alert(1)) }</style><rect style="fill:red"></rect></svg>';
    const clean = sanitizeSvg(dirty, parse);
    expect(clean).not.toMatch(/evil|data:|javascript|<image|<style/);
    expect(clean).toMatch(/<rect width="1"\s*\/?>/);
    expect(clean).toContain('style="fill:red"');
  });

  it('refuses markup whose root is not a figure', () => {
    expect(() => sanitizeSvg('<img src=x onerror=alert(1)>', parse)).toThrow(/root must be <svg>, <figure> or <div> .*, got <img>/);
  });
});
