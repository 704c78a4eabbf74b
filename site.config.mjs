/**
 * Site identity in one place: astro.config.mjs, the footer and anything else that needs to name the
 * site, link to its repository or build URLs under its base path reads these values from here.
 *
 * Deployment-specific values come from the environment so a fork or a preview deploy can override
 * them without editing code:
 *   SITE_BASE  base path the site is served under, e.g. "/mlp-from-scratch/" (default "/")
 *   SITE_URL   absolute origin, e.g. "https://example.org" (optional; enables canonical URLs and the sitemap)
 *   SITE_REPO  repository URL used for "Edit this page" links
 */

/** Normalises a base path to start and end with "/" (Astro joins it with page paths). */
function normaliseBase(base) {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

const repoUrl = (process.env.SITE_REPO ?? 'https://github.com/mlp-from-scratch/mlp-from-scratch').replace(/\/+$/, '');

export const site = Object.freeze({
  title: 'MLP from Scratch',
  description:
    'An open text that derives a multilayer perceptron by hand — forward pass, chain rule, Kronecker-product Jacobians, ' +
    'the softmax Jacobian, losses and optimizers — with live TypeScript cells you can edit and run.',
  /** Absolute origin of the deployed site, or undefined when unknown (local builds). */
  url: process.env.SITE_URL || undefined,
  base: normaliseBase(process.env.SITE_BASE ?? '/'),
  repoUrl,
  /** Branch the "Edit this page" links point at. */
  editBranch: 'main',
  /** Base for Starlight's edit links: the page's path inside the repository is appended to it. */
  get editBaseUrl() {
    return `${this.repoUrl}/edit/${this.editBranch}/`;
  },
  /**
   * Two licences so courses can be built on this one: code (engine, runner, site, the code in cells)
   * under MIT, prose and figures under CC BY 4.0. Shown in every page footer, the README and the
   * teaching guide; the texts are LICENSE and LICENSE-CONTENT.md at the repository root.
   */
  licences: Object.freeze({
    code: Object.freeze({ name: 'MIT', url: 'https://opensource.org/license/mit', file: 'LICENSE' }),
    content: Object.freeze({
      name: 'CC BY 4.0',
      url: 'https://creativecommons.org/licenses/by/4.0/',
      file: 'LICENSE-CONTENT.md',
    }),
  }),
});

export default site;
