/**
 * The dashboard's inline CSS: light and dark schemes from the reader's setting, print styles, and a grid that
 * fits 1,400 px for any number of regions (rows grow down, never sideways). Colours only reinforce the words.
 */
export const DASHBOARD_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --panel: #f6f8fa; --fg: #1f2328; --muted: #57606a; --line: #d0d7de;
  --bad-bg: #ffebe9; --bad-fg: #82071e; --bad: #cf222e; --warn-bg: #fff8c5; --warn-fg: #4d2d00; --warn: #bf8700;
  --good-bg: #dafbe1; --good-fg: #044f1e; --good: #1a7f37; --info-bg: #ddf4ff; --info-fg: #0a3069; --info: #0969da;
  --neutral-bg: #f6f8fa; --neutral-fg: #424a53; --policy: #0969da; --aws: #8250df; --focus: #0969da;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
@media screen and (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --panel: #161b22; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d;
    --bad-bg: #3c0d12; --bad-fg: #ffcfcb; --bad: #f85149; --warn-bg: #3a2a02; --warn-fg: #f8e3a1; --warn: #d29922;
    --good-bg: #0f2d19; --good-fg: #aff5b4; --good: #3fb950; --info-bg: #0c2d4f; --info-fg: #cae8ff; --info: #4493f8;
    --neutral-bg: #161b22; --neutral-fg: #c9d1d9; --policy: #4493f8; --aws: #ab7df8; --focus: #4493f8; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); }
main { max-width: 1400px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 1.5rem; margin: 0 0 6px; }
h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin: 28px 0 10px; }
a { color: var(--info); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
.facts { margin: 0; color: var(--muted); font-size: 0.9rem; }
.facts strong { color: var(--fg); }
nav.jump { display: flex; gap: 16px; margin: 10px 0; font-size: 0.95rem; }
.headline { font-size: 1.05rem; margin: 6px 0 10px; }
table.grid { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 11px; }
.grid th, .grid td { border: 1px solid var(--line); padding: 0; text-align: left; vertical-align: top; }
.grid thead th { background: var(--panel); font-weight: 600; padding: 4px 2px; height: 190px; vertical-align: bottom; }
.grid thead th.region-head { width: 150px; vertical-align: bottom; font-size: 12px; }
.grid thead th span.vert { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; max-height: 182px;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.grid tbody th { font-weight: 600; padding: 4px 6px; font-size: 12px; overflow-wrap: anywhere; }
.grid tbody th .verdict { display: block; font-weight: 400; color: var(--muted); font-size: 11px; }
.grid td button { all: unset; box-sizing: border-box; display: block; width: 100%; min-height: 100%; padding: 3px 3px;
  cursor: pointer; overflow-wrap: anywhere; line-height: 1.25; }
.grid td button:focus-visible { outline: 3px solid var(--focus); outline-offset: -3px; }
.grid .label { display: block; font-weight: 700; letter-spacing: 0.01em; }
.grid .detail { display: block; font-size: 10px; }
.t-bad { background: var(--bad-bg); color: var(--bad-fg); }
.t-warn { background: var(--warn-bg); color: var(--warn-fg); }
.t-good { background: var(--good-bg); color: var(--good-fg); }
.t-info { background: var(--info-bg); color: var(--info-fg); }
.t-neutral, .t-none { background: var(--neutral-bg); color: var(--neutral-fg); }
.grid tr.folded th, .grid tr.folded td { background: var(--good-bg); color: var(--good-fg); padding: 6px 8px; font-size: 12px; }
.grid tr.folded button { all: unset; cursor: pointer; text-decoration: underline; margin-left: 8px; }
.grid tr.folded button:focus-visible { outline: 3px solid var(--focus); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 12px; color: var(--muted); margin: 8px 0; padding: 0; list-style: none; }
.legend li span { display: inline-block; padding: 0 4px; border-radius: 3px; margin-right: 4px; font-weight: 700; }
.timeline { font-size: 12px; }
.tl-row { display: grid; grid-template-columns: 290px minmax(0, 1fr) 200px; gap: 8px; align-items: center; padding: 2px 0;
  border-bottom: 1px solid var(--line); }
.tl-row > button { all: unset; cursor: pointer; overflow-wrap: anywhere; }
.tl-row > button:focus-visible { outline: 3px solid var(--focus); }
.tl-row .since { color: var(--muted); overflow-wrap: anywhere; }
.tl-axis { position: relative; height: 34px; }
.tl-axis span { position: absolute; top: 0; font-size: 10px; color: var(--muted); white-space: nowrap; transform: translateX(-50%); }
.tl-axis span.tick { top: 18px; }
.tl-axis span.m-policy { color: var(--policy); font-weight: 700; }
.tl-axis span.m-aws { color: var(--aws); font-weight: 700; }
svg.strip { display: block; width: 100%; height: 18px; background: var(--panel); }
.s-allowed { fill: var(--good); }
.s-denied { fill: var(--bad); }
.s-unexpected { fill: var(--bad); }
.s-probe { fill: var(--warn); }
.s-inconclusive { fill: var(--muted); }
.s-skipped { fill: var(--line); }
.s-expected { fill: var(--info); }
.s-absent { fill: transparent; }
line.l-policy { stroke: var(--policy); stroke-width: 2; }
line.l-aws { stroke: var(--aws); stroke-width: 2; stroke-dasharray: 3 2; }
.markers-list { font-size: 12px; color: var(--muted); columns: 2; margin: 6px 0; padding-left: 18px; }
.fix pre, .finding pre, dialog pre { background: var(--panel); padding: 8px 10px; border-radius: 6px; overflow-x: auto;
  white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; margin: 6px 0; }
pre.diff { line-height: 1.35; }
pre.diff span { display: block; min-height: 1.35em; }
pre.diff .add { background: var(--good-bg); color: var(--good-fg); display: block; }
pre.diff .del { background: var(--bad-bg); color: var(--bad-fg); display: block; }
.download { display: inline-block; padding: 6px 12px; border: 1px solid var(--good); border-radius: 6px; font-weight: 600;
  color: var(--good-fg); background: var(--good-bg); text-decoration: none; }
dl.rows { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 6px 0; font-size: 13px; }
dl.rows dt { font-weight: 600; }
dl.rows dd { margin: 0; overflow-wrap: anywhere; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--bad); border-radius: 6px; padding: 4px 12px; margin: 8px 0; }
.finding h3 { font-size: 1rem; margin: 6px 0; }
dialog { max-width: 860px; width: calc(100% - 40px); border: 1px solid var(--line); border-radius: 8px; background: var(--bg);
  color: var(--fg); padding: 12px 18px; }
dialog::backdrop { background: rgb(0 0 0 / 0.4); }
dialog h2 { margin-top: 4px; }
.muted { color: var(--muted); }
@media print {
  :root { color-scheme: light; }
  nav.jump, dialog, .no-print, .grid tr.folded button { display: none !important; }
  main { max-width: none; padding: 0; }
  .tl-row, .finding, .grid tr { break-inside: avoid; }
  .grid thead th { height: 120px; }
  a.download::after { content: " (fixed-policy.json)"; }
}
`
