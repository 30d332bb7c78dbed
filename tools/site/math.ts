/**
 * Math in markdown: `$…$` (inline) and `$$…$$` (display) are cut out before markdown
 * runs, so `_` and `\` inside formulas are not read as emphasis or escapes, and put
 * back afterwards as KaTeX HTML rendered at build time.
 *
 * @module
 */

import katex from "katex";
import { escapeHtml } from "./html.ts";

/** One formula found in the markdown. */
export interface MathSpan {
  tex: string;
  display: boolean;
}

/** Markdown with formulas replaced by placeholders, and the formulas. */
export interface ProtectedMath {
  text: string;
  math: MathSpan[];
}

// Letters and digits only: markdown leaves them alone.
const token = (i: number) => `KATEXMATH${i}END`;
const TOKEN_RE = /KATEXMATH(\d+)END/g;

/**
 * Replaces formulas in `markdown` by placeholders. Code spans and fenced code blocks are
 * left alone, `\$` is a literal dollar, and `$` opens inline math only when followed by a
 * non-space and closed by a `$` preceded by a non-space (the pandoc rule, so "$5 and $6"
 * stays text).
 *
 * @example
 * ```ts
 * const p = protectMath("Let $h_t$ be");
 * console.log(p.text); // "Let KATEXMATH0END be"
 * console.log(p.math); // [{ tex: "h_t", display: false }]
 * ```
 */
export function protectMath(markdown: string): ProtectedMath {
  const math: MathSpan[] = [];
  let out = "";
  let i = 0;
  const s = markdown;
  const atLineStart = (k: number) => k === 0 || s[k - 1] === "\n";
  while (i < s.length) {
    // Fenced code block: copy through the closing fence.
    const fence = atLineStart(i) ? /^ {0,3}(`{3,}|~{3,})/.exec(s.slice(i, i + 40)) : null;
    if (fence) {
      const marker = fence[1];
      let end = s.indexOf("\n", i);
      while (end >= 0) {
        const next = s.indexOf("\n", end + 1);
        const line = s.slice(end + 1, next < 0 ? s.length : next);
        if (line.trim().startsWith(marker[0].repeat(marker.length))) {
          end = next < 0 ? s.length : next;
          break;
        }
        end = next;
      }
      if (end < 0) end = s.length;
      out += s.slice(i, end);
      i = end;
      continue;
    }
    const c = s[i];
    if (c === "\\" && s[i + 1] === "$") {
      out += "\\$";
      i += 2;
      continue;
    }
    if (c === "`") {
      let n = 0;
      while (s[i + n] === "`") n++;
      const ticks = "`".repeat(n);
      const close = s.indexOf(ticks, i + n);
      const end = close < 0 ? i + n : close + n;
      out += s.slice(i, end);
      i = end;
      continue;
    }
    if (c === "$" && s[i + 1] === "$") {
      const close = s.indexOf("$$", i + 2);
      if (close > 0) {
        math.push({ tex: s.slice(i + 2, close).trim(), display: true });
        out += token(math.length - 1);
        i = close + 2;
        continue;
      }
    } else if (c === "$" && s[i + 1] !== undefined && !/\s/.test(s[i + 1])) {
      let close = -1;
      for (let k = i + 1; k < s.length; k++) {
        if (s[k] === "\\") {
          k++;
          continue;
        }
        if (s[k] === "\n" && s[k + 1] === "\n") break; // math does not span paragraphs
        if (s[k] === "$") {
          if (!/\s/.test(s[k - 1]) && !/[0-9]/.test(s[k + 1] ?? "")) close = k;
          break;
        }
      }
      if (close > 0) {
        math.push({ tex: s.slice(i + 1, close), display: false });
        out += token(math.length - 1);
        i = close + 1;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { text: out, math };
}

/** A TeX error found while rendering, with the formula that caused it. */
export interface MathError {
  tex: string;
  message: string;
}

/**
 * Renders `tex` with KaTeX. On a TeX error, records it in `errors` (when given) and returns
 * KaTeX's red error rendering, so one bad formula does not break the page.
 */
export function renderTex(tex: string, display: boolean, errors?: MathError[]): string {
  try {
    return katex.renderToString(tex, { displayMode: display, throwOnError: true });
  } catch (e) {
    const message = (e as Error).message;
    errors?.push({ tex, message });
    // Shown in red like KaTeX's own error rendering (which can itself throw on some inputs).
    return `<span class="katex-error" title="${escapeHtml(message)}" style="color:#cc0000">${
      escapeHtml(tex)
    }</span>`;
  }
}

/** Puts rendered formulas back in place of the placeholders in `html`. */
export function restoreMath(html: string, math: MathSpan[], errors?: MathError[]): string {
  return html.replace(TOKEN_RE, (whole, i) => {
    const m = math[Number(i)];
    return m ? renderTex(m.tex, m.display, errors) : whole;
  });
}
