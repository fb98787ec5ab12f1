/** The dashboard's one stylesheet, served from the worker so the CSP can forbid inline styles. */

/** CSS for every dashboard page. */
export const STYLESHEET = `
:root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --ok: #15803d;
  --warn: #b45309; --bad: #b91c1c; --run: #1d4ed8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem; }
header { display: flex; align-items: center; justify-content: space-between; gap: 1rem;
  border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
h1 { font-size: 1.25rem; margin: .5rem 0; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left;
  vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .8rem; text-transform: uppercase; }
td.channel, td.error { overflow-wrap: anywhere; max-width: 28rem; }
td.nowrap { white-space: nowrap; }
img.thumb { width: 96px; height: 54px; object-fit: cover; border-radius: 4px; display: block;
  background: var(--line); }
.muted { color: var(--muted); }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: 999px;
  padding: 0 .5rem; margin: 0 .25rem .25rem 0; font-size: .8rem; white-space: nowrap; }
.s-succeeded, .s-copied, .s-live { color: var(--ok); }
.s-pending, .s-none, .s-unknown, .s-closed { color: var(--muted); }
.s-delivering { color: var(--run); }
.s-failed, .s-expired { color: var(--warn); }
.s-dead { color: var(--bad); font-weight: 600; }
.notice { border: 1px solid var(--ok); border-radius: 4px; padding: .5rem .75rem; }
.problem { border: 1px solid var(--bad); border-radius: 4px; padding: .5rem .75rem; }
form.inline { display: inline; margin: 0; }
button { font: inherit; padding: .2rem .7rem; cursor: pointer; }
.login { max-width: 24rem; margin: 4rem auto; }
.login input { font: inherit; width: 100%; padding: .4rem; margin: .25rem 0 .75rem; }
`
