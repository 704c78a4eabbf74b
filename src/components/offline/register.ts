/**
 * Registers the service worker (src/integrations/offline.ts) once the page has loaded, and tells
 * the reader when a new version of the course is ready: a small bar with a Reload button, which
 * hands control to the new worker and reloads. Edits in cells are saved as they are typed, so
 * reloading loses nothing. Hand-written rather than workbox-window: the page needs a dozen lines,
 * not a 3 KB library on every first load.
 */
const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

function offerReload(worker: ServiceWorker): void {
  if (document.querySelector('.mlp-update')) return;
  const bar = document.createElement('div');
  bar.className = 'mlp-update';
  bar.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.textContent = 'A new version of this course is ready.';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'mlp-button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => {
    reload.disabled = true;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    // Workbox's worker calls skipWaiting() when told to.
    worker.postMessage({ type: 'SKIP_WAITING' });
  });
  bar.append(text, reload);
  document.body.append(bar);
}

async function register(): Promise<void> {
  const registration = await navigator.serviceWorker.register(`${base}sw.js`, { scope: base });
  // A worker already waiting (installed by an earlier visit while an older one controlled the page).
  if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      // Installed while another worker controls the page: a new deploy, not the first visit.
      if (installing.state === 'installed' && navigator.serviceWorker.controller) offerReload(installing);
    });
  });
}

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const start = () => void register().catch((error: unknown) => console.warn('The course could not be made available offline:', error));
  if (document.readyState === 'complete') start();
  else addEventListener('load', start, { once: true });
}
