import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../shared/markdown";

describe("renderMarkdown", () => {
  it("removes script tags and their content", () => {
    const html = renderMarkdown('公告\n\n<script>alert("x")</script>\n\n正文');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('alert("x")');
    expect(html).toContain("公告");
    expect(html).toContain("正文");
  });

  it("removes inline event handlers", () => {
    const html = renderMarkdown(
      '<img src="https://example.org/a.png" onerror="alert(1)">\n\n<p onclick="x()">段落</p>',
    );
    expect(html).not.toMatch(/onerror|onclick/i);
    expect(html).not.toContain("alert(1)");
    expect(html).toContain("段落");
  });

  it("removes javascript: links in markdown and in HTML, however spelled", () => {
    for (const md of [
      "[点我](javascript:alert(1))",
      '<a href="javascript:alert(1)">点我</a>',
      '<a href="JaVaScRiPt:alert(1)">点我</a>',
      '<a href=" javascript:alert(1)">点我</a>',
      '<a href="javascript&#58;alert(1)">点我</a>',
      '<a href="vbscript:msgbox(1)">点我</a>',
      '<a href="data:text/html,<script>alert(1)</script>">点我</a>',
    ]) {
      const html = renderMarkdown(md);
      expect(html, md).not.toMatch(/javascript|vbscript|data:/i);
      expect(html, md).not.toMatch(/<script/i);
    }
  });

  it("removes iframes, styles and forms", () => {
    const html = renderMarkdown(
      '<iframe src="https://evil.example"></iframe><style>body{display:none}</style><form action="/x"><input name="q"></form>文字',
    );
    expect(html).not.toMatch(/<iframe|<style|<form/i);
    expect(html).not.toContain("display:none");
    expect(html).toContain("文字");
  });

  it("keeps tables", () => {
    const html = renderMarkdown("| 户主 | 金额 |\n| --- | ---: |\n| 王*明 | 1,500.00 |");
    expect(html).toMatch(/<table>/);
    expect(html).toMatch(/<th[^>]*>户主<\/th>/);
    expect(html).toMatch(/<td[^>]*>王\*明<\/td>/);
    expect(html).toMatch(/<td align="right">1,500.00<\/td>/);
  });

  it("keeps safe links: http(s), mailto, tel, relative and anchors", () => {
    const html = renderMarkdown(
      "[官网](https://example.org/a?b=1) [邮件](mailto:jwh@example.org) [电话](tel:021-55501234) [本站](/demo-street/hehua) [锚](#top)",
    );
    expect(html).toContain('<a href="https://example.org/a?b=1">官网</a>');
    expect(html).toContain('<a href="mailto:jwh@example.org">邮件</a>');
    expect(html).toContain('<a href="tel:021-55501234">电话</a>');
    expect(html).toContain('<a href="/demo-street/hehua">本站</a>');
    expect(html).toContain('<a href="#top">锚</a>');
  });

  it("keeps headings, lists, emphasis and line breaks", () => {
    const html = renderMarkdown("## 一、事项\n\n1. 第一\n2. 第二\n\n**重要**\n第二行");
    expect(html).toMatch(/<h2[^>]*>一、事项<\/h2>/);
    expect(html).toMatch(/<ol>\s*<li>第一<\/li>/);
    expect(html).toContain("<strong>重要</strong>");
    expect(html).toMatch(/<br\s*\/?>/);
  });
});
