import { marked } from "marked";
import { filterXSS, safeAttrValue, whiteList } from "xss";

const allowed = {
  ...whiteList,
  a: ["href", "title", "target", "rel"],
  img: ["src", "alt", "title", "width", "height"],
  td: ["align", "colspan", "rowspan"],
  th: ["align", "colspan", "rowspan"],
  input: ["type", "checked", "disabled"],
};

/** Markdown → HTML that is safe to insert: marked renders, js-xss keeps only whitelisted tags. */
export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false, gfm: true, breaks: true });
  return filterXSS(html, {
    whiteList: allowed,
    stripIgnoreTag: true,
    stripIgnoreTagBody: ["script", "style"],
    safeAttrValue(tag, name, value, cssFilter) {
      if ((name === "href" || name === "src") && !/^(https?:|mailto:|tel:|\/|#)/i.test(value.trim())) return "";
      return safeAttrValue(tag, name, value, cssFilter);
    },
  });
}
