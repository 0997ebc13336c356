/**
 * The style sheet of the HTML documents, inlined in every page: a single readable column in the
 * reader's own serif fonts (no web fonts but KaTeX's, which sit beside the page), numbered steps,
 * boxed results, tables, algorithms in a frame, and displayed formulas that scroll sideways inside
 * their own box when wider than the column, so the page itself never overflows. Prints cleanly.
 */
export const DOCUMENT_CSS = `
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d7d7db; --accent: #1f4e8c; --panel: #f6f7f9;
  --box: #fff8e6; --box-edge: #c99a2e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; overflow-wrap: anywhere;
  font: 17px/1.55 "Iowan Old Style", "Palatino Linotype", Palatino, Georgia, "Times New Roman", serif; }
main { max-width: 50rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.08rem; margin: 1.5rem 0 .5rem; }
h2 a.anchor, h3 a.anchor { color: var(--rule); text-decoration: none; margin-left: .4rem; font-weight: normal; }
h2:hover a.anchor, h3:hover a.anchor { color: var(--muted); }
a { color: var(--accent); }
p { margin: .6rem 0; }
.lead { font-size: 1.08rem; color: #333; }
.source { color: var(--muted); font-size: .92rem; }
.source code { font-size: .88rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .86em;
  background: var(--panel); padding: .05em .3em; border-radius: 3px; overflow-wrap: anywhere; }
nav.toc { background: var(--panel); border-radius: 6px; padding: .6rem 1rem; margin: 1.5rem 0; font-size: .95rem; }
nav.toc ol { margin: .2rem 0; padding-left: 1.4rem; columns: 2; column-gap: 2rem; }
.math { overflow-x: auto; overflow-y: hidden; max-width: 100%; padding: .35rem 0 .35rem 3.5rem; text-indent: -2rem; }
.math .base { text-indent: 0; }
.math.then { padding-left: 5.5rem; padding-top: 0; }
.formula { margin: .2rem 0; }
.math.boxed, .formula.boxed { background: var(--box); border: 1.5px solid var(--box-edge); border-radius: 6px; padding-right: .8rem; }
.formula.boxed .math { border: 0; background: none; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .95rem; display: block; overflow-x: auto; max-width: 100%; }
th, td { text-align: left; padding: .3rem .8rem .3rem 0; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; border-bottom: 1.5px solid var(--ink); }
ol.steps { list-style: none; padding: 0; margin: 1rem 0; }
li.step { position: relative; padding: .55rem 0 .7rem 3.4rem; border-top: 1px solid var(--rule); }
li.step:target { background: #eef4fc; }
.step-no { position: absolute; left: 0; top: .55rem; font-weight: 600; color: var(--accent); text-decoration: none; }
.step-head { font-size: .95rem; }
.rule { font-variant: small-caps; letter-spacing: .02em; font-weight: 600; }
.uses, .proved-by { color: var(--muted); font-size: .92rem; }
.justification { margin: .2rem 0; }
.check { color: var(--muted); font-size: .88rem; margin: .2rem 0 0; }
.check::before { content: "\\2713\\00a0"; color: #2e7d32; }
details.as-text { font-size: .85rem; color: var(--muted); margin: .2rem 0; }
details.as-text summary { cursor: pointer; }
details.as-text code { display: block; white-space: pre-wrap; margin-top: .2rem; }
.equation { margin: .6rem 0; }
.algorithm { border: 1.5px solid var(--ink); border-radius: 4px; margin: 1.2rem 0; padding: 0 1rem .6rem; }
.algorithm h3 { margin: 0 -1rem .5rem; padding: .4rem 1rem; border-bottom: 1px solid var(--ink); font-size: 1rem; }
.algorithm .when { color: var(--muted); font-style: italic; }
.algorithm .phase { font-weight: 600; margin: .6rem 0 .1rem; font-size: .95rem; }
.algorithm ol { margin: 0; padding-left: 2rem; }
.algorithm ol li::marker { color: var(--muted); font-size: .85rem; }
.algorithm .refused { color: #8a1c1c; }
.algorithm .math { padding: .1rem 0 .1rem 2rem; }
figure { margin: 1.5rem 0; }
figure svg.plot { width: 100%; max-width: 40rem; height: auto; display: block; margin: 0 auto; }
figcaption { color: var(--muted); font-size: .9rem; text-align: center; margin-top: .4rem; }
ul.notes, ul.checks { padding-left: 1.3rem; }
table.text td, table.text th { overflow-wrap: normal; } table.text .nw { white-space: nowrap; }
.badge { display: inline-block; font: 600 .9rem/1.4 system-ui, sans-serif; padding: .1rem .6rem;
  border-radius: 1rem; border: 1px solid currentColor; }
.badge.good { color: #1b5e20; background: #e3f3e4; } .badge.fair { color: #0d47a1; background: #e5effa; }
.badge.bad { color: #8a1c1c; background: #fbe6e6; } .badge.neutral { color: #444; background: #eee; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); padding-top: .6rem; }
ul.documents { list-style: none; padding: 0; }
ul.documents li { padding: .8rem 0; border-bottom: 1px solid var(--rule); }
ul.documents .title { font-size: 1.15rem; font-weight: 600; }
ul.documents p { margin: .3rem 0; }
ul.documents .formats a { margin-right: .6rem; font-size: .9rem; }
@media (max-width: 40rem) { body { font-size: 16px; } nav.toc ol { columns: 1; } li.step { padding-left: 2.6rem; } }
@media print { nav.toc { display: none; } a { color: inherit; text-decoration: none; }
  li.step, .algorithm, figure { break-inside: avoid; } .math { overflow: visible; } }
`;
