/**
 * Wide display equations and tables scroll sideways on a narrow screen, and a region that scrolls
 * must be reachable with the keyboard (WCAG 2.1.1; axe's scrollable-region-focusable). Only those
 * that actually overflow become tab stops, so a desktop reader does not tab through every equation;
 * they are re-measured when the page's width changes.
 */
const SCROLLERS = '.sl-markdown-content .katex-display, .sl-markdown-content table';

function label(element: Element): string {
  const equation = element.closest('.equation')?.id.replace(/^eq-/, '');
  if (equation) return `Equation (${equation}), scrolls sideways`;
  return element.matches('table') ? 'Table, scrolls sideways' : 'Equation, scrolls sideways';
}

function mark(element: HTMLElement): void {
  const scrolls = element.scrollWidth > element.clientWidth + 1;
  if (scrolls && !element.hasAttribute('tabindex')) {
    element.tabIndex = 0;
    element.setAttribute('role', 'region');
    element.setAttribute('aria-label', label(element));
    element.dataset.scrollRegion = '';
  } else if (!scrolls && element.dataset.scrollRegion !== undefined) {
    element.removeAttribute('tabindex');
    element.removeAttribute('role');
    element.removeAttribute('aria-label');
    delete element.dataset.scrollRegion;
  }
}

const observer = new ResizeObserver((entries) => {
  for (const entry of entries) mark(entry.target as HTMLElement);
});
for (const element of document.querySelectorAll<HTMLElement>(SCROLLERS)) observer.observe(element);
