/**
 * Test helpers: a strict XML well-formedness check (linkedom's XML parser is
 * lenient), and parsing for queries.
 *
 * @module
 */
import { DOMParser } from "linkedom";

/** A parsed element; linkedom's types are not worth importing for tests. */
// deno-lint-ignore no-explicit-any
export type El = any;

const NAME = "[A-Za-z_][\\w.:-]*";
const ATTR = `\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`;
const TOKEN = new RegExp(
  `<!--[\\s\\S]*?-->|<\\?[\\s\\S]*?\\?>|<(/?)(${NAME})((?:${ATTR})*)\\s*(/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\\d+|#x[\\da-fA-F]+);)`,
  "g",
);

/**
 * Throws unless `xml` is one well-formed element: every tag closed in order,
 * attributes quoted, no bare `<` or `&`. Returns the root element's name.
 */
export function assertWellFormedXml(xml: string): string {
  const stack: string[] = [];
  let root = "";
  for (const m of xml.trim().matchAll(TOKEN)) {
    const [token, closing, name, , selfClosing] = m;
    if (token === "<") throw new Error(`bare < at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (token.startsWith("&")) throw new Error(`bare & at ${m.index}`);
    if (name === undefined) continue; // comment or processing instruction
    if (stack.length === 0 && root !== "") throw new Error(`second root element <${name}>`);
    if (root === "") root = name;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${m.index}`);
    } else if (!selfClosing) {
      stack.push(name);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
  return root;
}

/** Parses an SVG or HTML fragment and returns its first element. */
export function parseElement(markup: string): El {
  const doc = new DOMParser().parseFromString(
    `<!DOCTYPE html><html><body>${markup}</body></html>`,
    "text/html",
  ) as El;
  return doc.body.children[0];
}

/** An upper estimate of a label's width in px at font-size 10: about 6.5 px a character. */
export function labelWidth(text: string): number {
  return text.length * 6.5;
}
