/** Inline CSS for report.html. Colours pass WCAG AA against their backgrounds; labels carry the meaning. */
export const HTML_STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
body { margin: 0; background: #f6f8fa; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 1.6rem; margin-top: 0; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 32px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9rem; }
.summary { font-size: 1.05rem; }
.verdicts { list-style: none; padding: 0; }
.verdicts li { padding: 6px 10px; margin: 4px 0; border-left: 6px solid #8c959f; background: #f6f8fa; }
.verdicts .v-regression { border-color: #cf222e; background: #ffebe9; }
.verdicts .v-changed-denial, .verdicts .v-inconclusive { border-color: #bf8700; background: #fff8c5; }
.verdicts .v-relaxation, .verdicts .v-no-drift { border-color: #1a7f37; background: #dafbe1; }
.scroll { overflow-x: auto; }
table.matrix { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
.matrix caption { text-align: left; color: #57606a; padding-bottom: 6px; }
.matrix th, .matrix td { border: 1px solid #d0d7de; padding: 6px 8px; vertical-align: top; text-align: left; }
.matrix thead th { background: #f6f8fa; }
.matrix tbody th { font-weight: 500; white-space: nowrap; }
.matrix .label { display: block; font-weight: 700; font-size: 0.8rem; letter-spacing: 0.02em; }
.matrix .detail { display: block; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.8rem; }
.c-regression { background: #ffebe9; color: #82071e; }
.c-changed-denial { background: #fff1e5; color: #762c00; }
.c-inconclusive { background: #fff8c5; color: #4d2d00; }
.c-relaxation { background: #dafbe1; color: #044f1e; }
.c-unchanged { background: #ffffff; color: #1f2328; }
.c-new, .c-vanished, .c-none { background: #f6f8fa; color: #424a53; }
.card { border: 1px solid #d0d7de; border-left: 6px solid #cf222e; border-radius: 6px; padding: 8px 16px; margin: 12px 0; }
.card h3 { font-size: 1.05rem; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
.card dt { font-weight: 600; }
.card dd { margin: 0; overflow-wrap: anywhere; }
.badge { background: #cf222e; color: #fff; border-radius: 4px; padding: 1px 6px; font-size: 0.8rem; text-transform: uppercase; }
pre { background: #f6f8fa; padding: 8px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.fix { border: 1px solid #1a7f37; }
`
