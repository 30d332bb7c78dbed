/**
 * Turns iopub messages into nbformat outputs, the way nbclient does: consecutive
 * streams of the same name merge, `update_display_data` rewrites every earlier
 * output with the same `display_id`, `clear_output` empties the cell.
 *
 * @module
 */

import type { DisplayDataOutput, ExecuteResultOutput, Output } from "../nbformat.ts";
import type { Message } from "./wire.ts";

/** Output types that carry a MIME bundle and may be updated by display id. */
type RichOutput = DisplayDataOutput | ExecuteResultOutput;

/**
 * Collects the outputs of the cells of one kernel session.
 * Display ids live as long as the collector, so an update in cell 5 reaches cell 2.
 */
export class OutputCollector {
  private readonly displays = new Map<string, RichOutput[]>();
  private clearPending = false;

  /**
   * Applies `msg` to `outputs` (the outputs of the running cell), in place.
   * Returns true when the message was an output message.
   */
  apply(outputs: Output[], msg: Message): boolean {
    const c = msg.content;
    switch (msg.header.msg_type) {
      case "stream": {
        this.flushClear(outputs);
        const last = outputs.at(-1);
        if (last?.output_type === "stream" && last.name === c.name) last.text += c.text;
        else outputs.push({ output_type: "stream", name: c.name, text: c.text });
        return true;
      }
      case "display_data":
      case "execute_result": {
        this.flushClear(outputs);
        const out: RichOutput = msg.header.msg_type === "display_data"
          ? { output_type: "display_data", data: c.data ?? {}, metadata: c.metadata ?? {} }
          : {
            output_type: "execute_result",
            execution_count: c.execution_count ?? null,
            data: c.data ?? {},
            metadata: c.metadata ?? {},
          };
        outputs.push(out);
        const id = c.transient?.display_id;
        if (typeof id === "string") {
          const list = this.displays.get(id) ?? [];
          list.push(out);
          this.displays.set(id, list);
        }
        return true;
      }
      case "update_display_data": {
        const id = c.transient?.display_id;
        for (const out of (typeof id === "string" && this.displays.get(id)) || []) {
          out.data = c.data ?? {};
          out.metadata = c.metadata ?? {};
        }
        return true;
      }
      case "error": {
        this.flushClear(outputs);
        outputs.push({
          output_type: "error",
          ename: c.ename ?? "Error",
          evalue: c.evalue ?? "",
          traceback: c.traceback ?? [],
        });
        return true;
      }
      case "clear_output": {
        if (c.wait) this.clearPending = true;
        else outputs.length = 0;
        return true;
      }
      default:
        return false;
    }
  }

  /** `clear_output(wait=True)` clears just before the next output arrives. */
  private flushClear(outputs: Output[]): void {
    if (this.clearPending) {
      outputs.length = 0;
      this.clearPending = false;
    }
  }
}
