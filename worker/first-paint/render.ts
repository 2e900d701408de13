import { commonZh } from "../../web/i18n/common";
import { publicZh } from "../../web/i18n/public";
import { residentZh } from "../../web/i18n/resident";
import { baseEn } from "../../web/i18n/en";
import { parseFragment, serialize } from "parse5";
import { categoryLabel, type NoticeCategory } from "../../shared/rules/categories";
import { publicityDaysLeft } from "../../shared/rules/notices";
import { localNameIn, noticePath } from "../../shared/public-paths";
import { formatDateIn, formatDateTimeIn, type DisplayLang } from "../../shared/format";

/**
 * The first paint of the two pages a visitor most often lands on, as plain HTML in the same markup
 * and classes the app renders (web/pages/public/CommunityHome.tsx, NoticePage.tsx, Layout.tsx),
 * so the page shows its content as soon as the HTML arrives and the app, when it starts, puts the
 * same thing in its place. Everything interpolated goes through `esc`; a notice's body is the
 * server's sanitised HTML, as the app shows it, re-serialised by a spec-compliant parser first.
 */

/**
 * Sanitised HTML need not be well formed (an unclosed `<table>` survives the sanitiser). The app
 * puts it into a div with innerHTML, which contains it; in the page's own markup it would swallow
 * what follows, the app's root included. Parsed as a fragment and serialised, it is balanced.
 */
const balancedHtml = (html: string): string => serialize(parseFragment(html));

const dictionaries = {
  zh: { ...commonZh, ...publicZh, ...residentZh } as Record<string, string>,
  en: baseEn,
};

function tr(lang: DisplayLang, key: string, params: Record<string, string | number> = {}): string {
  let text = dictionaries[lang][key] ?? dictionaries.zh[key] ?? key;
  for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text or attribute value, escaped for HTML. */
export const esc = (value: unknown): string => String(value ?? "").replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

type Kind = "urban" | "village";

export type HomeData = {
  slug: string;
  name: string;
  nameEn: string;
  kind: Kind;
  address: string;
  officeHours: string;
  contactPhone: string;
  intro: string;
  street: { slug: string; name: string };
  officials: { body: string; name: string; post: string }[];
  notices: {
    pinned: NoticeItem[];
    latest: { category: NoticeCategory; items: NoticeItem[] }[];
  };
};

type NoticeItem = {
  id: string;
  category: NoticeCategory;
  title: string;
  status: string;
  pinned: boolean;
  version: number;
  firstPublishedAt: number | null;
  lastPublishedAt: number | null;
};

export type NoticeData = {
  id: string;
  status: string;
  version: number;
  shownVersion: number;
  firstPublishedAt: number | null;
  current: {
    category: NoticeCategory;
    title: string;
    bodyHtml: string;
    changeNote: string;
    publishedAt: number;
    publicityEndsAt: number;
  };
  withdrawal: { at: number; reason: string } | null;
};

/** The site's header and footer around a page, as Layout renders them for a visitor. */
export function chrome(lang: DisplayLang, main: string, elder = false): string {
  return `<a class="skip-link" href="#main">${esc(tr(lang, "nav.skip"))}</a>
<header class="site-header"><a href="/" class="brand"><span class="brand-mark" aria-hidden="true">邻</span><span class="brand-name">${esc(tr(lang, "app.name"))}</span></a>
<nav class="header-actions" aria-label="site"><button type="button" class="btn-link">${esc(tr(lang, "lang.toggle"))}</button><button type="button" class="btn-link" aria-pressed="${elder}">${esc(tr(lang, elder ? "elder.off" : "elder.on"))}</button><a href="/login" class="btn-link">${esc(tr(lang, "nav.login"))}</a></nav></header>
<main id="main" class="site-main" tabindex="-1">${main}</main>
<footer class="site-footer">${esc(tr(lang, "footer.text"))}</footer>`;
}

function noticeRow(
  lang: DisplayLang,
  n: NoticeItem,
  at: { street: string; community: string; kind: Kind },
  opts: { showCategory?: boolean; showPinned?: boolean },
): string {
  const when = n.lastPublishedAt ?? n.firstPublishedAt;
  return `<li class="notice-row"><a href="${esc(noticePath(at.street, at.community, n.id))}" class="notice-title">${esc(n.title)}</a><div class="meta notice-row-meta">${
    opts.showCategory ? `<span>${esc(categoryLabel(n.category, at.kind, lang))}</span>` : ""
  }<time${when ? ` datetime="${new Date(when).toISOString()}"` : ""}>${esc(formatDateIn(lang, when))}</time>${
    opts.showPinned && n.pinned ? `<span class="badge badge-info">${esc(tr(lang, "pub.badge.pinned"))}</span>` : ""
  }${n.status === "withdrawn" ? `<span class="badge badge-bad">${esc(tr(lang, "pub.badge.withdrawn"))}</span>` : ""}${
    n.version > 1
      ? `<span class="badge badge-warn">${esc(tr(lang, "pub.badge.corrected", { n: n.version }))}</span>`
      : ""
  }</div></li>`;
}

const card = (href: string, title: string, hint: string, testid: string) =>
  `<a href="${esc(href)}" class="card card-link" data-testid="${testid}"><strong>${esc(title)} →</strong><span class="meta">${esc(hint)}</span></a>`;

/** The community home, down to the latest notices (the officials and links below follow with the app). */
export function renderHome(lang: DisplayLang, c: HomeData): string {
  const at = { street: c.street.slug, community: c.slug, kind: c.kind };
  const base = `/${c.street.slug}/${c.slug}`;
  const village = c.kind === "village";
  const kv = [
    c.address ? `<dt>${esc(tr(lang, "pub.home.address"))}</dt><dd>${esc(c.address)}</dd>` : "",
    c.officeHours ? `<dt>${esc(tr(lang, "pub.home.officeHours"))}</dt><dd>${esc(c.officeHours)}</dd>` : "",
    c.contactPhone
      ? `<dt>${esc(tr(lang, "pub.home.phone"))}</dt><dd><a href="tel:${esc(c.contactPhone.replace(/[^\d+]/g, ""))}">${esc(c.contactPhone)}</a></dd>`
      : "",
  ].join("");
  const pinned =
    c.notices.pinned.length > 0
      ? `<section class="card" aria-labelledby="pinned-h"><h2 id="pinned-h">${esc(tr(lang, "pub.home.pinned"))}</h2><ul class="list">${c.notices.pinned
          .map((n) => noticeRow(lang, n, at, { showCategory: true }))
          .join("")}</ul></section>`
      : "";
  const latest =
    c.notices.latest.length > 0
      ? c.notices.latest
          .map((g) => {
            const label = categoryLabel(g.category, c.kind, lang);
            return `<div class="card"><h3>${esc(label)}</h3><ul class="list">${g.items
              .map((n) => noticeRow(lang, n, at, { showPinned: true }))
              .join("")}</ul><p class="card-more"><a href="${esc(`${base}/notices?category=${g.category}`)}">${esc(
              tr(lang, "pub.home.moreOf", { category: label }),
            )}</a></p></div>`;
          })
          .join("")
      : `<div class="state state-empty">${esc(tr(lang, "pub.home.noNotices"))}</div>`;
  return `<nav class="crumbs" aria-label="${esc(tr(lang, "pub.crumbs"))}"><a href="/">${esc(tr(lang, "pub.backDirectory"))}</a></nav>
<header class="community-head"><p class="meta">${esc(c.street.name)}</p><h1>${esc(localNameIn(lang, c))}</h1><p class="head-badges"><span class="badge ${
    village ? "badge-ok" : "badge-info"
  }">${esc(tr(lang, village ? "kind.village" : "kind.urban"))}</span>${
    lang === "en" && c.nameEn ? `<span class="meta"> ${esc(c.name)}</span>` : ""
  }</p>${c.intro ? `<p>${esc(c.intro)}</p>` : ""}</header>
<section class="card" aria-labelledby="profile-h"><h2 id="profile-h">${esc(
    tr(lang, village ? "pub.home.profileVillage" : "pub.home.profile"),
  )}</h2><dl class="kv">${kv}</dl></section>
${card(`${base}/grids`, tr(lang, "res.grids.link"), tr(lang, "res.grids.linkHint"), "grids-link")}
${card(`${base}/finance`, tr(lang, "pub.home.finance"), tr(lang, "pub.home.financeHint"), "finance-link")}
<div class="card card-link" data-testid="meetings-card"><a href="${esc(`${base}/meetings`)}"><strong>${esc(
    tr(lang, "pub.home.meetings"),
  )} →</strong></a><span class="meta">${esc(tr(lang, "pub.home.meetingsHint"))}</span><a href="${esc(`${base}/decisions`)}">${esc(
    tr(lang, "pub.home.decisions"),
  )} →</a></div>
${card(`${base}/polls`, tr(lang, "pub.home.polls"), tr(lang, "pub.home.pollsHint"), "polls-link")}
${card(`${base}/volunteers`, tr(lang, "pub.home.volunteers"), tr(lang, "pub.home.volunteersHint"), "volunteers-link")}
<div class="card card-link" data-testid="cases-card"><a href="${esc(`${base}/ask`)}"><strong>${esc(
    tr(lang, "pub.home.ask"),
  )} →</strong></a><span class="meta">${esc(tr(lang, "pub.home.askHint"))}</span><a href="${esc(`${base}/cases`)}">${esc(
    tr(lang, "pub.home.caseStats"),
  )} →</a></div>
${pinned}
<section aria-labelledby="latest-h"><h2 id="latest-h">${esc(tr(lang, "pub.home.latest"))}</h2>${latest}<div class="btn-row"><a href="${esc(
    `${base}/notices`,
  )}" class="btn btn-primary">${esc(tr(lang, "pub.home.allNotices"))}</a></div></section>`;
}

/** A notice page down to its body (attachments, history and the log follow with the app). */
export function renderNotice(
  lang: DisplayLang,
  at: { street: string; community: string; communityName: string; kind: Kind },
  n: NoticeData,
  now: number,
): string {
  const base = `/${at.street}/${at.community}`;
  const historic = n.shownVersion !== n.version;
  const daysLeft = publicityDaysLeft(n.current.publicityEndsAt, now);
  const ends =
    n.status !== "withdrawn" && !historic
      ? ` <span class="badge ${daysLeft > 0 ? "badge-ok" : "badge-muted"}">${esc(
          daysLeft > 0 ? tr(lang, "pub.notice.daysLeft", { n: daysLeft }) : tr(lang, "pub.notice.publicityEnded"),
        )}</span>`
      : "";
  return `<article class="notice-page"><nav class="crumbs" aria-label="${esc(tr(lang, "pub.crumbs"))}"><a href="${esc(base)}">← ${esc(
    at.communityName,
  )}</a> · <a href="${esc(`${base}/notices`)}">${esc(tr(lang, "pub.list.title"))}</a></nav>
${
  historic
    ? `<div class="banner banner-warn" role="note"><strong>${esc(tr(lang, "pub.notice.historic", { n: n.shownVersion }))}</strong> <a href="${esc(
        noticePath(at.street, at.community, n.id),
      )}">${esc(tr(lang, "pub.notice.toCurrent", { n: n.version }))}</a></div>`
    : ""
}<h1 class="notice-h1">${esc(n.current.title)}</h1>
<p class="head-badges"><span class="badge badge-muted">${esc(categoryLabel(n.current.category, at.kind, lang))}</span> <span class="badge ${
    n.shownVersion > 1 ? "badge-warn" : "badge-muted"
  }" data-testid="notice-version">${esc(tr(lang, "pub.notice.version", { n: n.shownVersion }))}</span> ${
    n.status === "withdrawn" ? `<span class="badge badge-bad">${esc(tr(lang, "pub.badge.withdrawn"))}</span>` : ""
  }</p>
<dl class="kv notice-meta"><dt>${esc(tr(lang, "pub.notice.published"))}</dt><dd><time datetime="${new Date(
    n.current.publishedAt,
  ).toISOString()}">${esc(formatDateTimeIn(lang, n.current.publishedAt))}</time></dd>${
    n.shownVersion > 1 && n.firstPublishedAt
      ? `<dt>${esc(tr(lang, "pub.notice.firstPublished"))}</dt><dd>${esc(formatDateTimeIn(lang, n.firstPublishedAt))}</dd>`
      : ""
  }<dt>${esc(tr(lang, "pub.notice.publicityUntil"))}</dt><dd>${esc(formatDateIn(lang, n.current.publicityEndsAt))}${ends}</dd></dl>
${
  n.withdrawal
    ? `<div class="banner banner-bad" role="note" data-testid="withdrawn-banner"><strong>${esc(
        tr(lang, "pub.notice.withdrawnTitle"),
      )}</strong><dl class="kv"><dt>${esc(tr(lang, "pub.notice.withdrawnAt"))}</dt><dd>${esc(
        formatDateTimeIn(lang, n.withdrawal.at),
      )}</dd><dt>${esc(tr(lang, "pub.notice.withdrawReason"))}</dt><dd>${esc(n.withdrawal.reason)}</dd></dl></div>`
    : ""
}${
    n.current.changeNote
      ? `<div class="banner banner-info" role="note"><strong>${esc(
          tr(lang, "pub.notice.changeNote", { n: n.shownVersion }),
        )}</strong> ${esc(n.current.changeNote)}</div>`
      : ""
  }
<div class="markdown card notice-body">${balancedHtml(n.current.bodyHtml)}</div></article>`;
}
