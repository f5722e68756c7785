// The web app's stylesheet: plain CSS inlined into the page (no build step, no request). Status
// colours always sit next to the status written out, so colour is never the only signal; the
// layout folds to one column at phone width.
export const webAppStyles = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg: #f6f7f9; --card: #fff;
  --accent: #1f5fd6; --ok: #1d7a3a; --warn: #9a6200; --bad: #b3261e; --info: #1f5fd6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 16px;
  background: var(--card); border-bottom: 1px solid var(--line); }
header h1 { font-size: 16px; margin: 0; }
header .spacer { flex: 1; }
nav { display: flex; flex-wrap: wrap; gap: 4px; padding: 6px 16px; background: var(--card);
  border-bottom: 1px solid var(--line); }
nav a { padding: 4px 10px; border-radius: 6px; text-decoration: none; }
nav a[aria-current='page'] { background: #e6eefc; font-weight: 600; }
main { padding: 12px 16px; display: grid; gap: 12px; max-width: 1400px; }
main > *, #view > div { min-width: 0; }
#view > div { display: grid; gap: 12px; }
section.card, .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 12px; }
h2 { font-size: 15px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
.row { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; }
.muted { color: var(--muted); }
button, select, input, textarea { font: inherit; }
button { padding: 4px 10px; border: 1px solid #b8c0cf; border-radius: 6px; background: #fff;
  cursor: pointer; }
button:hover { background: #eef2f8; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 1px; }
input[type='number'] { width: 7em; }
label { display: inline-flex; gap: 4px; align-items: center; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
.status { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px;
  border: 1px solid currentColor; white-space: nowrap; }
.s-pending { color: var(--warn); } .s-in_progress { color: var(--info); }
.s-completed, .s-successful, .s-delivered { color: var(--ok); }
.s-completed_with_errors { color: var(--warn); }
.s-failed, .s-expired, .s-abandoned, .s-aborted { color: var(--bad); }
.code-ok { color: var(--ok); } .code-4 { color: var(--warn); } .code-5 { color: var(--bad); }
.counts button[aria-pressed='true'] { background: #e6eefc; font-weight: 600; }
#notice { min-height: 1.4em; }
#notice.error { color: var(--bad); font-weight: 600; }
.token { border-color: var(--bad); }
.scroll { overflow-x: auto; }
.copy { display: flex; gap: 6px; align-items: center; }
.copy code { background: #f0f2f5; padding: 2px 6px; border-radius: 4px; overflow-wrap: anywhere; }
@media (max-width: 700px) {
  header, nav, main { padding-left: 8px; padding-right: 8px; }
  .hide-narrow { display: none; }
  table { font-size: 12px; }
}
`
