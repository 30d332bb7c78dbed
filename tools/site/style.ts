/**
 * The site's stylesheet.
 *
 * @module
 */

/** A small, readable stylesheet for the course pages (`style.css`). */
export const STYLE_CSS = `:root {
  --text: #1f2328; --muted: #59636e; --border: #d1d9e0; --code-bg: #f6f8fa;
  --accent: #0b63c4; --error-bg: #fff0f0; --error: #b3261e;
}
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--text); background: #fff;
  font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
}
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.site { border-bottom: 1px solid var(--border); padding: 0.6rem 1.5rem; font-weight: 600; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; }
h1, h2, h3 { line-height: 1.25; }
h1 { font-size: 2rem; }
.pager {
  display: flex; justify-content: space-between; gap: 1rem;
  max-width: 52rem; margin: 0 auto; padding: 0.8rem 1.5rem; font-size: 0.95rem;
}
.pager .next { text-align: right; }
.cell { margin: 1rem 0; }
.cell.code .input { position: relative; }
.prompt {
  position: absolute; left: -3.2rem; top: 0.55rem; width: 3rem; text-align: right;
  color: var(--muted); font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace;
}
pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 14px; }
.cell.code .input pre, .cell.markdown pre {
  background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px;
  padding: 0.6rem 0.8rem; overflow-x: auto; margin: 0;
}
.input pre code.hljs, .cell.markdown pre code.hljs { background: none; padding: 0; }
:not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
.outputs { border-left: 3px solid var(--border); margin: 0.3rem 0 0 0; padding-left: 0.8rem; }
.output { margin: 0.4rem 0; overflow-x: auto; }
.output pre { margin: 0; padding: 0.2rem 0; white-space: pre-wrap; background: none; border: none; }
.output.stderr pre { color: #8a5300; }
.output.error pre { background: var(--error-bg); color: var(--error); padding: 0.5rem; }
.output svg, .output img { max-width: 100%; height: auto; }
.output figure { margin: 0; }
.output figure h2 { font-size: 1.05rem; margin: 0.3rem 0; }
.output figure h3 { font-size: 0.9rem; font-weight: normal; color: var(--muted); margin: 0 0 0.4rem; }
.output table { border-collapse: collapse; font-size: 0.9rem; }
.output th, .output td { border: 1px solid var(--border); padding: 0.2rem 0.5rem; }
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0; }
.markdown table { border-collapse: collapse; }
.markdown th, .markdown td { border: 1px solid var(--border); padding: 0.3rem 0.6rem; }
blockquote { margin: 0; padding-left: 1rem; border-left: 4px solid var(--border); color: var(--muted); }
ol.toc { padding-left: 1.5rem; }
ol.toc li { margin: 0.8rem 0; }
ol.toc li > a { font-size: 1.15rem; font-weight: 600; }
ol.toc li > p { margin: 0.2rem 0; color: var(--muted); }
.run-status { border: 1px solid var(--error); background: var(--error-bg); color: var(--error);
  border-radius: 6px; padding: 0.4rem 1rem; margin: 1rem 0; }
.run-status p { margin: 0.3rem 0; font-weight: 600; }
.cell.code.failed .input pre { border-color: var(--error); }
.cell-status { color: var(--error); font-weight: 600; font-size: 0.9rem; margin: 0 0 0.2rem; }
.status { font-size: 0.8rem; font-weight: 600; border-radius: 4px; padding: 0.05rem 0.4rem;
  margin-left: 0.4rem; vertical-align: middle; }
.status.passed { color: #1a7f37; border: 1px solid #1a7f37; }
.status.failed { color: var(--error); border: 1px solid var(--error); background: var(--error-bg); }
@media (max-width: 60rem) { .prompt { display: none; } }
`;
