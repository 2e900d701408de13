import { describe, expect, it } from "vitest";
import { chrome, esc, renderHome, renderNotice, type HomeData, type NoticeData } from "../../worker/first-paint/render";
import { pageRoute } from "../../worker/first-paint/routes";

const route = (path: string) => pageRoute(new URL(`https://linli.example${path}`));

describe("which navigations get a first paint", () => {
  it("a community home and a notice page, with an older version when asked", () => {
    expect(route("/demo-street/hehua")).toEqual({ page: "home", street: "demo-street", community: "hehua" });
    expect(route("/demo-street/hehua/")).toEqual({ page: "home", street: "demo-street", community: "hehua" });
    expect(route("/demo-street/hehua/notices/01J0")).toEqual({
      page: "notice",
      street: "demo-street",
      community: "hehua",
      id: "01J0",
    });
    expect(route("/demo-street/hehua/notices/01J0?v=2")).toMatchObject({ version: 2 });
    expect(route("/demo-street/hehua/notices/01J0?v=x")).not.toHaveProperty("version");
  });

  it("not the app's own paths, other pages or malformed ones", () => {
    for (const path of [
      "/",
      "/login",
      "/me/votes",
      "/admin/notices",
      "/street/communities",
      "/track/ABC123",
      "/verify/volunteer/X",
      "/demo-street/assessment",
      "/demo-street/hehua/notices",
      "/demo-street/hehua/finance/2026-Q1",
      "/demo-street/hehua/notices/%E0%A4%A",
      "/Demo/hehua",
      "/demo-street/he_hua",
    ])
      expect(route(path), path).toBeNull();
  });
});

const PAYLOAD = `<img src=x onerror="alert(1)">'"&`;
const home: HomeData = {
  slug: "hehua",
  name: `荷花社区${PAYLOAD}`,
  nameEn: "Hehua",
  kind: "urban",
  address: PAYLOAD,
  officeHours: "",
  contactPhone: "010-1234 5678",
  intro: PAYLOAD,
  street: { slug: "demo-street", name: PAYLOAD },
  officials: [],
  notices: {
    pinned: [],
    latest: [
      {
        category: "affairs",
        items: [
          {
            id: `a"b`,
            category: "affairs",
            title: PAYLOAD,
            status: "withdrawn",
            pinned: true,
            version: 2,
            firstPublishedAt: Date.UTC(2026, 0, 1),
            lastPublishedAt: Date.UTC(2026, 0, 2, 16, 30),
          },
        ],
      },
    ],
  },
};

describe("the first paint", () => {
  it("escapes every value it shows", () => {
    expect(esc(PAYLOAD)).toBe("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&quot;&amp;");
    const html = chrome("zh", renderHome("zh", home));
    expect(html).not.toContain("<img");
    expect(html).not.toContain('onerror="');
    expect(html).toContain('href="/demo-street/hehua/notices/a%22b"');
    expect(html).toContain('href="tel:01012345678"');
  });

  it("shows the elder-mode toggle as the reader left it", () => {
    expect(chrome("zh", "")).toContain('aria-pressed="false">长辈模式<');
    expect(chrome("zh", "", true)).toContain('aria-pressed="true">标准模式<');
    expect(chrome("en", "", true)).toContain('aria-pressed="true">Standard text<');
  });

  it("shows what the app shows: badges, Beijing dates, the category's name, both languages", () => {
    const zh = renderHome("zh", home);
    expect(zh).toContain("居务公开");
    expect(zh).toContain("已撤回");
    expect(zh).toContain("已更正 第2版");
    expect(zh).toContain("2026/01/03"); // 16:30 UTC on the 2nd is the 3rd in Beijing
    const en = renderHome("en", home);
    expect(en).toContain("Latest notices");
    expect(en).toContain("<h1>Hehua</h1>");
    const empty = renderHome("zh", { ...home, notices: { pinned: [], latest: [] } });
    expect(empty).toContain("暂无公告");
  });

  it("balances a body the sanitiser left unclosed, so it cannot swallow the page after it", () => {
    const body = `<table><tr><td>x<mglyph>&lt;img src=x onerror="a"&gt;`;
    const html = renderNotice(
      "zh",
      { street: "s", community: "c", communityName: "荷花", kind: "urban" },
      {
        id: "n1",
        status: "published",
        version: 1,
        shownVersion: 1,
        firstPublishedAt: 0,
        current: {
          category: "affairs",
          title: "t",
          bodyHtml: body,
          changeNote: "",
          publishedAt: 0,
          publicityEndsAt: 0,
        },
        withdrawal: null,
      },
      0,
    );
    expect(html).toMatch(
      /<div class="markdown card notice-body"><table><tbody><tr><td>x.*<\/td><\/tr><\/tbody><\/table><\/div><\/article>$/,
    );
    expect(html).not.toContain("<img");
  });

  it("puts a notice's sanitised body in as it is and escapes the rest", () => {
    const n: NoticeData = {
      id: "n1",
      status: "published",
      version: 2,
      shownVersion: 1,
      firstPublishedAt: Date.UTC(2026, 0, 1),
      current: {
        category: "finance",
        title: PAYLOAD,
        bodyHtml: "<p>正文 <strong>加粗</strong></p>",
        changeNote: PAYLOAD,
        publishedAt: Date.UTC(2026, 0, 1),
        publicityEndsAt: Date.UTC(2026, 0, 16),
      },
      withdrawal: null,
    };
    const html = renderNotice("zh", { street: "s", community: "c", communityName: PAYLOAD, kind: "village" }, n, 0);
    expect(html).toContain("<p>正文 <strong>加粗</strong></p>");
    expect(html).not.toContain("<img");
    expect(html).toContain("第1版"); // an older version, with a way to the current one
    expect(html).toContain('href="/s/c/notices/n1"');
    expect(html).toContain("财务公开");
  });
});
