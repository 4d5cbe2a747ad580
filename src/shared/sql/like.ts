/**
 * `%text%` for a LIKE … ESCAPE '\' with the person's text taken literally: a `%` or `_`
 * typed in a search box is a character, not a wildcard.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
