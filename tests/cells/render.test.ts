import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { outputsToTree, toHtml } from '~/cells/render';
import { sanitizeSvg } from '~/cells/sanitize-svg';
import { validateWorkerMessage } from '~/cells/protocol';

const parse = (html: string) => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const div = document.createElement('div');
  div.innerHTML = html;
  return div as never;
};

describe('toHtml', () => {
  it('escapes everything a cell printed', () => {
    const html = toHtml(outputsToTree([{ kind: 'log', level: 'log', text: '<img src=x onerror=alert(1)>' }, { kind: 'value', text: '"&"' }]));
    expect(html).toBe('<pre class="mlp-out mlp-out-log" data-level="log">&lt;img src=x onerror=alert(1)&gt;</pre><pre class="mlp-out mlp-out-value">&quot;&amp;&quot;</pre>');
  });

  it('drops figure markup unless a sanitizer is given', () => {
    const tree = outputsToTree([{ kind: 'svg', svg: '<svg><circle r="1"></circle></svg>' }]);
    expect(toHtml(tree)).toBe('<div class="mlp-out mlp-out-svg"></div>');
    expect(toHtml(tree, (m) => sanitizeSvg(m, parse))).toMatch(/<circle r="1"/);
  });

  it('writes errors with their position and marks expected ones', () => {
    const html = toHtml(outputsToTree([{ kind: 'error', name: 'Error', message: 'bad <shape>', line: 3, column: 2, expected: true }]));
    expect(html).toContain('Expected error: ');
    expect(html).toContain('bad &lt;shape&gt; (line 3, column 2)');
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

  it('refuses markup whose root is not a figure', () => {
    expect(() => sanitizeSvg('<img src=x onerror=alert(1)>', parse)).toThrow(/must be <svg> or <figure>, got <img>/);
  });
});

describe('validateWorkerMessage', () => {
  it('accepts well-formed messages and rejects everything else', () => {
    expect(validateWorkerMessage({ type: 'output', runId: 1, output: { kind: 'log', level: 'info', text: 'x' } })).not.toBeNull();
    expect(validateWorkerMessage({ type: 'output', runId: 1, output: { kind: 'html', html: '<b>' } })).toBeNull();
    expect(validateWorkerMessage({ type: 'output', runId: 1, output: { kind: 'log', level: 'shout', text: 'x' } })).toBeNull();
    expect(validateWorkerMessage({ type: 'done', runId: 2, result: { status: 'ok', outputs: [{ kind: 'value' }], durationMs: 1 } })).toBeNull();
    expect(validateWorkerMessage('ready')).toBeNull();
    expect(validateWorkerMessage({ type: 'ready' })).toEqual({ type: 'ready' });
  });
});
