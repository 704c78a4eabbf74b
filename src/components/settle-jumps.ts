/**
 * A jump to a heading or an equation lands where it should. Blocks off screen are not laid out
 * (`content-visibility: auto` in site.css) and count as 100 px until shown, so after the browser
 * scrolls to a fragment, the blocks that come into view take their real height and push the target
 * away, often by more than a screen. This scrolls the target back into place on each frame until
 * its position holds, and stops at once when the reader scrolls, taps or presses a key themselves.
 */
const MAX_FRAMES = 60;
const STABLE_FRAMES = 3;
let cancel: (() => void) | null = null;

function targetOf(hash: string): Element | null {
  if (hash.length < 2) return null;
  try {
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return null; // a malformed %-escape names no element
  }
}

function settle(target: Element): void {
  cancel?.();
  let frames = 0;
  let stable = 0;
  let last = Number.NaN;
  let frame = 0;
  const stop = () => {
    cancelAnimationFrame(frame);
    for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const) removeEventListener(type, stop, true);
    cancel = null;
  };
  const step = () => {
    target.scrollIntoView({ block: 'start', behavior: 'instant' });
    const top = target.getBoundingClientRect().top;
    stable = Math.abs(top - last) < 1 ? stable + 1 : 0;
    last = top;
    if (stable >= STABLE_FRAMES || ++frames >= MAX_FRAMES) stop();
    else frame = requestAnimationFrame(step);
  };
  for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const) addEventListener(type, stop, { capture: true, passive: true });
  cancel = stop;
  frame = requestAnimationFrame(step);
}

function settleHash(): void {
  const target = targetOf(location.hash);
  if (target) settle(target);
}

addEventListener('hashchange', settleHash);
// A click on a link to the fragment already in the address bar scrolls without a hashchange.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[href*="#"]');
  if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented) return;
  if (link.pathname === location.pathname && link.hash === location.hash) requestAnimationFrame(settleHash);
});
if (location.hash) settleHash();
