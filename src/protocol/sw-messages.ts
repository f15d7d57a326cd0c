/**
 * Messages the page sends its service worker, by `type`:
 * - `SKIP_WAITING`: activate the waiting update now (the person chose "Reload"); Workbox's own type.
 * - `CLAIM`: take control of this page, which a hard reload left uncontrolled.
 */
export interface SwMessage {
  type: 'SKIP_WAITING' | 'CLAIM';
}
