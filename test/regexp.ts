/** `text` as a regular expression that matches it literally (names with brackets, folders with dots). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
