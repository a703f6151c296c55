/** HTML escaping and JSON embedding for the dashboard (pure). */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export const esc = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)

/**
 * JSON safe inside `<script type="application/json">`: no `</script>`, no HTML comment openers, no line separators,
 * and quotes inside strings as \u0022, so the page-wide redaction pass (which cuts a `key="value"` credential up to
 * the next quote) can never unbalance a JSON string.
 */
export const embedJson = (value: unknown): string =>
  JSON.stringify(value)
    // Escaped backslashes are matched as a whole first, so `\\"` (a backslash, then a string's end) is left alone.
    .replace(/\\\\|\\"/g, (sequence) => (sequence === '\\"' ? '\\u0022' : sequence))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
