import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getBootResult } from './boot-state.js';
import type { IsolationStatus } from './register.js';
import type { UpdateOffer } from './update-banner.js';

/**
 * The app's view of its service worker: cross-origin isolation and why, offline readiness, and
 * updates. An update waits until the person chooses to reload, so the open page never runs a mix
 * of old and new files; if another tab activates it, this page asks to reload too.
 */
export class PwaController implements ReactiveController {
  /** The build's version, shown in the About panel. */
  readonly version = __APP_VERSION__;
  /** Whether WASM threads are available, and why. */
  readonly isolation: IsolationStatus;
  /** Whether a service worker controls the page, so it opens and detects offline. */
  offlineReady = false;
  /** Whether a reload is offered, and why. */
  update: UpdateOffer = 'none';

  private reloading = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
    const boot = getBootResult();
    this.isolation = boot?.isolation ?? {
      isolated: self.crossOriginIsolated,
      reason: 'the page started without its boot script',
    };
  }

  hostConnected(): void {
    const workbox = getBootResult()?.workbox;
    if (!workbox) return;
    const container = navigator.serviceWorker;
    this.offlineReady = Boolean(container.controller);
    workbox.addEventListener('waiting', () => this.set('waiting'));
    // An update may have finished installing while the app was still loading: its event is gone.
    void container.getRegistration().then((registration) => {
      if (registration?.waiting && container.controller) this.set('waiting');
    });
    container.addEventListener('controllerchange', () => {
      if (this.reloading) {
        location.reload();
        return;
      }
      // A page already controlled gets a new controller only when another tab chose "Reload":
      // this page's files are from the old version. Otherwise offline set-up just finished.
      if (this.offlineReady) this.set('activated-elsewhere');
      this.offlineReady = true;
      this.host.requestUpdate();
    });
    // Browsers look for a new version on navigation; a page left open looks when shown again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void workbox.update().catch(() => undefined);
    });
  }

  /** Activates the waiting version (if any) and reloads into it. */
  applyUpdate(): void {
    const workbox = getBootResult()?.workbox;
    if (this.update === 'waiting' && workbox) {
      this.reloading = true;
      workbox.messageSkipWaiting();
    } else {
      location.reload();
    }
  }

  private set(update: UpdateOffer): void {
    this.update = update;
    this.host.requestUpdate();
  }
}
