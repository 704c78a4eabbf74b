/**
 * Browser-test plumbing: the built site served under its base path, as a host would (the static
 * server is scripts/serve-site.ts, shared with the Lighthouse audit), and Debian's Chromium driven
 * by playwright-core. Never downloads a browser.
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, missingChromium, serveSite, type SiteServer } from '../../scripts/serve-site';

export { CHROMIUM, missingChromium, type SiteServer };

/** Serves `dist` at http://127.0.0.1:PORT{base}; everything outside the base is a 404. */
export function serve(dist: string, base = '/'): Promise<SiteServer> {
  return serveSite(dist, { base });
}

export function launch(): Promise<Browser> {
  const missing = missingChromium();
  if (missing) throw new Error(missing);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
