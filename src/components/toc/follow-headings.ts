/**
 * "On this page" marks the section the reader is in: the last linked heading whose top has passed
 * a line just below the page's header. Only those headings are watched: an IntersectionObserver
 * whose root reaches from far above the page down to that line reports every heading that crosses
 * it, however fast the reader scrolls or jumps, and the marked link is then recomputed from the
 * headings' positions. The cost is the number of headings, not of the page's elements. At the
 * end of the page the last sections may be too short to reach the line; there the last heading in
 * view is marked, checked when a scroll ends.
 */
export class SectionTableOfContents extends HTMLElement {
  private links: HTMLAnchorElement[] = [];
  private headings: HTMLElement[] = [];
  private observer: IntersectionObserver | null = null;
  private current: HTMLAnchorElement | null = null;

  connectedCallback(): void {
    const start = () => this.watch();
    if ('requestIdleCallback' in window) requestIdleCallback(start);
    else setTimeout(start, 1);
    addEventListener('scrollend', () => this.update(this.line()), { passive: true });
    addEventListener('resize', () => {
      this.observer?.disconnect();
      this.observer = null;
      this.watch();
    });
  }

  /**
   * How far below the top of the window a heading counts as reached: the header (and the phone's
   * bar) plus 2.5 rem, a little more than the 2 rem a heading lands below the header when a link
   * jumps to it, so a heading jumped to is the one marked.
   */
  private line(): number {
    const header = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
    const bar = this.querySelector('summary')?.getBoundingClientRect().height ?? 0;
    return header + bar + 40;
  }

  private watch(): void {
    this.links = [...this.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')];
    this.headings = this.links.map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1)))).filter((h): h is HTMLElement => h !== null);
    const line = this.line();
    const above = 1_000_000;
    this.observer = new IntersectionObserver(() => this.update(line), { rootMargin: `${above}px 0px ${line - document.documentElement.clientHeight}px 0px` });
    for (const heading of this.headings) this.observer.observe(heading);
  }

  private update(line: number): void {
    let reached = this.headings[0];
    for (const heading of this.headings) {
      if (heading.getBoundingClientRect().top <= line) reached = heading;
      else break;
    }
    const root = document.documentElement;
    if (scrollY + root.clientHeight >= root.scrollHeight - 2) {
      for (const heading of this.headings) if (heading.getBoundingClientRect().top < root.clientHeight) reached = heading;
    }
    const link = reached && this.links.find((l) => l.hash === `#${encodeURIComponent(reached.id)}`);
    if (link) this.mark(link);
  }

  protected mark(link: HTMLAnchorElement): void {
    if (link === this.current) return;
    this.current?.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    this.current = link;
  }
}

/** The phone's drop-down: names the current section in its summary, and closes when a link is chosen, on a click outside, or on Escape. */
export class MobileSectionTableOfContents extends SectionTableOfContents {
  override connectedCallback(): void {
    super.connectedCallback();
    const details = this.querySelector('details');
    if (!details) return;
    const close = () => {
      details.open = false;
    };
    for (const link of details.querySelectorAll('a')) link.addEventListener('click', close);
    addEventListener('click', (event) => {
      if (!details.contains(event.target as Node)) close();
    });
    window.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !details.open) return;
      const hadFocus = details.contains(document.activeElement);
      close();
      if (hadFocus) details.querySelector('summary')?.focus();
    });
  }

  protected override mark(link: HTMLAnchorElement): void {
    super.mark(link);
    const shown = this.querySelector('.display-current');
    if (shown) shown.textContent = link.textContent;
  }
}
