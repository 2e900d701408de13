import { A, useParams, useSearchParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { CASE_CATEGORIES, CASE_KINDS, type CaseKind } from "../../../shared/rules/cases";
import { categoryLabel, kindLabel } from "../../components/cases/common";
import { PhotoPicker, uploadPhotos } from "../../components/cases/photos";
import { communityQuery, noticeQuery } from "../../components/public/queries";
import { subjectText, type CaseSubject } from "../../components/cases/subject";
import { financePath, noticePath } from "../../../shared/public-paths";
import { copyText, localName, useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { useMe } from "../../lib/session";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";

type Params = { street: string; community: string };
type Filed = { id: string; trackingCode: string; photos: number; problems: string[] };

/**
 * "/:street/:community/ask": raise a request, complaint, suggestion or dispute — phone first. A
 * resident of the community files as themself (and may add photos); anyone else leaves a name
 * and phone. Afterwards the tracking code, to follow it at /track/{code}.
 */
export default function FileCase() {
  const params = useParams<Params>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const me = useMe();
  const [filed, setFiled] = createSignal<Filed | null>(null);
  const name = () => (community.data ? localName(community.data) : "");
  useTitle(() => t("case.ask.title"));

  /** A logged-in resident of this community files as themself. */
  const resident = () => {
    const u = me.data;
    return u && u.role === "resident" && u.street?.slug === params.street && u.community?.slug === params.community
      ? u
      : null;
  };

  return (
    <div class="narrow case-page">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={`/${params.street}/${params.community}`}>{name() ? `← ${name()}` : t("case.stats.back")}</A>
      </nav>
      <h1>{name() ? t("case.ask.titleOf", { community: name() }) : t("case.ask.title")}</h1>
      <Show
        when={filed()}
        fallback={
          <Show when={!me.isPending}>
            <CaseForm params={params} resident={resident()} loggedIn={!!me.data} onFiled={setFiled} />
          </Show>
        }
      >
        {(f) => <Confirmation filed={f()} resident={!!resident()} onAnother={() => setFiled(null)} />}
      </Show>
    </div>
  );
}

function CaseForm(props: {
  params: Params;
  resident: { displayName: string } | null;
  loggedIn: boolean;
  onFiled: (f: Filed) => void;
}) {
  const grids = createQuery(() => ({
    queryKey: ["directory.grids", props.params.street, props.params.community],
    queryFn: () => api.directory.grids.query({ street: props.params.street, community: props.params.community }),
  }));
  // From a notice or finance page (?notice=id or ?period=2026-Q1): a complaint about that disclosure.
  const [search] = useSearchParams<{ notice?: string; period?: string }>();
  const { street, community } = props.params;
  const notice = createQuery(() => ({
    ...noticeQuery(street, community, search.notice ?? ""),
    enabled: Boolean(search.notice),
    retry: false,
  }));
  const period = createQuery(() => ({
    queryKey: ["finance.published", street, community, search.period ?? ""],
    queryFn: () => api.finance.published.query({ street, community, period: search.period ?? "" }),
    enabled: Boolean(search.period),
    retry: false,
  }));
  const about = (): CaseSubject | undefined => {
    const n = notice.data;
    if (search.notice && n)
      return { kind: "notice", id: n.id, title: n.current.title, path: noticePath(street, community, n.id) };
    const p = period.data;
    if (search.period && p)
      return { kind: "period", id: p.id, period: p.period, path: financePath(street, community, p.period) };
    return undefined;
  };
  const named = Boolean(search.notice || search.period);
  const [kind, setKind] = createSignal<CaseKind>(named ? "complaint" : "request");
  const [category, setCategory] = createSignal<(typeof CASE_CATEGORIES)[number]>(named ? "disclosure" : "environment");
  const [dropped, setDropped] = createSignal(false);
  // Only a complaint about disclosure names what it disputes.
  const subject = () => (!dropped() && kind() === "complaint" && category() === "disclosure" ? about() : undefined);
  const aboutMissing = () => !dropped() && (notice.isError || period.isError);
  const [description, setDescription] = createSignal("");
  const [place, setPlace] = createSignal("");
  const [gridId, setGridId] = createSignal("");
  const [contactName, setContactName] = createSignal("");
  const [contactPhone, setContactPhone] = createSignal("");
  const [photos, setPhotos] = createSignal<File[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal("");
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal("");
  const next = () => `/${props.params.street}/${props.params.community}/ask`;

  async function submit(e: Event) {
    e.preventDefault();
    if (busy()) return;
    setErrors({});
    setError("");
    setBusy(true);
    try {
      const res = await api.cases.file.mutate({
        street: props.params.street,
        community: props.params.community,
        kind: kind(),
        category: category(),
        description: description(),
        place: place(),
        gridId: gridId() || null,
        contactName: props.resident ? "" : contactName(),
        contactPhone: props.resident ? "" : contactPhone(),
        noticeId: subject()?.kind === "notice" ? subject()!.id : null,
        periodId: subject()?.kind === "period" ? subject()!.id : null,
      });
      const files = props.resident ? photos() : [];
      const { done, problems } = await uploadPhotos(res.id, files, setProgress);
      props.onFiled({ ...res, photos: done, problems });
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      setProgress("");
    }
  }

  const field = (f: string) => ({
    "aria-invalid": errors()[f] ? ("true" as const) : undefined,
    "aria-describedby": `case-${f}-error`,
  });
  const err = (f: string) => (
    <span class="error" id={`case-${f}-error`}>
      {errors()[f] ?? ""}
    </span>
  );

  return (
    <form class="card case-form" data-testid="case-form" onSubmit={submit} novalidate>
      <p class="meta">{t("case.ask.intro")}</p>

      <Show when={subject()}>
        {(s) => (
          <div class="banner banner-info case-about" data-testid="case-about">
            <p>
              <strong>{t("subject.label")}：</strong>
              {subjectText(s())}
            </p>
            <p class="meta">{t("case.subject.hint")}</p>
            <button type="button" class="btn btn-small" onClick={() => setDropped(true)} data-testid="case-about-drop">
              {t("case.subject.drop")}
            </button>
            {err("noticeId")}
            {err("periodId")}
          </div>
        )}
      </Show>
      <Show when={aboutMissing()}>
        <p class="banner banner-warn" role="status" data-testid="case-about-missing">
          {t("case.subject.missing")}
        </p>
      </Show>

      <fieldset class="field case-kinds">
        <legend>{t("case.field.kind")}</legend>
        <For each={CASE_KINDS}>
          {(k) => (
            <label class="case-kind-option" classList={{ selected: kind() === k }}>
              <input
                type="radio"
                name="case-kind"
                value={k}
                checked={kind() === k}
                onChange={() => setKind(k)}
                data-testid="case-kind"
              />
              <span>
                <strong>{kindLabel(k)}</strong>
                <span class="meta case-kind-hint">{t(`case.kindHint.${k}` as Key)}</span>
              </span>
            </label>
          )}
        </For>
        {err("kind")}
      </fieldset>

      <div class="field">
        <label for="case-category">{t("case.field.category")}</label>
        <select
          id="case-category"
          value={category()}
          onChange={(e) => setCategory(e.currentTarget.value as (typeof CASE_CATEGORIES)[number])}
          data-testid="case-category"
          {...field("category")}
        >
          <For each={CASE_CATEGORIES}>
            {(c) => (
              <option value={c} selected={c === category()}>
                {categoryLabel(c)}
              </option>
            )}
          </For>
        </select>
        {err("category")}
      </div>

      <div class="field">
        <label for="case-description">{t("case.field.description")}</label>
        <textarea
          id="case-description"
          class="prose"
          rows={5}
          maxLength={2000}
          required
          value={description()}
          onInput={(e) => setDescription(e.currentTarget.value)}
          data-testid="case-description"
          aria-invalid={errors().description ? "true" : undefined}
          aria-describedby="case-description-hint case-description-error"
        />
        <span class="hint" id="case-description-hint">
          {t("case.field.descriptionHint")}
        </span>
        {err("description")}
      </div>

      <Show when={(grids.data ?? []).length > 0}>
        <div class="field">
          <label for="case-grid">{t("case.field.grid")}</label>
          <select
            id="case-grid"
            value={gridId()}
            onChange={(e) => setGridId(e.currentTarget.value)}
            data-testid="case-grid"
            aria-invalid={errors().gridId ? "true" : undefined}
            aria-describedby="case-grid-hint case-gridId-error"
          >
            <option value="">{t("case.field.gridNone")}</option>
            <For each={grids.data}>
              {(g) => <option value={g.id}>{g.area ? `${g.name}（${g.area}）` : g.name}</option>}
            </For>
          </select>
          <span class="hint" id="case-grid-hint">
            {t("case.field.gridHint")}
          </span>
          {err("gridId")}
        </div>
      </Show>

      <div class="field">
        <label for="case-place">{t("case.field.place")}</label>
        <input
          id="case-place"
          maxLength={200}
          value={place()}
          placeholder={t("case.field.placeHint")}
          onInput={(e) => setPlace(e.currentTarget.value)}
          data-testid="case-place"
          {...field("place")}
        />
        {err("place")}
      </div>

      <Show
        when={props.resident}
        fallback={
          <fieldset class="field case-contact">
            <legend>{t("case.field.contactName")}</legend>
            <p class="hint">{t(props.loggedIn ? "case.contact.otherCommunity" : "case.contact.why")}</p>
            <Show when={!props.loggedIn}>
              <p>
                <A href={`/login?next=${encodeURIComponent(next())}`}>{t("case.contact.login")}</A>
              </p>
            </Show>
            <div class="field">
              <label for="case-contactName">{t("case.field.contactName")}</label>
              <input
                id="case-contactName"
                maxLength={40}
                autocomplete="name"
                value={contactName()}
                onInput={(e) => setContactName(e.currentTarget.value)}
                data-testid="case-contact-name"
                {...field("contactName")}
              />
              {err("contactName")}
            </div>
            <div class="field">
              <label for="case-contactPhone">{t("case.field.contactPhone")}</label>
              <input
                id="case-contactPhone"
                type="tel"
                inputmode="tel"
                autocomplete="tel"
                maxLength={20}
                value={contactPhone()}
                onInput={(e) => setContactPhone(e.currentTarget.value)}
                data-testid="case-contact-phone"
                {...field("contactPhone")}
              />
              {err("contactPhone")}
            </div>
          </fieldset>
        }
      >
        {(r) => (
          <>
            <p class="meta case-as">{t("case.contact.asResident", { name: r().displayName })}</p>
            <PhotoPicker files={photos()} onChange={setPhotos} />
          </>
        )}
      </Show>

      <Show when={error() && Object.keys(errors()).length === 0}>
        <p class="case-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={progress()}>
        <p class="meta" role="status" aria-live="polite">
          {progress()}
        </p>
      </Show>
      <button type="submit" class="btn btn-primary btn-block case-big" disabled={busy()} data-testid="case-submit">
        {busy() ? t("case.submitting") : t("case.submit")}
      </button>
    </form>
  );
}

function Confirmation(props: { filed: Filed; resident: boolean; onAnother: () => void }) {
  const [copied, setCopied] = createSignal(false);
  let codeEl: HTMLElement | undefined;
  const code = () => props.filed.trackingCode;
  return (
    <section class="card case-filed" data-testid="case-filed" data-case-id={props.filed.id} role="status">
      <h2>✓ {t("case.filed.title")}</h2>
      <p>{t("case.filed.text")}</p>
      <p class="case-code-row">
        <span class="meta">{t("case.filed.code")}</span>
        <code class="case-code" data-testid="case-tracking-code" ref={codeEl}>
          {code()}
        </code>
        <button
          type="button"
          class="btn"
          onClick={async () => setCopied(await copyText(code(), codeEl))}
          data-testid="case-copy-code"
        >
          {copied() ? t("case.filed.copied") : t("case.filed.copy")}
        </button>
      </p>
      <Show when={props.filed.photos > 0}>
        <p class="meta">{t("case.filed.photos", { n: props.filed.photos })}</p>
      </Show>
      <For each={props.filed.problems}>{(p) => <p class="case-error">{p}</p>}</For>
      <div class="btn-row">
        <A href={`/track/${encodeURIComponent(code())}`} class="btn btn-primary" data-testid="case-track-link">
          {t("case.filed.track")}
        </A>
        <Show when={props.resident}>
          <A href="/me/cases" class="btn" data-testid="case-mine-link">
            {t("case.filed.mine")}
          </A>
        </Show>
        <button type="button" class="btn" onClick={() => props.onAnother()}>
          {t("case.filed.another")}
        </button>
      </div>
    </section>
  );
}
