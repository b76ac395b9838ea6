/**
 * CSV formula injection: a spreadsheet that opens a CSV runs a cell beginning with `=`, `+`, `-` or `@` (and some a
 * tab or carriage return first) as a formula, so an id such as `=HYPERLINK("http://evil.example/x","click")` in a
 * source file would run when a marketer opens the export. Following OWASP's advice ("CSV Injection"), such text cells
 * are written with a single quote in front, which spreadsheets show as text. Numbers are left alone (a negative score
 * is a number, not a formula); the JSON export is not affected.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of a CSV cell, neutralised when a spreadsheet would read it as a formula. */
export function csvSafeText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
