/**
 * Stands in for `cssomnom/parse` in the kernel worker's bundle only (see astro.config.mjs). linkedom
 * uses that CSS parser for one thing, `HTMLStyleElement.sheet`, which neither Plot nor d3 reads: they
 * write a figure's <style> as text, and the figure travels to the page as markup. The parser is about
 * a fifth of the Plot chunk, so the worker leaves it out; reading `.sheet` there says why it fails.
 */
export function parse(): never {
  throw new Error('style.sheet: the browser kernel does not parse CSS (a figure\'s <style> is kept as text)');
}
