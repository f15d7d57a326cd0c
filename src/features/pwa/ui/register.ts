/**
 * The page side of the service worker: registers it, and makes the page cross-origin isolated on
 * hosts that cannot send the headers — by reloading once, the first time the service worker
 * takes control. Runs before the app is loaded, so the app never starts twice.
 */
import { Workbox } from 'workbox-window';
import type { SwMessage } from '../../../protocol/sw-messages.js';

/** Whether the page can use WASM threads, and why, in words a person reads. */
export interface IsolationStatus {
  isolated: boolean;
  reason: string;
}

/** What booting found: the isolation status, and the service worker's handle (null without one). */
export interface BootResult {
  isolation: IsolationStatus;
  workbox: Workbox | null;
}

/** Session key set just before the one automatic reload: a second reload is never tried. */
const RELOAD_GUARD_KEY = 'textspot:isolation-reload';
/**
 * How long the first visit waits for the service worker to install (it precaches about 20 MB: the
 * app, ONNX Runtime's WASM build and the model) before starting without threads, ms.
 */
const FIRST_INSTALL_WAIT_MS = 20_000;

function readGuard(): boolean | null {
  try {
    return sessionStorage.getItem(RELOAD_GUARD_KEY) !== null;
  } catch {
    return null; // Storage refused: no way to guard a reload, so none is tried.
  }
}

function setGuard(on: boolean): boolean {
  try {
    if (on) sessionStorage.setItem(RELOAD_GUARD_KEY, String(Date.now()));
    else sessionStorage.removeItem(RELOAD_GUARD_KEY);
    return true;
  } catch {
    return false;
  }
}

/** Reloads the page once; resolves never (the page is going away) unless the guard cannot be set. */
function reloadOnce(): Promise<never> | null {
  if (!setGuard(true)) return null;
  location.reload();
  return new Promise<never>(() => undefined);
}

/** Resolves true once a service worker controls the page, false after `ms` or if install fails. */
function waitForControl(registration: ServiceWorkerRegistration, ms: number): Promise<boolean> {
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    navigator.serviceWorker.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
    registration.installing?.addEventListener('statechange', (event) => {
      if ((event.target as ServiceWorker).state === 'redundant') {
        clearTimeout(timer);
        resolve(false);
      }
    });
  });
}

/** Shows what booting waits for, in the placeholder the page ships with (see index.html). */
function say(text: string): void {
  const status = document.getElementById('boot-status');
  if (status) status.textContent = text;
}

/**
 * Asks the active service worker to control this page and waits for it (or for the installing
 * one to finish): resolves whether it took control within the first-install wait.
 */
function takeControl(registration: ServiceWorkerRegistration): Promise<boolean> {
  say('Preparing TextSpot for offline use…');
  registration.active?.postMessage({ type: 'CLAIM' } satisfies SwMessage);
  return waitForControl(registration, FIRST_INSTALL_WAIT_MS);
}

/**
 * Registers the service worker at `scriptUrl` and returns once the app may start. On a host that
 * sends no isolation headers, the first controlled load reloads the page once so that the
 * service worker's headers apply; a guard in session storage prevents a second reload.
 */
export async function bootServiceWorker(scriptUrl: string): Promise<BootResult> {
  const serverIsolated = self.crossOriginIsolated && !navigator.serviceWorker?.controller;
  if (!('serviceWorker' in navigator)) {
    return {
      isolation: self.crossOriginIsolated
        ? { isolated: true, reason: 'the server sends the isolation headers' }
        : {
            isolated: false,
            reason: 'this window offers no service workers (a private window?)',
          },
      workbox: null,
    };
  }

  const workbox = new Workbox(scriptUrl);
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await workbox.register({ immediate: true });
  } catch (error) {
    // Refused registrations (storage blocked, a test browser's block) differ in their errors.
    console.warn('TextSpot: service worker registration failed', error);
    return {
      isolation: {
        isolated: self.crossOriginIsolated,
        reason: self.crossOriginIsolated
          ? 'the server sends the isolation headers'
          : 'the service worker could not be registered, so this page cannot isolate itself',
      },
      workbox: null,
    };
  }

  if (self.crossOriginIsolated) {
    setGuard(false);
    if (registration && !navigator.serviceWorker.controller) {
      // Isolated by the server on a first visit: no reload is needed, but starting before the
      // service worker takes over would download ONNX Runtime and the weights twice (once for the
      // page, once for the precache). Waiting lets the app load them from the precache.
      await takeControl(registration);
    }
    return {
      isolation: {
        isolated: true,
        reason: serverIsolated
          ? 'the server sends the isolation headers'
          : 'the service worker adds the isolation headers',
      },
      workbox: registration ? workbox : null,
    };
  }
  if (!registration) {
    // Registration was refused without an error (test browsers block it this way).
    return {
      isolation: { isolated: false, reason: 'service worker registration was blocked' },
      workbox: null,
    };
  }
  if (readGuard()) {
    setGuard(false);
    return {
      isolation: {
        isolated: false,
        reason: 'the page stayed unisolated after reloading under the service worker',
      },
      workbox,
    };
  }

  if (!navigator.serviceWorker.controller) {
    // A hard reload leaves the page uncontrolled although a service worker is active.
    if (!(await takeControl(registration))) {
      return {
        isolation: {
          isolated: false,
          reason: 'offline set-up is still under way; the next visit uses every thread',
        },
        workbox,
      };
    }
  }
  say('Reloading once to enable multi-threading…');
  const reloading = reloadOnce();
  if (reloading) return reloading;
  return {
    isolation: { isolated: false, reason: 'session storage is refused, so no reload was tried' },
    workbox,
  };
}
