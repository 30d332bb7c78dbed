/**
 * The Jupyter display protocol, and figures that follow it.
 *
 * The Deno kernel shows any object with a `[Symbol.for("Jupyter.display")]()`
 * method as the MIME bundle that method returns. A {@linkcode Figure} wraps
 * the SVG or HTML of a chart and returns such a bundle, so a chart left as the
 * last expression of a cell is drawn; under `deno run` or `deno test` the same
 * object prints a short description and can {@linkcode Figure.save} itself as a
 * standalone `.svg` file.
 *
 * @module
 */

import { DOMParser } from "./_deps.ts";

/**
 * The method name the Deno kernel looks for on a displayable object.
 *
 * It is `Symbol.for("Jupyter.display")` typed as a unique symbol so it can be
 * used as a method name that `deno check` accepts.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A MIME bundle: one representation of the same object per media type. */
export interface MimeBundle {
  /** The fallback every frontend can show (and what the terminal prints). */
  "text/plain": string;
  /** Markup for frontends that render HTML. */
  "text/html"?: string;
  /** A standalone SVG document (with `xmlns`). */
  "image/svg+xml"?: string;
  /** Any other media type. */
  [mime: string]: string | undefined;
}

/** Anything the Deno kernel can show through {@linkcode JUPYTER_DISPLAY}. */
export interface Displayable {
  /** Returns the MIME bundle the kernel displays. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * A rendered chart: an `<svg>` element or a `<figure>` (an SVG with a title,
 * subtitle, legend or caption around it), as markup.
 *
 * - In Jupyter it displays as `image/svg+xml` (a plain SVG, with `xmlns` and a
 *   white background added so it reads on dark themes) or as `text/html` (a
 *   figure), always with a `text/plain` description such as `[chart: Loss]`.
 * - {@linkcode Figure.save} writes a standalone `.svg` file. A figure's title,
 *   legend swatches and caption are redrawn as SVG text and shapes around the
 *   plot (no `<foreignObject>`, so the file also renders outside browsers).
 *
 * @example
 * ```ts
 * import { Figure, JUPYTER_DISPLAY } from "./display.ts";
 * const fig = new Figure('<svg width="10" height="10"><circle r="5" cx="5" cy="5"/></svg>', "dot");
 * const bundle = fig[JUPYTER_DISPLAY]();
 * console.assert(bundle["text/plain"] === "[chart: dot]");
 * console.assert(bundle["image/svg+xml"]!.includes('xmlns="http://www.w3.org/2000/svg"'));
 * ```
 */
export class Figure implements Displayable {
  /** The markup as rendered: starts with `<svg` or `<figure`. */
  readonly markup: string;
  /** Short description used for `text/plain`, e.g. the chart title. */
  readonly description: string;

  /**
   * Wraps `markup`, which must be a single `<svg>` or `<figure>` element.
   * `description` names the chart in `text/plain` (default `"figure"`).
   */
  constructor(markup: string, description = "figure") {
    const trimmed = markup.trim();
    if (!/^<(svg|figure)[\s>]/i.test(trimmed)) {
      throw new TypeError(
        `Figure needs markup that starts with <svg or <figure, got ${
          JSON.stringify(trimmed.slice(0, 40))
        }`,
      );
    }
    this.markup = trimmed;
    this.description = description;
  }

  /** `"svg"` for a plain SVG (shown as `image/svg+xml`), `"html"` for a `<figure>`. */
  get kind(): "svg" | "html" {
    return /^<svg/i.test(this.markup) ? "svg" : "html";
  }

  /** The MIME bundle the Jupyter kernel shows. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const text = `[chart: ${this.description}]`;
    return this.kind === "svg"
      ? { "text/plain": text, "image/svg+xml": this.toSvg() }
      : { "text/plain": text, "text/html": this.markup };
  }

  /** The markup itself (an `<svg>` or `<figure>` element). */
  toString(): string {
    return this.markup;
  }

  /**
   * A standalone SVG document: `xmlns` on the root, white background, and for a
   * `<figure>` its title, subtitle, legend and caption drawn in SVG.
   */
  toSvg(): string {
    return standaloneSvg(this.markup);
  }

  /**
   * Writes {@linkcode Figure.toSvg} to `path` (conventionally ending in `.svg`),
   * so charts can be inspected from `deno run` or `deno test`.
   */
  async save(path: string | URL): Promise<void> {
    await Deno.writeTextFile(path, this.toSvg());
  }
}

// --- Standalone SVG -----------------------------------------------------------

type El = {
  tagName: string;
  textContent: string | null;
  outerHTML: string;
  children: ArrayLike<El>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
};

function parse(markup: string): El {
  const document = new DOMParser().parseFromString(
    `<!DOCTYPE html><html><body>${markup}</body></html>`,
    "text/html",
  );
  const root = (document.body as unknown as El).children[0];
  if (root === undefined) throw new TypeError("Figure markup has no element");
  return root;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** Rough width of `text` at `fontSize` in a sans-serif face (no layout engine here). */
function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

function sizeOf(svg: El): { width: number; height: number } {
  const box = (svg.getAttribute("viewBox") ?? "").split(/[\s,]+/).map(Number);
  const width = Number(svg.getAttribute("width") ?? box[2] ?? 0);
  const height = Number(svg.getAttribute("height") ?? box[3] ?? 0);
  if (!(width > 0 && height > 0)) {
    throw new TypeError(
      `Figure SVG needs a positive width and height to be saved, got ${width}×${height}`,
    );
  }
  return { width, height };
}

const FONT = `font-family="system-ui, sans-serif"`;

/** The plain SVG `svg` placed at (x, y), with `xmlns` so it is valid XML. */
function nested(svg: El, x: number, y: number): string {
  const { width, height } = sizeOf(svg);
  svg.setAttribute("x", String(x));
  svg.setAttribute("y", String(y));
  // Plot's stylesheet sets `height: auto`, which on a nested <svg> means 100%.
  svg.setAttribute("style", `width:${width}px;height:${height}px;max-width:none`);
  svg.removeAttribute("xmlns");
  return svg.outerHTML;
}

function withRootNamespace(svgMarkup: string, extra = ""): string {
  return svgMarkup.replace(/^<svg(?![^>]*\bxmlns=)/i, `<svg xmlns="${SVG_NS}"${extra}`);
}

function standaloneSvg(markup: string): string {
  const root = parse(markup);
  if (root.tagName.toLowerCase() === "svg") {
    const { width, height } = sizeOf(root);
    // A background rect, not CSS, so viewers that ignore styles still show it.
    const background = `<rect width="${width}" height="${height}" fill="white"/>`;
    const svg = withRootNamespace(root.outerHTML);
    return svg.replace(/^<svg[^>]*>/i, (open) => open + background);
  }
  return figureToSvg(root);
}

/** Redraws a Plot `<figure>` (h2, h3, legends, svg, figcaption) as one SVG. */
function figureToSvg(figure: El): string {
  const parts: string[] = [];
  let y = 0;
  let width = 0;
  const pad = 4;
  for (const child of Array.from(figure.children)) {
    const tag = child.tagName.toLowerCase();
    if (tag === "h2" || tag === "h3" || tag === "figcaption") {
      const size = tag === "h2" ? 18 : tag === "h3" ? 13 : 12;
      const text = (child.textContent ?? "").trim();
      y += size * 1.4;
      parts.push(
        `<text x="0" y="${y - size * 0.35}" font-size="${size}"${
          tag === "h2" ? ' font-weight="bold"' : ""
        }${tag === "figcaption" ? ' fill="#555"' : ""}>${escapeXml(text)}</text>`,
      );
      width = Math.max(width, textWidth(text, size));
      y += pad;
    } else if (tag === "svg") {
      const size = sizeOf(child);
      parts.push(nested(child, 0, y));
      y += size.height + pad;
      width = Math.max(width, size.width);
    } else if (tag === "div" && /swatches/.test(child.getAttribute("class") ?? "")) {
      // Ordinal legend: a coloured square and a label per entry, wrapped at `limit`.
      const limit = Math.max(width, 480);
      let x = 0;
      const rowHeight = 20;
      y += 2;
      for (const swatch of Array.from(child.querySelectorAll("span"))) {
        const box = swatch.querySelector("svg");
        const fill = box?.getAttribute("fill") ?? "currentColor";
        const stroke = box?.getAttribute("stroke");
        const label = (swatch.textContent ?? "").trim();
        const w = 15 + 6 + textWidth(label, 11) + 14;
        if (x > 0 && x + w > limit) {
          x = 0;
          y += rowHeight;
        }
        parts.push(
          `<rect x="${x}" y="${y}" width="15" height="15" fill="${
            escapeXml(fill === "none" && stroke ? stroke : fill)
          }"/>`,
          `<text x="${x + 21}" y="${y + 11.5}" font-size="11">${escapeXml(label)}</text>`,
        );
        x += w;
        width = Math.max(width, x);
      }
      y += rowHeight + pad;
    } else {
      throw new TypeError(
        `Figure cannot convert a <${tag}> inside <figure> to SVG; expected h2, h3, a legend, svg or figcaption`,
      );
    }
  }
  // A margin so the title and legend do not touch the edge of the image.
  const [mx, my] = [10, 8];
  width = Math.ceil(width) + 2 * mx;
  const height = Math.ceil(y) + 2 * my;
  return `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" ${FONT} fill="black">` +
    `<rect width="${width}" height="${height}" fill="white"/>` +
    `<g transform="translate(${mx},${my})">${parts.join("")}</g></svg>`;
}

// --- Running inside the kernel ------------------------------------------------

let jupyterCache: boolean | undefined;

/**
 * True when running inside the Deno Jupyter kernel (`deno jupyter --kernel`).
 *
 * `"jupyter" in Deno` is true everywhere; the `Deno.jupyter` getter throws
 * outside the kernel, without other effects, so we read it once and remember.
 */
export function isJupyter(): boolean {
  if (jupyterCache === undefined) {
    try {
      jupyterCache = typeof Deno.jupyter?.display === "function";
    } catch {
      jupyterCache = false;
    }
  }
  return jupyterCache;
}

/** Options of {@linkcode display}. */
export interface DisplayOptions {
  /** Display id: a later call with the same id and `update: true` replaces this output. */
  id?: string;
  /** Replace the output shown earlier under `id` instead of adding a new one. */
  update?: boolean;
}

/** Returns the MIME bundle of `obj`: its own for a {@linkcode Displayable}, else text. */
export function bundleOf(obj: unknown): MimeBundle {
  if (obj !== null && typeof obj === "object" && JUPYTER_DISPLAY in obj) {
    return (obj as Displayable)[JUPYTER_DISPLAY]();
  }
  return { "text/plain": typeof obj === "string" ? obj : Deno.inspect(obj) };
}

/**
 * Shows `obj` now (not only as the last expression of a cell).
 *
 * In the kernel it sends `obj`'s MIME bundle with `Deno.jupyter.display`
 * (`display_data`, or `update_display_data` when `update` is set with an `id`).
 * Elsewhere it prints the bundle's `text/plain` with `console.log`.
 *
 * @example
 * ```ts
 * import { display } from "./display.ts";
 * await display("hello"); // prints "hello" outside Jupyter
 * ```
 */
export async function display(obj: unknown, options: DisplayOptions = {}): Promise<void> {
  if (options.update && options.id === undefined) {
    throw new TypeError("display({ update: true }) needs the id of the display to update");
  }
  const bundle = bundleOf(obj);
  if (isJupyter()) {
    await flush(); // lines printed before the display are shown before it
    await Deno.jupyter.display(bundle, {
      raw: true,
      ...(options.id !== undefined ? { display_id: options.id } : {}),
      ...(options.update ? { update: true } : {}),
    });
    await flush(); // and the display leaves before the cell can end
  } else {
    console.log(bundle["text/plain"]);
  }
}

/**
 * Lets everything the cell printed or displayed leave the kernel before the
 * cell ends.
 *
 * The Deno kernel (2.9) publishes a cell's printed lines and displays from a
 * queue that a separate loop drains, while it reports the cell finished
 * ("idle") on its own; on a busy machine the last lines can leave after the
 * idle, and when the front end has already sent the next cell (Run All) they
 * are stamped with the next cell's id. Jupyter Notebook, JupyterLab and VS
 * Code then drop them or show them under the wrong cell. A cell that ends by
 * printing therefore ends with `await flush()` ({@linkcode display} does it
 * too). It waits until the event loop has run on time three ticks in a row
 * (about 50 ms on a quiet machine, longer on a loaded one, at most 1 s), which
 * gives the kernel's queue time to drain. Outside Jupyter it returns at once.
 *
 * @example
 * ```ts
 * import { flush } from "./display.ts";
 * console.log("the last line of a cell");
 * await flush();
 * ```
 */
export async function flush(): Promise<void> {
  if (!isJupyter()) return;
  const tick = 15, started = performance.now();
  let onTime = 0;
  while (onTime < 3 && performance.now() - started < 1000) {
    const before = performance.now();
    await new Promise((resolve) => setTimeout(resolve, tick));
    onTime = performance.now() - before - tick < 4 ? onTime + 1 : 0;
  }
}
