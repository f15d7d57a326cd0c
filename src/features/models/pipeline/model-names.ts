/** Names of a person's own models: two models kept side by side must be told apart in the picker. */

/** `name`, or `name (2)`, `name (3)` … : the first that no name in `taken` already is. */
export function distinctName(name: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!used.has(candidate)) return candidate;
  }
}
