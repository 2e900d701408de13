import "../../i18n/console";
import { useLocation } from "@solidjs/router";
import { createEffect, For, Show, type JSX } from "solid-js";

export type NavItem = {
  href: string;
  label: string;
  match: (path: string) => boolean;
  /** A count shown beside the label (`text`), read out as `label`. */
  badge?: () => { text: string; label: string } | null;
};

/** The console menu; an item is active when `match` says the current path belongs to it. */
export function ConsoleNav(props: { label: string; items: NavItem[]; footer?: JSX.Element }) {
  const location = useLocation();
  let nav!: HTMLElement;
  // On phones the menu is a scrolling strip: keep the current item in view.
  createEffect(() => {
    location.pathname;
    const a = nav.querySelector<HTMLElement>("a.active");
    if (a && nav.scrollWidth > nav.clientWidth)
      nav.scrollLeft = a.offsetLeft - nav.offsetLeft - (nav.clientWidth - a.offsetWidth) / 2;
  });
  return (
    <nav ref={nav} class="console-nav" aria-label={props.label}>
      <For each={props.items}>
        {(item) => {
          const active = () => item.match(location.pathname.replace(/\/+$/, "") || "/");
          return (
            <a href={item.href} classList={{ active: active() }} aria-current={active() ? "page" : undefined}>
              {item.label}
              <Show when={item.badge?.()}>
                {(b) => (
                  <span class="badge badge-bad nav-badge" title={b().label}>
                    <span aria-hidden="true">{b().text}</span>
                    <span class="sr-only">{b().label}</span>
                  </span>
                )}
              </Show>
            </a>
          );
        }}
      </For>
      {props.footer}
    </nav>
  );
}

/** Header line of a console: where the user works and as what. */
export function ConsoleHeader(props: { title: string; place: string; role: string }) {
  return (
    <div class="console-head">
      <span class="console-title">{props.title}</span>
      <span class="console-place">{props.place}</span>
      <span class="badge badge-info">{props.role}</span>
    </div>
  );
}
