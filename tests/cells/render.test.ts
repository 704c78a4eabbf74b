import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { declareControl, LOG_POSITIONS, logPosition } from '~/cells/controls';
import { controlsToTree, outputsToTree, toDom } from '~/cells/render';
import type { Output } from '~/cells/types';
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

describe('controls', () => {
  const dom = () => parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
  const control = (type: Parameters<typeof declareControl>[0], label: string, options: unknown = {}): Output => ({ kind: 'control', control: declareControl(type, label, options) });
  const outputs: Output[] = [
    control('slider', 'learning rate', { min: 0.001, max: 1, value: 0.01, log: true }),
    { kind: 'value', text: '42' },
    control('slider', 'h', { min: -1, max: 1, value: 0.5, unit: 'units' }),
    control('number', 'batch <size>', { value: 8, min: 1 }),
    control('select', 'optimizer', { options: ['SGD', 'Adam'], value: 'Adam' }),
    control('checkbox', 'grid', { value: true }),
    control('button', 'again'),
  ];

  it('are left out of the outputs read in order, and stand in a panel of their own, in the order declared', () => {
    expect(outputsToTree(outputs).map((o) => o.tag)).toEqual(['pre']);
    const [panel] = toDom([controlsToTree(outputs, 'cell 3')!], dom()) as [Element];
    expect(panel.getAttribute('role')).toBe('group');
    expect([...panel.querySelectorAll('.mlp-control')].map((c) => c.getAttribute('data-type'))).toEqual(['slider', 'slider', 'number', 'select', 'checkbox', 'button']);
    expect(controlsToTree([{ kind: 'value', text: '1' }], 'x')).toBeNull();
  });

  it('are native inputs, each named by its label (text, not markup), with ids unique to the cell', () => {
    const [panel] = toDom([controlsToTree(outputs, 'cell 3')!], dom()) as [Element];
    const inputs = [...panel.querySelectorAll('input, select')];
    expect(inputs.map((i) => i.getAttribute('id'))).toEqual([0, 1, 2, 3, 4].map((i) => `mlp-control-cell_3-${i}`));
    for (const input of inputs) expect(panel.querySelector(`label[for="${input.getAttribute('id')}"]`)?.textContent).not.toBe('');
    expect(panel.querySelector('label[for="mlp-control-cell_3-2"]')!.textContent).toBe('batch <size>');
    expect(panel.querySelector('button')!.textContent).toBe('again');
  });

  it('show their value: a log slider by its position and value text, a linear one by its own range and step', () => {
    const [panel] = toDom([controlsToTree(outputs, 'c')!], dom()) as [Element];
    const [log, linear] = [...panel.querySelectorAll('input[type=range]')];
    expect([log!.getAttribute('min'), log!.getAttribute('max'), log!.getAttribute('value')]).toEqual(['0', String(LOG_POSITIONS), String(logPosition(0.001, 1, 0.01))]);
    expect(log!.getAttribute('aria-valuetext')).toBe('0.01');
    expect([linear!.getAttribute('min'), linear!.getAttribute('max'), linear!.getAttribute('step')]).toEqual(['-1', '1', '0.02']);
    expect(linear!.getAttribute('aria-valuetext')).toBe('0.5 units');
    expect([...panel.querySelectorAll('output')].map((o) => o.textContent)).toEqual(['0.01', '0.5 units']);
    expect(panel.querySelector('input[type=number]')!.getAttribute('step')).toBe('any');
    expect(panel.querySelector('option[selected]')!.textContent).toBe('Adam');
    expect(panel.querySelector('input[type=checkbox]')!.hasAttribute('checked')).toBe(true);
  });
});
