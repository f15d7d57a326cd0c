/** A function that runs `action` with the latest arguments once calls pause for `quietMs`. */
export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Drops a pending run. */
  cancel(): void;
}

/** Debounces `action`: every call restarts the `quietMs` wait, and only the last call runs. */
export function debounce<A extends unknown[]>(
  action: (...args: A) => void,
  quietMs: number,
): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), quietMs);
  };
  return Object.assign(debounced, { cancel: () => clearTimeout(timer) });
}
