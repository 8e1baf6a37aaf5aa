/**
 * The page's one stylesheet, inlined and allowed by its hash in the Content-Security-Policy:
 * no file to serve, and nothing else may style the page.
 */
export const STYLES = `
:root{--bg:#f6f7f9;--panel:#fff;--ink:#1d2330;--muted:#5d6575;--line:#e2e5ea;--accent:#2f5bd3;
--ok:#1d7a46;--ok-bg:#e3f4ea;--bad:#b42318;--bad-bg:#fde8e6;--warn:#946200;--warn-bg:#fdf1d6;
--busy:#b54708;--busy-bg:#fdebd9;--wait:#3b5b9a;--wait-bg:#e5ecf8;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.top{display:flex;align-items:center;gap:24px;padding:0 24px;height:52px;background:#1d2330;color:#fff}
.brand{color:#fff;font-weight:650;letter-spacing:.2px}
.top nav{display:flex;gap:4px}
.top nav a{color:#c9cfdb;padding:6px 12px;border-radius:6px}
.top nav a[aria-current=page]{background:#343c4e;color:#fff}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 16px;font-weight:650;display:flex;align-items:center;gap:10px;flex-wrap:wrap}
h2{font-size:16px;margin:28px 0 12px;font-weight:650}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:10px}
.notice{padding:10px 14px;border-radius:8px;margin:0 0 16px;background:var(--wait-bg);border:1px solid #c9d6ef}
.notice.bad{background:var(--bad-bg);border-color:#f4c7c1}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;padding:14px;margin-bottom:16px}
label{display:flex;flex-direction:column;gap:4px;font-size:12px;color:var(--muted);font-weight:600}
input,select{font:inherit;font-size:14px;padding:7px 9px;border:1px solid #c8cdd6;border-radius:7px;background:#fff;color:var(--ink);min-width:0}
input[type=search],input[name=event]{width:220px}
button,.button{font:inherit;font-size:14px;font-weight:600;padding:7px 14px;border-radius:7px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--ink);border-color:#c8cdd6}
button.danger{background:#fff;color:var(--bad);border-color:#e9a79f}
button:disabled{opacity:.5;cursor:not-allowed}
.button:hover{text-decoration:none}
table{width:100%;border-collapse:collapse}
th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);font-weight:600;padding:10px 14px;border-bottom:1px solid var(--line)}
td{padding:10px 14px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:0}
.sub{display:block;color:var(--muted);font-size:12px}
.badge{display:inline-block;padding:2px 9px;border-radius:999px;font-size:12px;font-weight:650;white-space:nowrap}
.s-succeeded,.s-active{color:var(--ok);background:var(--ok-bg)}
.s-dead,.s-disabled{color:var(--bad);background:var(--bad-bg)}
.s-held{color:var(--warn);background:var(--warn-bg)}
.s-retrying{color:var(--busy);background:var(--busy-bg)}
.s-pending{color:var(--wait);background:var(--wait-bg)}
.num{font-variant-numeric:tabular-nums}
.pager{display:flex;justify-content:space-between;margin-top:14px}
.empty{padding:28px;text-align:center;color:var(--muted)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:14px 24px;padding:16px;margin:0}
.facts dt{font-size:12px;color:var(--muted);font-weight:600}
.facts dd{margin:2px 0 0;overflow-wrap:anywhere}
.actions{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:16px 0}
.actions form{display:flex;gap:8px;align-items:center;margin:0}
.timeline{list-style:none;margin:0;padding:0 0 0 22px;border-left:2px solid var(--line)}
.timeline li{position:relative;margin:0 0 16px;padding:12px 14px}
.timeline li::before{content:"";position:absolute;left:-31px;top:16px;width:14px;height:14px;border-radius:50%;background:#9aa3b2;border:3px solid var(--bg)}
.timeline li.o-success::before{background:var(--ok)}
.timeline li.o-retry::before{background:var(--busy)}
.timeline li.o-failed::before{background:var(--bad)}
.timeline .head{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:baseline}
.timeline .head strong{font-size:15px}
.timeline .meta{color:var(--muted);font-size:13px}
.timeline .error{color:var(--bad);margin-top:6px}
pre{margin:0;padding:14px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;background:#fbfbfc;border-radius:8px}
.timeline pre{margin-top:8px;border:1px solid var(--line);max-height:220px}
.body pre{border-radius:10px;max-height:640px}
.j-key{color:#8a2a8f}.j-str{color:#1d6b3a}.j-num{color:#a04c00}.j-lit{color:#2f5bd3}
.endpoint-actions{display:flex;flex-wrap:wrap;gap:6px}
.endpoint-actions form{display:flex;gap:6px;margin:0}
.endpoint-actions input{width:150px}
.rate{white-space:nowrap}
.muted{color:var(--muted)}
.confirm{padding:20px}
.confirm p{margin:0 0 14px}
@media (max-width:720px){
main{padding:14px}
.top{padding:0 14px;gap:12px}
.filters{display:grid;grid-template-columns:1fr 1fr;align-items:end}
.filters input,.filters select,.filters input[type=search],.filters input[name=event]{width:100%}
table.cards thead{display:none}
table.cards,table.cards tbody{display:block;width:100%}
table.cards tr{display:grid;grid-template-columns:1fr 1fr;gap:8px 14px;padding:12px 14px;border-bottom:1px solid var(--line)}
table.cards tr:last-child{border-bottom:0}
table.cards td{display:block;border:0;padding:0;min-width:0}
table.cards td::before{content:attr(data-label);display:block;color:var(--muted);font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.3px}
table.cards td.lead,table.cards td.wide{grid-column:1/-1}
table.cards td.lead::before,table.cards td.wide::before{content:none}
}
`.trim();

let hash: Promise<string> | undefined;

/** `'sha256-…'`: the CSP source that allows exactly this stylesheet. */
export function stylesHash(): Promise<string> {
  hash ??= crypto.subtle.digest('SHA-256', new TextEncoder().encode(STYLES)).then((digest) => {
    let binary = '';
    for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
    return `'sha256-${btoa(binary)}'`;
  });
  return hash;
}
