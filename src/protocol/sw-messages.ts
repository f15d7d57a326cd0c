/** Messages the page sends its service worker. */
export const SwMessage = {
  /** Activate the waiting update now (the person chose "Reload"); Workbox's own message type. */
  SkipWaiting: 'SKIP_WAITING',
  /** Take control of this page, which a hard reload left uncontrolled. */
  Claim: 'CLAIM',
} as const;
