// Ingest: upload files (.txt .html .json .jsonl .gz) and see what happened to each.
import { h, clear, link } from "../dom.js";
import { upload } from "../api.js";
import { heading, badge } from "../components.js";

export default async function ingest() {
  const input = h("input", { type: "file", name: "files", multiple: true, accept: ".txt,.html,.htm,.json,.jsonl,.gz", "aria-label": "Files to ingest" });
  const status = h("div", { class: "ingest-status", "aria-live": "polite" });
  const button = h("button", { type: "submit" }, "Ingest");
  const form = h(
    "form",
    {
      class: "panel",
      onsubmit: async (e) => {
        e.preventDefault();
        if (!input.files?.length) return;
        button.disabled = true;
        clear(status).append(h("p", { class: "muted" }, `Ingesting ${input.files.length} file${input.files.length === 1 ? "" : "s"}…`));
        try {
          const r = await upload([...input.files]);
          clear(status).append(
            h("p", null, `${r.ingested} ingested · ${r.duplicate} duplicate · ${r.failed} failed`),
            h(
              "table",
              { class: "data" },
              h("thead", null, h("tr", null, h("th", null, "File"), h("th", null, "Status"), h("th", null, "Document / reason"))),
              h(
                "tbody",
                null,
                r.files.map((f) =>
                  h(
                    "tr",
                    null,
                    h("td", null, f.source),
                    h("td", null, badge(f.status, f.status === "failed" ? "deny" : f.status === "ingested" ? "assert" : "")),
                    h("td", null, f.doc ? link(`/documents/${encodeURIComponent(f.doc)}`, f.doc) : null, f.reason ? h("span", { class: "muted" }, ` ${f.reason}`) : null),
                  ),
                ),
              ),
            ),
          );
        } catch (err) {
          clear(status).append(h("p", { class: "error" }, err instanceof Error ? err.message : String(err)));
        } finally {
          button.disabled = false;
        }
      },
    },
    h("p", null, "Files are cleaned, analysed and merged into the knowledge base. Re-uploading the same bytes adds nothing."),
    h("div", { class: "inline-form" }, input, button),
  );
  return { node: h("div", null, heading("Ingest", "Add articles to the knowledge base"), form, status), title: "Ingest" };
}
