import "../../i18n/console";
import { useLocation } from "@solidjs/router";
import { For, type JSX } from "solid-js";

export type NavItem = { href: string; label: string; match: (path: string) => boolean };

/** The console menu; an item is active when `match` says the current path belongs to it. */
export function ConsoleNav(props: { label: string; items: NavItem[]; footer?: JSX.Element }) {
  const location = useLocation();
  return (
    <nav class="console-nav" aria-label={props.label}>
      <For each={props.items}>
        {(item) => {
          const active = () => item.match(location.pathname.replace(/\/+$/, "") || "/");
          return (
            <a href={item.href} classList={{ active: active() }} aria-current={active() ? "page" : undefined}>
              {item.label}
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
