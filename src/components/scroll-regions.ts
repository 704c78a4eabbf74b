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

const elements = [...document.querySelectorAll<HTMLElement>(SCROLLERS)];
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) mark(entry.target as HTMLElement);
});
for (const element of elements) observer.observe(element);

/**
 * Blocks off screen are not laid out (`content-visibility: auto`, site.css), so the observer hears
 * of them only when the reader scrolls near; a keyboard reader tabbing down the page must find
 * them marked before that. Measuring one forces its layout, so they are measured a few at a time
 * while the page is idle, and again when its width changes; the root element's
 * `data-scroll-regions="ready"` says a sweep has finished.
 */
const idle = (work: (deadline?: IdleDeadline) => void) => ('requestIdleCallback' in window ? requestIdleCallback(work) : setTimeout(work, 1));
let sweep = 0;
function measureAll(): void {
  const mine = ++sweep;
  let next = 0;
  const step = (deadline?: IdleDeadline) => {
    if (mine !== sweep) return;
    const until = performance.now() + 8;
    while (next < elements.length && (deadline ? deadline.timeRemaining() > 1 : performance.now() < until)) mark(elements[next++]!);
    if (next < elements.length) idle(step);
    else document.documentElement.dataset.scrollRegions = 'ready';
  };
  delete document.documentElement.dataset.scrollRegions;
  idle(step);
}
let width = innerWidth;
addEventListener('resize', () => {
  if (innerWidth === width) return;
  width = innerWidth;
  measureAll();
});
measureAll();
