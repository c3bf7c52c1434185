// Ingest: upload files (.txt .html .json .jsonl .gz) and see what happened to each.
import { h, clear, link } from "../dom.js";
import { get, upload } from "../api.js";
import { heading, badge } from "../components.js";

/** Text for the background job state of GET /api/jobs. */
function jobText(j) {
  if (j.state === "running") {
    if (j.phase === "analyse" && j.total) return `Knowledge base: analysing documents ${j.done} of ${j.total}…`;
    if (j.phase === "build") return "Knowledge base: merging entities, events and claims across documents…";
    return "Knowledge base: starting an update…";
  }
  if (j.last_error) return `Knowledge base update failed: ${j.last_error.message}`;
  if (j.last)
    return `Knowledge base up to date (${j.last.documents} documents, last update ${Math.round(j.last.ms / 100) / 10} s).`;
  return "Knowledge base up to date.";
}

/**
 * Polls GET /api/jobs every 1.5 s while the ingest view is on screen and shows the background
 * analysis / rebuild with a progress bar; stops when the element leaves the page.
 */
function jobProgress() {
  const text = h("span", null, "");
  const bar = h("progress", { max: 1, value: 0, "aria-label": "Knowledge-base update progress" });
  const box = h("p", { class: "job-progress muted", "aria-live": "polite" }, text, " ", bar);
  let timer = null;
  const tick = async () => {
    if (!box.isConnected && timer !== null) return; // the view was left: stop polling
    try {
      const j = await get("jobs");
      text.textContent = jobText(j);
      bar.hidden = j.state !== "running";
      if (j.phase === "analyse" && j.total) {
        bar.max = j.total;
        bar.value = j.done;
      } else bar.removeAttribute("value"); // indeterminate while merging
    } catch (err) {
      text.textContent = `Cannot read the job status: ${err instanceof Error ? err.message : String(err)}`;
    }
    timer = setTimeout(tick, 1500);
  };
  tick();
  return box;
}

export default async function ingest() {
  const input = h("input", {
    type: "file",
    name: "files",
    multiple: true,
    accept: ".txt,.html,.htm,.json,.jsonl,.gz",
    "aria-label": "Files to ingest",
  });
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
        clear(status).append(
          h("p", { class: "muted" }, `Ingesting ${input.files.length} file${input.files.length === 1 ? "" : "s"}…`),
        );
        try {
          const r = await upload([...input.files]);
          clear(status).append(
            h("p", null, `${r.ingested} ingested · ${r.duplicate} duplicate · ${r.failed} failed`),
            h(
              "table",
              { class: "data" },
              h(
                "thead",
                null,
                h("tr", null, h("th", null, "File"), h("th", null, "Status"), h("th", null, "Document / reason")),
              ),
              h(
                "tbody",
                null,
                r.files.map((f) =>
                  h(
                    "tr",
                    null,
                    h("td", null, f.source),
                    h(
                      "td",
                      null,
                      badge(f.status, f.status === "failed" ? "deny" : f.status === "ingested" ? "assert" : ""),
                    ),
                    h(
                      "td",
                      null,
                      f.doc ? link(`/documents/${encodeURIComponent(f.doc)}`, f.doc) : null,
                      f.reason ? h("span", { class: "muted" }, ` ${f.reason}`) : null,
                    ),
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
    h(
      "p",
      null,
      "Files are cleaned and stored at once; analysis and the knowledge-base update run in the background (progress below). Re-uploading the same bytes adds nothing.",
    ),
    h("div", { class: "inline-form" }, input, button),
  );
  return {
    node: h("div", null, heading("Ingest", "Add articles to the knowledge base"), form, jobProgress(), status),
    title: "Ingest",
  };
}
