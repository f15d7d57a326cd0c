/** The browser's answer on persistent storage, asked without asking for it. */

/** Whether the browser already granted persistent storage; null where it cannot say. */
export async function isPersisted(): Promise<boolean | null> {
  try {
    return (await globalThis.navigator?.storage?.persisted?.()) ?? null;
  } catch {
    return null;
  }
}
