import type { CleanedPage, PageInput } from "../model/pipeline.js";

/**
 * A cleaner that keeps the text as it is (title = first line): for tests and benchmarks that
 * measure storage, crash safety or the queue rather than cleaning. Never used on real input.
 */
export function passThroughClean(page: PageInput): CleanedPage {
  const text = page.content.trim();
  return {
    title: text.split("\n", 1)[0] || null,
    byline: null,
    authors: [],
    translators: [],
    outlet: null,
    url: null,
    published: null,
    published_source: "none",
    modified: null,
    lang: "en",
    text,
    credits: [],
    warnings: [],
  };
}
